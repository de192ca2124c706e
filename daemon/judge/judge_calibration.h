#pragma once

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "daemon/exposition/collectable.h"
#include "metrics/expiring_map.h"
#include "metrics/judge/calibration.h"
#include "metrics/verdict.h"

namespace micrometrics::daemon {

/// A judge's agreement with people as /api/v1/metrics and judge-calibrate
/// show it: n, the four cells ("pairs"), true_positive_rate,
/// true_negative_rate and kappa (null when unknown).
nlohmann::ordered_json AgreementJson(const metrics::Confusion& c);

/// A judge against people: remembers a judge's verdict and a person's label
/// (POST /v1/feedback with `metric` and `label`) for the same event, by
/// metric and event id, whichever comes first (bounded and expiring like
/// the feedback join: feedback.max_entries, feedback.ttl), and counts the
/// pair once both are known, under the event's labels. Exposes
/// micrometrics_judge_agreement_total; /api/v1/metrics reads ByMetric.
/// Thread-safe.
class JudgeCalibration final : public Collectable {
 public:
  JudgeCalibration(const config::FeedbackConfig& config,
                   std::vector<std::string> label_names);

  /// The judge's verdict on `event_id` (pass and fail count; others end
  /// what waits for it).
  void Judged(const std::string& metric, const std::string& event_id,
              metrics::Outcome outcome);
  /// A person's label; `labels`: the event's label values, when known.
  void Labelled(const std::string& metric, const std::string& event_id,
                bool fail, const std::vector<std::string>* labels);

  /// The pairs of each metric, over all label sets.
  std::map<std::string, metrics::Confusion> ByMetric() const;

  void Collect(TextWriter& out) const override;

 private:
  struct Pending {
    std::optional<metrics::Outcome> judge;
    std::optional<bool> human_fail;
    std::vector<std::string> labels;
  };
  void Pair(const std::string& metric, const Pending& p);

  std::vector<std::string> label_names_;
  metrics::ExpiringMap<Pending> pending_;
  mutable std::mutex mu_;
  // metric -> label values -> pairs; bounded by the label sets.
  std::map<std::string, std::map<std::vector<std::string>, metrics::Confusion>>
      counts_;
};

}  // namespace micrometrics::daemon
