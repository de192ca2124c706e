// Replay's statistics, sketch and report: the numbers a CI gate relies on.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <random>

#include "metrics/alerting/statistics.h"
#include "metrics/reports/quantile_sketch.h"
#include "metrics/reports/replay_report.h"

namespace micrometrics::metrics {
namespace {

// Expected values from statsmodels 0.13.5 (Debian's python3-statsmodels):
// confint_proportions_2indep(method="newcomb") and proportions_ztest, an
// implementation independent of ours. Newcombe (1998) lists the first two.
struct NewcombeCase {
  uint64_t fa, na, fb, nb;
  double low, high, p;
};

TEST(ReplayStatistics, NewcombeIntervalAndTwoSidedTestMatchStatsmodels) {
  const NewcombeCase cases[] = {
      {56, 70, 48, 80, -0.333873, -0.052431, 0.00804508},
      {9, 10, 3, 10, -0.809018, -0.170523, 0.0061699},
      {0, 100, 10, 100, 0.041923, 0.174366, 0.00117687},
      {5, 5, 0, 5, -1.0, -0.385549, 0.0015654},
      {1, 3, 2, 4, -0.410534, 0.609804, 0.659243},
      {0, 3000, 300, 3000, 0.089691, 0.111252, 1.19692e-70},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(testing::Message()
                 << c.fa << "/" << c.na << " vs " << c.fb << "/" << c.nb);
    DifferenceInterval ci = NewcombeInterval(c.fa, c.na, c.fb, c.nb, 0.95);
    EXPECT_NEAR(ci.low, c.low, 1e-5);
    EXPECT_NEAR(ci.high, c.high, 1e-5);
    const double p = TwoProportionPValueTwoSided(c.fa, c.na, c.fb, c.nb);
    EXPECT_NEAR(p, c.p, c.p * 1e-3);
  }
  // Nothing failed on either side: no evidence, an interval around 0.
  DifferenceInterval zero = NewcombeInterval(0, 10, 0, 20, 0.95);
  EXPECT_NEAR(zero.low, -0.277533, 1e-5);
  EXPECT_NEAR(zero.high, 0.161125, 1e-5);
  EXPECT_EQ(TwoProportionPValueTwoSided(0, 10, 0, 20), 1);
  EXPECT_EQ(TwoProportionPValueTwoSided(10, 10, 20, 20), 1);
  // An empty side says nothing.
  EXPECT_EQ(NewcombeInterval(0, 0, 1, 2, 0.95).low, -1);
  EXPECT_EQ(TwoProportionPValueTwoSided(0, 0, 1, 2), 1);
  // Wilson, same source: 1 of 3, 0 of 10, 10 of 10.
  EXPECT_NEAR(WilsonInterval(1, 3, 0.95).low, 0.061492, 1e-5);
  EXPECT_NEAR(WilsonInterval(1, 3, 0.95).high, 0.792340, 1e-5);
  EXPECT_NEAR(WilsonInterval(0, 10, 0.95).high, 0.277533, 1e-5);
  EXPECT_NEAR(WilsonInterval(10, 10, 0.95).low, 0.722467, 1e-5);
}

TEST(QuantileSketch, QuantilesAreWithinOnePercentOfTheTrueOnes) {
  std::mt19937 rng(7);
  std::lognormal_distribution<double> latency(6.5, 0.8);  // ~700 ms median
  std::vector<double> values;
  QuantileSketch a, b;
  for (int i = 0; i < 200000; ++i) {
    double v = latency(rng);
    values.push_back(v);
    (i % 2 ? a : b).Add(v);
  }
  a.Merge(b);
  std::sort(values.begin(), values.end());
  for (double q : {0.5, 0.9, 0.95, 0.99, 0.999}) {
    const double truth = values[static_cast<size_t>(std::ceil(
                                    q * static_cast<double>(values.size()))) -
                                1];
    EXPECT_NEAR(a.Quantile(q), truth, truth * 0.01) << "q=" << q;
  }
  EXPECT_EQ(a.count(), 200000u);
  EXPECT_LT(a.buckets(), 1000u) << "memory does not grow with the count";

  QuantileSketch small;
  EXPECT_EQ(small.Quantile(0.5), 0);
  for (double v : {0.0, 0.0, 3.0, -2.0}) small.Add(v);
  EXPECT_NEAR(small.Quantile(0), -2, 0.02);
  EXPECT_EQ(small.Quantile(0.5), 0);
  EXPECT_NEAR(small.Quantile(1), 3, 0.03);
}

TEST(ReplayOptions, GatesAndComparisonsParseOrSayWhatIsWrong) {
  std::string error;
  auto gate = ParseReplayGate("reply_language>0.01", &error);
  ASSERT_TRUE(gate);
  EXPECT_EQ(gate->metric, "reply_language");
  EXPECT_EQ(gate->max_rate, 0.01);
  EXPECT_TRUE(ParseReplayGate("regression", &error)->regression);
  EXPECT_FALSE(ParseReplayGate("x>1.5", &error));
  EXPECT_EQ(error,
            "--fail-on 'x>1.5': the rate must be a fraction from 0 to "
            "1, e.g. 0.01");
  EXPECT_FALSE(ParseReplayGate(">0.1", &error));
  EXPECT_FALSE(ParseReplayGate("x>0.1%", &error));

  auto cmp = ParseReplayCompare("prompt_version=v41,v42", &error);
  ASSERT_TRUE(cmp);
  EXPECT_EQ(cmp->field, "prompt_version");
  EXPECT_EQ(cmp->a, "v41");
  EXPECT_EQ(cmp->b, "v42");
  for (const char* bad :
       {"prompt_version", "=a,b", "f=a", "f=a,", "f=,b", "f=a,b,c", "f=a,a"}) {
    EXPECT_FALSE(ParseReplayCompare(bad, &error)) << bad;
  }
}

class ReplayReportTest : public ::testing::Test {
 protected:
  ReplayReportTest() {
    for (const char* name : {"lang", "latency"}) {
      MicroMetric m;
      m.name = name;
      metrics_.push_back(m);
    }
    options_.by = {"prompt_version"};
    options_.compare = ReplayCompare{"prompt_version", "v1", "v2"};
    options_.examples = 2;
  }
  // 100 events per version; v2 fails `lang` `v2_fails` times.
  void Feed(ReplayTally& tally, int v2_fails, uint64_t first_line) {
    for (int i = 0; i < 200; ++i) {
      Event e;
      e.prompt_version = i % 2 ? "v2" : "v1";
      e.id = "e" + std::to_string(i);
      e.output = "reply to anna@example.com";
      const uint64_t line = first_line + static_cast<uint64_t>(i);
      tally.BeginEvent(e, line);
      const bool fail = i % 2 && i / 2 < v2_fails;
      tally.Record(
          0, fail ? Verdict::Fail("expected de, got en") : Verdict::Pass());
      tally.Record(1, Verdict::Pass().WithValue(100 + i));
    }
  }
  std::vector<MicroMetric> metrics_;
  ReplayOptions options_;
};

TEST_F(ReplayReportTest, CountsSegmentsComparesAndKeepsTheFirstExamples) {
  // Two workers saw different halves of a file; merged, the result is the
  // same as one.
  ReplayTally w1(2, options_), w2(2, options_);
  Feed(w2, 20, 1001);
  Feed(w1, 20, 1);
  ReplayTally total(2, options_);
  total.Merge(w2);
  total.Merge(w1);
  options_.gates = {*ParseReplayGate("regression", nullptr),
                    *ParseReplayGate("lang>0.25", nullptr)};
  ReplayInput input;
  input.source = "f.jsonl";
  input.events = 400;
  ReplayReport r = BuildReplayReport(total, metrics_, options_, input);

  ASSERT_EQ(r.rows.size(), 6u);  // per metric: all, v1, v2
  EXPECT_EQ(r.rows[0].events, 400u);
  EXPECT_EQ(r.rows[0].fails, 40u);
  EXPECT_EQ(r.rows[2].segment, std::vector<std::string>{"v2"});
  EXPECT_EQ(r.rows[2].fails, 40u);
  EXPECT_DOUBLE_EQ(r.rows[2].fail_rate, 0.2);
  EXPECT_NEAR(r.rows[2].ci_low, WilsonInterval(40, 200, 0.95).low, 1e-12);
  ASSERT_TRUE(r.rows[3].p50);
  EXPECT_NEAR(*r.rows[3].p50, 199, 2);

  ASSERT_EQ(r.comparisons.size(), 2u);
  EXPECT_EQ(r.comparisons[0].verdict, "worse");
  EXPECT_EQ(r.comparisons[0].fails_b, 40u);
  EXPECT_EQ(r.comparisons[1].verdict, "no clear difference");
  ASSERT_EQ(r.gates.size(), 2u);
  EXPECT_FALSE(r.gates[0].passed);
  EXPECT_EQ(r.gates[0].detail, "clearly worse: lang");
  EXPECT_TRUE(r.gates[1].passed) << r.gates[1].detail;
  EXPECT_EQ(r.gates[1].detail,
            "fail rate 20.00% <= 25.00% (prompt_version=v2), 40 of 200");
  EXPECT_EQ(r.exit_code, 1);

  // The first two failing lines of the whole file, redacted.
  ASSERT_EQ(r.examples.size(), 1u);
  ASSERT_EQ(r.examples[0].second.size(), 2u);
  EXPECT_EQ(r.examples[0].second[0].line, 2u);
  EXPECT_EQ(r.examples[0].second[1].line, 4u);
  EXPECT_EQ(r.examples[0].second[0].text, "reply to [EMAIL]");

  auto json = nlohmann::json::parse(RenderReplayJson(r));
  EXPECT_EQ(json["compare"]["metrics"][0]["verdict"], "worse");
  EXPECT_EQ(json["metrics"][2]["segment"]["prompt_version"], "v2");
  EXPECT_EQ(json["exit_code"], 1);
  const std::string table = RenderReplayTable(r);
  EXPECT_NE(table.find("gate regression: FAILED (clearly worse: lang)"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("WORSE"), std::string::npos);
}

TEST_F(ReplayReportTest, NoDifferenceNoDataAndBoundedSegments) {
  ReplayTally tally(2, options_);
  Feed(tally, 0, 1);
  ReplayReport r = BuildReplayReport(tally, metrics_, options_, {});
  EXPECT_EQ(r.comparisons[0].verdict, "no clear difference");
  EXPECT_EQ(r.exit_code, 0);

  ReplayOptions by_id;
  by_id.by = {"id"};
  ReplayTally many(1, by_id);
  for (size_t i = 0; i < ReplayTally::kMaxSegments + 500; ++i) {
    Event e;
    e.id = std::to_string(i);
    many.BeginEvent(e, i + 1);
    many.Record(0, Verdict::Pass());
  }
  EXPECT_EQ(many.segments().size(), ReplayTally::kMaxSegments + 1);
  EXPECT_EQ(many.segments().at({"__other__"}).events, 500u);

  ReplayOptions cmp;
  cmp.compare = ReplayCompare{"model", "a", "b"};
  ReplayTally one_sided(1, cmp);
  Event e;
  e.model = "a";
  one_sided.BeginEvent(e, 1);
  one_sided.Record(0, Verdict::Fail("x"));
  ReplayReport nd = BuildReplayReport(one_sided, {metrics_[0]}, cmp, {});
  EXPECT_EQ(nd.comparisons[0].verdict, "no data");
}

}  // namespace
}  // namespace micrometrics::metrics
