#include "daemon/judge/judge_calibration.h"

#include <algorithm>
#include <chrono>

#include "daemon/exposition/text_writer.h"
#include "metrics/series_names.h"

namespace micrometrics::daemon {
namespace {

std::string KeyOf(const std::string& metric, const std::string& event_id) {
  return metric + '\x1f' + event_id;
}

nlohmann::ordered_json Optional(const std::optional<double>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

}  // namespace

nlohmann::ordered_json AgreementJson(const metrics::Confusion& c) {
  return {{"n", c.n()},
          {"pairs",
           {{"judge_fail_human_fail", c.tp},
            {"judge_fail_human_pass", c.fp},
            {"judge_pass_human_fail", c.fn},
            {"judge_pass_human_pass", c.tn}}},
          {"true_positive_rate", Optional(c.TruePositiveRate())},
          {"true_negative_rate", Optional(c.TrueNegativeRate())},
          {"kappa", Optional(c.Kappa())}};
}

JudgeCalibration::JudgeCalibration(const config::FeedbackConfig& config,
                                   std::vector<std::string> label_names)
    : label_names_(std::move(label_names)),
      pending_(config.max_entries, config.ttl) {}

void JudgeCalibration::Judged(const std::string& metric,
                              const std::string& event_id,
                              metrics::Outcome outcome) {
  if (event_id.empty()) return;
  std::optional<Pending> pair;
  pending_.Update(KeyOf(metric, event_id), std::chrono::steady_clock::now(),
                  [&](Pending& p) {
                    p.judge = outcome;
                    if (!p.human_fail) return true;  // wait for the person
                    pair = p;
                    return false;
                  });
  if (pair) Pair(metric, *pair);
}

void JudgeCalibration::Labelled(const std::string& metric,
                                const std::string& event_id, bool fail,
                                const std::vector<std::string>* labels) {
  std::optional<Pending> pair;
  pending_.Update(KeyOf(metric, event_id), std::chrono::steady_clock::now(),
                  [&](Pending& p) {
                    p.human_fail = fail;
                    if (labels) p.labels = *labels;
                    if (!p.judge) return true;  // wait for the judge
                    pair = p;
                    return false;
                  });
  if (pair) Pair(metric, *pair);
}

void JudgeCalibration::Pair(const std::string& metric, const Pending& p) {
  metrics::Confusion one;
  if (!one.Add(*p.judge, *p.human_fail)) return;  // unknown or an error
  std::vector<std::string> labels = p.labels;
  labels.resize(label_names_.size());
  std::lock_guard lock(mu_);
  metrics::Confusion& c = counts_[metric][labels];
  c.tp += one.tp;
  c.fp += one.fp;
  c.tn += one.tn;
  c.fn += one.fn;
}

std::map<std::string, metrics::Confusion> JudgeCalibration::ByMetric() const {
  std::map<std::string, metrics::Confusion> out;
  std::lock_guard lock(mu_);
  for (const auto& [metric, sets] : counts_) {
    metrics::Confusion& all = out[metric];
    for (const auto& [labels, c] : sets) {
      all.tp += c.tp;
      all.fp += c.fp;
      all.tn += c.tn;
      all.fn += c.fn;
    }
  }
  return out;
}

void JudgeCalibration::Collect(TextWriter& out) const {
  out.Family(series::kJudgeAgreement);
  std::lock_guard lock(mu_);
  for (const auto& [metric, sets] : counts_) {
    for (const auto& [values, c] : sets) {
      const char* judge[4] = {"fail", "fail", "pass", "pass"};
      const char* human[4] = {"fail", "pass", "fail", "pass"};
      const uint64_t counts[4] = {c.tp, c.fp, c.fn, c.tn};
      for (size_t i = 0; i < 4; ++i) {
        std::vector<Label> labels = {
            {"metric", metric}, {"judge", judge[i]}, {"human", human[i]}};
        for (size_t l = 0; l < label_names_.size(); ++l) {
          labels.push_back({label_names_[l], values[l]});
        }
        std::sort(
            labels.begin(), labels.end(),
            [](const Label& a, const Label& b) { return a.name < b.name; });
        out.Sample(series::kJudgeAgreement.name, labels, {}, counts[i]);
      }
    }
  }
}

}  // namespace micrometrics::daemon
