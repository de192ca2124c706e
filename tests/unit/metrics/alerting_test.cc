// The alert rule engine with a fake clock: statistics, windows, conditions,
// the state machine and the regression baselines.
#include <gtest/gtest.h>

#include "metrics/alerting/alert_rule.h"
#include "metrics/alerting/statistics.h"

namespace micrometrics::metrics {
namespace {

using namespace std::chrono_literals;
const AlertClock::time_point kT0 = AlertClock::time_point(1800000000s);

TEST(Statistics, MatchesIndependentlyComputedValues) {
  EXPECT_NEAR(NormalQuantileTwoSided(0.95), 1.959964, 1e-6);
  EXPECT_NEAR(NormalQuantileTwoSided(0.99), 2.575829, 1e-6);
  // Wilson 95% for 10 of 100 (Newcombe 1998): 0.0552 .. 0.1744.
  Interval w = WilsonInterval(10, 100, 0.95);
  EXPECT_NEAR(w.low, 0.0552, 5e-4);
  EXPECT_NEAR(w.high, 0.1744, 5e-4);
  // Edge cases: none and all failing, nothing at all.
  EXPECT_NEAR(WilsonInterval(0, 20, 0.95).low, 0, 1e-12);
  EXPECT_NEAR(WilsonInterval(0, 20, 0.95).high, 0.1611, 5e-4);
  EXPECT_NEAR(WilsonInterval(20, 20, 0.95).high, 1, 1e-12);
  EXPECT_EQ(WilsonInterval(0, 0, 0.95).low, 0);
  EXPECT_EQ(WilsonInterval(0, 0, 0.95).high, 1);
  // 10/100 vs 2/100: z = 2.382, one-sided p = 0.0086.
  EXPECT_NEAR(TwoProportionPValue(10, 100, 2, 100), 0.0086, 2e-4);
  EXPECT_GT(TwoProportionPValue(1, 3, 0, 3), 0.1) << "1 in 3 is not clear";
  EXPECT_EQ(TwoProportionPValue(1, 0, 0, 10), 1);
  EXPECT_EQ(TwoProportionPValue(0, 10, 0, 10), 1);
}

TEST(Conditions, ParseTheDocumentedForms) {
  std::string error;
  auto c = ParseCondition("fail_rate > 0.02", &error);
  ASSERT_TRUE(c) << error;
  EXPECT_EQ(c->subject, Condition::Subject::kFailRate);
  EXPECT_EQ(c->threshold, 0.02);
  c = ParseCondition("fail_rate > 2 * baseline", &error);
  ASSERT_TRUE(c) << error;
  EXPECT_TRUE(c->relative_to_baseline);
  EXPECT_EQ(c->threshold, 2);
  EXPECT_EQ(ParseCondition("events < 10", &error)->op, Condition::Op::kLess);
  EXPECT_EQ(ParseCondition("value_p95>=2000", &error)->subject,
            Condition::Subject::kValueP95);
  EXPECT_FALSE(ParseCondition("fail_ratio > 0.1", &error));
  EXPECT_EQ(error,
            "unknown subject 'fail_ratio' (use fail_rate, fail_count, "
            "value_p95, value_p99 or events)");
  EXPECT_FALSE(ParseCondition("fail_rate > 2", &error));
  EXPECT_EQ(error, "a fail rate is between 0 and 1");
  EXPECT_FALSE(ParseCondition("events < 2 * baseline", &error));
  EXPECT_FALSE(ParseCondition("fail_rate", &error));
}

TEST(SlidingWindow, ForgetsWhatLeftTheWindowAndKeepsQuantiles) {
  SlidingWindow w(5min, 30, true);
  for (int i = 0; i < 100; ++i) {
    w.Add(kT0, i < 10 ? Outcome::kFail : Outcome::kPass, i * 10.0);
  }
  WindowTotals t = w.Sum(kT0 + 1min);
  EXPECT_EQ(t.fail, 10u);
  EXPECT_EQ(t.pass, 90u);
  EXPECT_NEAR(t.FailRate(), 0.1, 1e-12);
  // p95 of 0..990 is 940: the bucket bound holding it is within 19%.
  EXPECT_NEAR(*t.ValueQuantile(0.95), 940, 940 * 0.2);
  EXPECT_EQ(w.Sum(kT0 + 5min + 11s).events(), 0u) << "slid out";
}

AlertRuleSpec Spec(const std::string& condition) {
  AlertRuleSpec s;
  s.name = "ReplyLanguageMismatch";
  s.metric = "reply_language";
  std::string error;
  s.condition = *ParseCondition(condition, &error);
  s.window = 5min;
  return s;
}

Event WithPrompt(const std::string& version, const std::string& route = "") {
  Event e;
  e.prompt_version = version;
  e.route = route;
  return e;
}

void Feed(AlertRule& rule, const Event& e, int fails, int passes,
          AlertClock::time_point t) {
  for (int i = 0; i < fails; ++i) rule.Observe(e, Verdict::Fail("x"), t);
  for (int i = 0; i < passes; ++i) rule.Observe(e, Verdict::Pass(), t);
}

TEST(AlertRule, PendingThenFiringAfterForThenResolved) {
  AlertRuleSpec s = Spec("fail_rate > 0.1");
  s.min_events = 20;
  s.for_duration = 2min;
  AlertRule rule(s);
  Feed(rule, Event{}, 5, 15, kT0);  // 25%, 20 events
  auto changes = rule.Evaluate(kT0 + 15s);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].alert.status, AlertStatus::kPending);
  EXPECT_NEAR(changes[0].alert.value, 0.25, 1e-12);
  EXPECT_TRUE(rule.Evaluate(kT0 + 1min).empty()) << "still pending";
  changes = rule.Evaluate(kT0 + 2min + 15s);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].alert.status, AlertStatus::kFiring);
  EXPECT_EQ(changes[0].alert.active_at, kT0 + 15s);
  // Passing traffic dilutes the rate below 10%: resolved.
  Feed(rule, Event{}, 0, 200, kT0 + 3min);
  changes = rule.Evaluate(kT0 + 3min);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_TRUE(changes[0].resolved);
}

