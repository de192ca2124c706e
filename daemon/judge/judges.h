#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "daemon/exposition/collectable.h"
#include "metrics/event.h"
#include "metrics/micro_metric.h"
#include "metrics/verdict.h"

namespace micrometrics::daemon {

/// A judge's verdict on an event whose other verdicts were recorded when
/// it was evaluated.
struct LateVerdict {
  std::string metric;      ///< the judge metric's name
  std::string definition;  ///< what it was when asked (a reload may change it)
  metrics::Event event;    ///< without its long texts
  metrics::Verdict verdict;
  double seconds = 0;  ///< from offer to verdict, retries included
  std::chrono::system_clock::time_point now;
};

class JudgeRunner;

/// The judge metrics (`type: judge`) of the running config. The workers'
/// pipelines hand them the events they select (Offer, from Defer); each
/// judge samples, queues within its bounds and calls its endpoint on the
/// io_context, `queue.concurrency` calls at a time, never on a worker. The
/// verdicts come back on one recorder thread, which hands them to `record`
/// in batches (the daemon records them through its pipeline as late
/// verdicts). Thread-safety: Offer runs under the ReloadGate's Reader and
/// Configure under its Writer; the rest is guarded inside.
class Judges final : public Collectable {
 public:
  using Recorder = std::function<void(std::vector<LateVerdict>&)>;
  /// Verdicts waiting for the recorder, at most; more are dropped (logged).
  static constexpr size_t kMaxWaiting = 10000;

  Judges(boost::asio::io_context& ioc, Recorder record);
  ~Judges() override;
  Judges(const Judges&) = delete;
  Judges& operator=(const Judges&) = delete;

  /// The API keys of `metrics`' judges (their `api_key_file`), read before
  /// a start or reload changes anything. Throws std::runtime_error naming
  /// the metric and the file; a key is never logged.
  using Keys = std::map<std::string, std::string>;
  static Keys ReadKeys(const std::vector<metrics::MicroMetric>& metrics);

  /// Judges for `metrics` (start and reload): one whose definition and key
  /// are unchanged is kept with its queue, cache, budget and breaker; a
  /// removed or changed one stops (what it was asked is dropped).
  void Configure(const std::vector<metrics::MicroMetric>& metrics,
                 const Keys& keys);
  /// Metric `metric` (a judge) selected `event`; `failed`: which metrics
  /// failed it (for flagged_by), by index, possibly shorter or null.
  void Offer(size_t metric, const metrics::Event& event,
             std::chrono::system_clock::time_point now,
             const std::vector<char>* failed = nullptr);
  /// Shutdown: waiting events are dropped (reason shutdown), calls under
  /// way are abandoned, the verdicts already back are recorded.
  void Stop();

  void Collect(TextWriter& out) const override;

 private:
  void Deliver(LateVerdict verdict);
  void RecordLoop();

  boost::asio::io_context& ioc_;
  Recorder record_;
  mutable std::mutex runners_mu_;  // runners_ against Collect
  std::vector<std::shared_ptr<JudgeRunner>> runners_;  // by metric index
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<LateVerdict> waiting_;
  bool stopping_ = false;
  uint64_t lost_ = 0;
  std::thread recorder_;
};

}  // namespace micrometrics::daemon
