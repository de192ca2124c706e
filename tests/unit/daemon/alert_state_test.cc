// The alert state file: encoding round trip, atomic writes, damaged input.
#include "daemon/alerting/alert_state.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "daemon/storage/atomic_file.h"

namespace micrometrics::daemon {
namespace {

using namespace std::chrono_literals;
using metrics::AlertClock;
const AlertClock::time_point kT0 = AlertClock::time_point(1800000000s);

std::string TempDir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "alert-state-XXXXXX").string();
  return mkdtemp(pattern.data());
}

TEST(AlertState, EncodesAndDecodesEveryField) {
  metrics::AlertRuleSpec spec;
  spec.name = "Slow";
  spec.metric = "latency";
  std::string error;
  spec.condition = *metrics::ParseCondition("value_p95 > 100", &error);
  spec.group_by = {"route"};
  spec.window = std::chrono::seconds(10);  // buckets of 333.33... ms
  metrics::AlertRule rule(spec);
  metrics::Event e;
  e.route = "chat";
  rule.Observe(e, metrics::Verdict::Fail("slow").WithValue(250.0), kT0);
  rule.Observe(e, metrics::Verdict::Pass().WithValue(20.0), kT0 + 1s);
  rule.Evaluate(kT0 + 2s);

  AlertState state;
  state.saved_at = kT0 + 3s;
  state.rules.push_back({"Slow", "0123456789abcdef", rule.Snapshot()});
  state.sent.push_back({"Slow", {{"route", "chat"}}, kT0 + 2s, kT0 + 2s});
  const AlertState back = DecodeAlertState(EncodeAlertState(state));
  EXPECT_EQ(back.saved_at, state.saved_at);
  ASSERT_EQ(back.rules.size(), 1u);
  EXPECT_EQ(back.rules[0].fingerprint, "0123456789abcdef");
  ASSERT_EQ(back.rules[0].groups.size(), 1u);
  const auto& g = back.rules[0].groups[0];
  EXPECT_EQ(g.alert.status, metrics::AlertStatus::kFiring);
  EXPECT_EQ(g.alert.active_at, kT0 + 2s);
  EXPECT_EQ(g.labels, (metrics::AlertLabels{{"route", "chat"}}));
  metrics::AlertRule restored(spec);
  ASSERT_EQ(restored.Restore(back.rules[0].groups), 1u);
  EXPECT_EQ(restored.Instances()[0].value, rule.Instances()[0].value);
  EXPECT_TRUE(restored.Evaluate(kT0 + 4s).empty())
      << "the same p95 over the same window: still firing";
  ASSERT_EQ(back.sent.size(), 1u);
  EXPECT_EQ(back.sent[0].starts_at, kT0 + 2s);
}

TEST(AlertState, KeepsWhenEachLabelValueWasFirstSeen) {
  // The order of prompt versions survives a restart, so the newest stays
  // the newest (and Prometheus reads the same first-seen times).
  metrics::AlertRuleSpec spec;
  spec.name = "Regression";
  spec.metric = "reply_language";
  std::string error;
  spec.condition = *metrics::ParseCondition("fail_rate > 2 * baseline", &error);
  spec.baseline.label = "prompt_version";
  spec.group_by = {"route"};
  metrics::AlertRule rule(spec);
  metrics::Event e;
  e.route = "chat";
  e.prompt_version = "v41";
  rule.Observe(e, metrics::Verdict::Pass(), kT0);
  e.prompt_version = "v42";
  rule.Observe(e, metrics::Verdict::Pass(), kT0 + 90s);
  rule.Observe(e, metrics::Verdict::Pass(), kT0 + 60s);  // late, out of order

  const auto seen = rule.LabelValuesSeen();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].value, "v41");
  EXPECT_EQ(seen[0].first_seen, kT0);
  EXPECT_EQ(seen[1].value, "v42");
  EXPECT_EQ(seen[1].first_seen, kT0 + 60s);
  EXPECT_EQ(seen[1].group, (metrics::AlertLabels{{"route", "chat"}}));

  AlertState state;
  state.rules.push_back({"Regression", "f", rule.Snapshot()});
  const AlertState back = DecodeAlertState(EncodeAlertState(state));
  metrics::AlertRule restored(spec);
  ASSERT_EQ(restored.Restore(back.rules[0].groups), 1u);
  const auto again = restored.LabelValuesSeen();
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[0].first_seen, kT0);
  EXPECT_EQ(again[1].first_seen, kT0 + 60s);

  // A file written before first_seen existed keeps the order.
  std::string old = EncodeAlertState(state);
  for (size_t at; (at = old.find("\"first_seen\":")) != std::string::npos;) {
    old.erase(at, old.find(',', at) - at + 1);
  }
  const auto legacy = DecodeAlertState(old).rules[0].groups[0].versions;
  ASSERT_EQ(legacy.size(), 2u);
  EXPECT_LT(legacy[0].first_seen, legacy[1].first_seen);
}

TEST(AlertState, DamagedTextIsAnErrorNotAnEmptyState) {
  EXPECT_THROW(DecodeAlertState("{\"version\": 1, \"rules\": ["),
               std::runtime_error);
  EXPECT_THROW(DecodeAlertState("{\"version\": 9}"), std::runtime_error);
  EXPECT_THROW(
      DecodeAlertState(R"({"version":1,"saved_at":0,"rules":[{"name":"a",)"
                       R"("fingerprint":"f","groups":[{"labels":[],)"
                       R"("alert":{"state":"burning"}}]}],"sent":[]})"),
      std::runtime_error);
}

TEST(AlertState, WritesAtomicallyAndReportsWhatFails) {
  const std::string dir = TempDir();
  const std::string path = dir + "/state";
  EXPECT_EQ(WriteFileAtomically(path, "one"), "");
  EXPECT_EQ(WriteFileAtomically(path, "two"), "");
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(text, "two");
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  EXPECT_EQ(
      WriteFileAtomically(dir + "/missing/state", "x"),
      "cannot create " + dir + "/missing/state.tmp: No such file or directory");

  AlertStateFile file(dir + "/none");
  EXPECT_FALSE(file.Read().has_value()) << "no file yet is no state";
  EXPECT_TRUE(file.WriteNow(EncodeAlertState({})));
  EXPECT_TRUE(file.Read().has_value());
  EXPECT_EQ(file.writes_ok(), 1u);
  AlertStateFile bad(dir + "/missing/state");
  EXPECT_FALSE(bad.WriteNow("{}"));
  EXPECT_EQ(bad.writes_failed(), 1u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace micrometrics::daemon