TEST(AlertRule, ASnapshotRestoredIntoANewRuleKeepsForWindowsAndBaselines) {
  // A restart in the middle of `for`: the new rule fires when the old one
  // would have, on the same windows, and the label baseline carries over.
  AlertRuleSpec s = Spec("fail_rate > 0.1");
  s.group_by = {"route"};
  s.min_events = 20;
  s.for_duration = 10min;
  AlertRule before(s);
  Feed(before, WithPrompt("v1", "chat"), 5, 15, kT0);
  ASSERT_EQ(before.Evaluate(kT0 + 1s).at(0).alert.status,
            AlertStatus::kPending);
  AlertRule after(s);
  EXPECT_EQ(after.Restore(before.Snapshot()), 1u);
  EXPECT_TRUE(after.Evaluate(kT0 + 2min).empty()) << "still pending";
  Feed(after, WithPrompt("v1", "chat"), 5, 15, kT0 + 9min);
  auto changes = after.Evaluate(kT0 + 10min + 1s);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].alert.status, AlertStatus::kFiring);
  EXPECT_EQ(changes[0].alert.active_at, kT0 + 1s) << "`for` did not restart";
  EXPECT_EQ(changes[0].alert.labels, (AlertLabels{{"route", "chat"}}));

  // Groups of another group_by are not this rule's.
  AlertRuleSpec other = s;
  other.group_by = {"tenant"};
  AlertRule elsewhere(other);
  EXPECT_EQ(elsewhere.Restore(before.Snapshot()), 0u);

  AlertRuleSpec r = Spec("fail_rate > 2 * baseline");
  r.baseline.label = "prompt_version";
  AlertRule regression(r);
  Feed(regression, WithPrompt("v1"), 2, 198, kT0);
  Feed(regression, WithPrompt("v2"), 40, 160, kT0 + 1min);
  AlertRule restored(r);
  ASSERT_EQ(restored.Restore(regression.Snapshot()), 1u);
  changes = restored.Evaluate(kT0 + 2min);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].alert.labels,
            (AlertLabels{{"prompt_version", "v2"},
                         {"baseline_prompt_version", "v1"}}));
}

