#pragma once

#include <prometheus/metric_family.h>

#include <mutex>
#include <string>
#include <vector>

#include "daemon/exposition/text_writer.h"
#include "metrics/series_names.h"

namespace micrometrics::daemon {

/// Something that owns series and writes them when a scrape asks, the way
/// prometheus-cpp's Collectable does, but straight into the exposition text:
/// the queue its depth, a listener its connections, the alerts their states.
/// Collect runs on an I/O thread while the owner goes on working, so it
/// reads what it writes with the owner's own synchronisation (atomics, a
/// snapshot under the owner's lock), never a copy pushed at it beforehand.
class Collectable {
 public:
  virtual ~Collectable() = default;
  virtual void Collect(TextWriter& out) const = 0;
};

/// The scrape: asks every registered owner for its series, in the order
/// they were registered. Owners are registered once, by the daemon, before
/// serving, and outlive the Exposition's use.
class Exposition {
 public:
  void Register(const Collectable& part);
  /// Every owner's families, then a flush.
  void Write(TextWriter& out) const;

 private:
  mutable std::mutex mu_;
  std::vector<const Collectable*> parts_;
};

/// The exposition text of one owner (tests, benchmarks, the report).
std::string Serialize(const Collectable& part);
std::string Serialize(const Exposition& exposition);

/// Writes families kept in prometheus-cpp types (owners whose series take
/// labels only known at run time, counted rarely: HTTP requests, alerts).
void WriteFamilies(TextWriter& out,
                   const std::vector<prometheus::MetricFamily>& families);

/// One family of a single unlabelled sample.
void WriteSingle(TextWriter& out, const series::Name& name, double value);

}  // namespace micrometrics::daemon
