// The pipeline: every part sees every verdict of the metrics that select
// the event, in order, with the labels the first part resolved.
#include "metrics/pipeline.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/test_params.h"

namespace micrometrics::metrics {
namespace {

// Writes what it is told into a shared log, as "<name>:<call>".
class LoggingPart final : public VerdictSink {
 public:
  LoggingPart(std::string name, std::vector<std::string>* log,
              const std::vector<std::string>* labels_to_set = nullptr)
      : name_(std::move(name)), log_(log), labels_to_set_(labels_to_set) {}
  void BeginEvent(EventContext& event) override {
    if (labels_to_set_) event.labels = labels_to_set_;
    log_->push_back(name_ + ":begin " + event.event->id);
  }
  void Record(size_t metric, const Verdict& verdict, double seconds,
              const EventContext& event) override {
    EXPECT_GE(seconds, 0);
    std::string labels = event.labels ? event.labels->at(0) : "-";
    log_->push_back(name_ + ":" + std::to_string(metric) + "=" +
                    std::string(OutcomeName(verdict.outcome)) + " " + labels);
  }
  void EndEvent(const EventContext& event) override {
    log_->push_back(name_ + ":end " + event.event->id);
  }
  void Flush(std::chrono::system_clock::time_point) override {
    log_->push_back(name_ + ":flush");
  }

 private:
  std::string name_;
  std::vector<std::string>* log_;
  const std::vector<std::string>* labels_to_set_;
};

MicroMetric Metric(const std::string& name, const std::string& type,
                   const std::string& when_model = "") {
  MicroMetric m;
  m.name = name;
  m.type = type;
  m.evaluator = MakeEvaluator(type);
  if (!when_model.empty()) m.when.fields.push_back({"model", {when_model}});
  return m;
}

TEST(Pipeline, EveryPartSeesEveryVerdictInOrderWithTheLabelsSetFirst) {
  std::vector<std::string> log;
  const std::vector<std::string> labels = {"v42"};
  Pipeline pipeline;
  pipeline.Add(std::make_unique<LoggingPart>("series", &log, &labels));
  LoggingPart tally("tally", &log);
  pipeline.Add(tally);

  const std::vector<MicroMetric> metrics = {
      Metric("empty", "empty_output"), Metric("json", "json_valid", "gpt-x")};
  Event event;
  event.id = "e1";
  event.model = "other";
  event.output = "";
  pipeline.Process(metrics, event, Pipeline::Clock::now());
  pipeline.Flush(Pipeline::Clock::now());
  // json_valid's `when` does not match the model: neither part hears of it.
  EXPECT_EQ(log, (std::vector<std::string>{
                     "series:begin e1", "tally:begin e1", "series:0=fail v42",
                     "tally:0=fail v42", "series:end e1", "tally:end e1",
                     "series:flush", "tally:flush"}));
}

TEST(OutcomeCounts, CountsMergesAndNeverGoesBelowZero) {
  OutcomeCounts a;
  a.Add(Outcome::kPass, 3);
  a.Add(Outcome::kFail);
  a.Add(Outcome::kSkipped, 2);
  a.Add(Outcome::kError);
  EXPECT_EQ(a.decided(), 4u);
  EXPECT_EQ(a.total(), 7u);
  EXPECT_DOUBLE_EQ(a.FailRate(), 0.25);
  EXPECT_EQ(a.Count(Outcome::kSkipped), 2u);
  OutcomeCounts b;
  b.Add(Outcome::kFail, 3);
  a.Merge(b);
  EXPECT_EQ(a.fail, 4u);
  b.Add(Outcome::kPass, 10);
  a.Subtract(b);
  EXPECT_EQ(a.pass, 0u);
  EXPECT_EQ(a.fail, 1u);
  EXPECT_DOUBLE_EQ(OutcomeCounts{}.FailRate(), 0);
}

}  // namespace
}  // namespace micrometrics::metrics