TEST(SlidingWindow, RestoresOnlyASnapshotOfTheSameBucketWidth) {
  SlidingWindow w(5min, 30, true);
  w.Add(kT0, Outcome::kFail, 250.0);
  w.Add(kT0 + 1min, Outcome::kPass, 2000.0);
  SlidingWindow same(5min, 30, true);
  ASSERT_TRUE(same.Restore(w.Snapshot()));
  EXPECT_EQ(same.Sum(kT0 + 2min).fail, 1u);
  EXPECT_EQ(same.Sum(kT0 + 2min).pass, 1u);
  EXPECT_EQ(same.Sum(kT0 + 2min).ValueQuantile(0.99),
            w.Sum(kT0 + 2min).ValueQuantile(0.99));
  EXPECT_EQ(same.Sum(kT0 + 5min + 30s).fail, 0u) << "aged out as before";
  SlidingWindow longer(10min, 30, true);
  EXPECT_FALSE(longer.Restore(w.Snapshot()));
  EXPECT_EQ(longer.Sum(kT0 + 2min).events(), 0u);
}

TEST(AlertRule, MinEventsKeepsSmallSamplesQuiet) {
  AlertRuleSpec s = Spec("fail_rate > 0.1");
  s.min_events = 50;
  AlertRule rule(s);
  Feed(rule, Event{}, 3, 2, kT0);  // 60% of 5
  EXPECT_TRUE(rule.Evaluate(kT0 + 1s).empty());
}

TEST(AlertRule, PendingFallsBackWhenTheConditionClears) {
  AlertRuleSpec s = Spec("fail_count > 3");
  s.for_duration = 5min;
  AlertRule rule(s);
  Feed(rule, Event{}, 4, 0, kT0);
  EXPECT_EQ(rule.Evaluate(kT0).at(0).alert.status, AlertStatus::kPending);
  auto changes = rule.Evaluate(kT0 + 6min);  // the fails slid out
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].alert.status, AlertStatus::kInactive);
  EXPECT_FALSE(changes[0].resolved) << "never fired";
}

TEST(AlertRule, KeepFiringForHoldsThroughAFlap) {
  AlertRuleSpec s = Spec("fail_count > 3");
  s.window = 1min;
  s.keep_firing_for = 3min;
  AlertRule rule(s);
  Feed(rule, Event{}, 5, 0, kT0);
  EXPECT_EQ(rule.Evaluate(kT0).at(0).alert.status, AlertStatus::kFiring);
  EXPECT_TRUE(rule.Evaluate(kT0 + 2min).empty()) << "kept firing";
  auto changes = rule.Evaluate(kT0 + 3min);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_TRUE(changes[0].resolved);
}

TEST(AlertRule, GroupsSplitByLabelAndAreCapped) {
  AlertRuleSpec s = Spec("fail_count > 0");
  s.group_by = {"route"};
  s.max_groups = 2;
  AlertRule rule(s);
  Feed(rule, WithPrompt("v1", "billing"), 1, 0, kT0);
  Feed(rule, WithPrompt("v1", "support"), 0, 1, kT0);
  Feed(rule, WithPrompt("v1", "sales"), 1, 0, kT0);  // turned away
  auto changes = rule.Evaluate(kT0);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].alert.labels, (AlertLabels{{"route", "billing"}}));
  EXPECT_EQ(rule.groups_rejected(), 1u);
  EXPECT_EQ(rule.Instances().size(), 2u);
}

TEST(AlertRule, EventsBelowAThresholdMeansTrafficStopped) {
  AlertRule rule(Spec("events < 5"));
  Feed(rule, Event{}, 0, 10, kT0);
  EXPECT_TRUE(rule.Evaluate(kT0 + 1min).empty());
  auto changes = rule.Evaluate(kT0 + 6min);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].alert.status, AlertStatus::kFiring);
  EXPECT_EQ(changes[0].alert.value, 0);
}

TEST(AlertRule, ValueP95OverAThreshold) {
  AlertRule rule(Spec("value_p95 > 2000"));
  for (int i = 0; i < 100; ++i) {
    rule.Observe(Event{}, Verdict::Pass().WithValue(i < 90 ? 500 : 5000), kT0);
  }
  auto changes = rule.Evaluate(kT0);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_GT(changes[0].alert.value, 4000);
}

