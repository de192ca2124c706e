#include "metrics/micro_metric.h"

#include <gtest/gtest.h>

#include "metrics/evaluation.h"
#include "tests/support/test_params.h"

namespace micrometrics::metrics {
namespace {

MicroMetric Metric(double sample = 1.0) {
  MicroMetric m;
  m.name = "empty";
  m.type = "empty_output";
  m.sample = sample;
  m.evaluator = MakeEvaluator("empty_output");
  return m;
}

TEST(When, MatchesOnlyListedValuesOfEveryField) {
  MicroMetric m = Metric();
  m.when.fields = {{"route", {"support", "billing"}}, {"locale", {"de-DE"}}};
  Event e;
  e.route = "billing";
  e.locale = "de-DE";
  EXPECT_TRUE(m.Selects(e));
  e.locale = "en-US";
  EXPECT_FALSE(m.Selects(e));
  e.locale.clear();
  EXPECT_FALSE(m.Selects(e));
}

TEST(Sample, IsDeterministicPerEventIdAndNearTheRate) {
  MicroMetric m = Metric(0.25);
  int selected = 0;
  for (int i = 0; i < 20000; ++i) {
    Event e;
    e.id = "req-" + std::to_string(i);
    bool first = m.Selects(e);
    EXPECT_EQ(first, m.Selects(e));
    selected += first;
  }
  EXPECT_NEAR(selected / 20000.0, 0.25, 0.02);
  EXPECT_FALSE(Metric(0.0).Selects(Event{}));
  EXPECT_TRUE(Metric(1.0).Selects(Event{}));
}

class ThrowingEvaluator : public Evaluator {
 public:
  Verdict Evaluate(const Event&) const override {
    throw std::runtime_error("boom");
  }
};

TEST(EvaluateEvent, RunsSelectedMetricsAndTurnsExceptionsIntoErrors) {
  std::vector<MicroMetric> metrics{Metric(), Metric(), Metric()};
  metrics[1].when.fields = {{"route", {"never"}}};
  metrics[2].evaluator = std::make_shared<ThrowingEvaluator>();
  Event e;
  e.output = "";
  std::vector<std::pair<size_t, Verdict>> seen;
  EvaluateEvent(metrics, e, [&](size_t i, const Verdict& v, double seconds) {
    EXPECT_GE(seconds, 0);
    seen.emplace_back(i, v);
  });
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].first, 0u);
  EXPECT_EQ(seen[0].second.outcome, Outcome::kFail);
  EXPECT_EQ(seen[1].first, 2u);
  EXPECT_EQ(seen[1].second.outcome, Outcome::kError);
  EXPECT_EQ(seen[1].second.reason, "evaluator failed: boom");
}

}  // namespace
}  // namespace micrometrics::metrics