TEST(AlertRule, RegressionAgainstThePreviousPromptVersion) {
  AlertRuleSpec s = Spec("fail_rate > 2 * baseline");
  s.baseline.label = "prompt_version";
  s.min_events = 50;
  AlertRule rule(s);
  // v41 ran for hours at 2%; v42 ships and answers German users in English
  // 20% of the time.
  Feed(rule, WithPrompt("support-v41"), 20, 980, kT0 - 2h);
  EXPECT_TRUE(rule.Evaluate(kT0).empty()) << "no baseline yet";
  Feed(rule, WithPrompt("support-v42"), 20, 80, kT0);
  auto changes = rule.Evaluate(kT0 + 15s);
  ASSERT_EQ(changes.size(), 1u);
  const AlertInstance& a = changes[0].alert;
  EXPECT_EQ(a.status, AlertStatus::kFiring);
  EXPECT_EQ(a.labels,
            (AlertLabels{{"prompt_version", "support-v42"},
                         {"baseline_prompt_version", "support-v41"}}));
  EXPECT_NEAR(a.value, 0.2, 1e-12);
  EXPECT_NEAR(*a.baseline_value, 0.02, 1e-12);
}

TEST(AlertRule, RegressionBaselineMovesWhenANewVersionShips) {
  AlertRuleSpec s = Spec("fail_rate > 2 * baseline");
  s.baseline.label = "prompt_version";
  s.min_events = 50;
  AlertRule rule(s);
  Feed(rule, WithPrompt("v41"), 20, 980, kT0 - 3h);  // 2%
  Feed(rule, WithPrompt("v42"), 20, 80, kT0 - 1h);   // 20%, fired then
  EXPECT_EQ(rule.Evaluate(kT0 - 1h).size(), 1u);
  // v43 fixes it: now v43 is compared with v42, and the alert resolves.
  Feed(rule, WithPrompt("v43"), 2, 98, kT0);
  auto changes = rule.Evaluate(kT0);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_TRUE(changes[0].resolved);
  // A later v44 at 20% is compared with v43 at 2%.
  Feed(rule, WithPrompt("v44"), 20, 80, kT0 + 1h);
  changes = rule.Evaluate(kT0 + 1h);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].alert.labels,
            (AlertLabels{{"prompt_version", "v44"},
                         {"baseline_prompt_version", "v43"}}));
}

TEST(AlertRule, RegressionNeedsAClearDifference) {
  AlertRuleSpec s = Spec("fail_rate > 2 * baseline");
  s.baseline.label = "prompt_version";
  AlertRule rule(s);
  Feed(rule, WithPrompt("v1"), 0, 3, kT0 - 1h);
  Feed(rule, WithPrompt("v2"), 1, 2, kT0);  // 1 failure in 3 events
  EXPECT_TRUE(rule.Evaluate(kT0).empty());
  // The same rates with enough events are clear.
  Feed(rule, WithPrompt("v1"), 2, 298, kT0 - 1h);
  Feed(rule, WithPrompt("v2"), 30, 70, kT0);
  EXPECT_EQ(rule.Evaluate(kT0).size(), 1u);
}

TEST(AlertRule, RegressionAgainstTheTrailingWindow) {
  AlertRuleSpec s = Spec("fail_rate > 3 * baseline");
  s.baseline.window = 24h;
  s.min_events = 100;
  AlertRule rule(s);
  for (int h = 23; h >= 1; --h) Feed(rule, Event{}, 1, 99, kT0 - h * 1h);
  EXPECT_TRUE(rule.Evaluate(kT0).empty());
  Feed(rule, Event{}, 15, 85, kT0);
  auto changes = rule.Evaluate(kT0 + 10s);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_NEAR(changes[0].alert.value, 0.15, 1e-12);
  EXPECT_NEAR(*changes[0].alert.baseline_value, 0.01, 1e-12);
}

TEST(AlertRule, IdleGroupsAreDroppedAndResolved) {
  AlertRuleSpec s = Spec("fail_count > 0");
  s.idle_expiry = 1h;
  s.keep_firing_for = 10h;
  AlertRule rule(s);
  Feed(rule, Event{}, 1, 0, kT0);
  ASSERT_EQ(rule.Evaluate(kT0).size(), 1u);
  auto changes = rule.Evaluate(kT0 + 1h);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_TRUE(changes[0].resolved);
  EXPECT_TRUE(rule.Instances().empty());
}

}  // namespace
}  // namespace micrometrics::metrics
