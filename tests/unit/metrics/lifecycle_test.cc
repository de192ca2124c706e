#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "metrics/reports/lifecycle_report.h"

namespace micrometrics::metrics {
namespace {

MetricUsage Usage(std::string name, uint64_t evaluated, uint64_t fails) {
  MetricUsage u;
  u.name = std::move(name);
  u.type = "regex";
  u.owner = "team";
  u.stage = "active";
  u.evaluated = evaluated;
  u.fails = fails;
  u.alert_rules = {"SomeAlert"};
  u.alerted = true;
  return u;
}

std::vector<std::string> KindsOf(const LifecycleReport& r,
                                 const std::string& metric) {
  std::vector<std::string> kinds;
  for (const auto& f : r.findings) {
    if (f.metric == metric) kinds.push_back(f.kind);
  }
  return kinds;
}

using Kinds = std::vector<std::string>;

TEST(Lifecycle, EachFindingForTheRightMetric) {
  LifecycleOptions o;
  o.today = "2027-03-10";
  std::vector<MetricUsage> in;
  in.push_back(Usage("healthy", 1000, 30));
  in.push_back(Usage("overdue", 1000, 30));
  in.back().review_by = "2027-03-01";
  in.push_back(Usage("due", 1000, 30));
  in.back().review_by = "2027-04-01";
  in.push_back(Usage("later", 1000, 30));
  in.back().review_by = "2027-06-01";
  in.push_back(Usage("silent", 5000, 0));
  in.push_back(Usage("noise", 1000, 450));
  in.push_back(Usage("aimless", 50, 1));
  in.back().skipped = 950;
  in.push_back(Usage("broken", 1000, 10));
  in.back().errors = 100;
  in.push_back(Usage("orphan", 1000, 30));
  in.back().owner = "unowned";
  in.back().alert_rules = {};
  in.push_back(Usage("quiet_alerts", 1000, 30));
  in.back().alerted = false;
  in.push_back(Usage("young", 20, 0));
  in.push_back(Usage("old", 1000, 30));
  in.back().stage = "deprecated";
  in.push_back(Usage("spend", 1000, 0));
  in.back().value_only = true;
  in.back().alert_rules = {};

  LifecycleReport r = AssessLifecycle(in, o);
  EXPECT_EQ(KindsOf(r, "healthy"), Kinds{});
  EXPECT_EQ(KindsOf(r, "overdue"), Kinds{"review_overdue"});
  EXPECT_EQ(KindsOf(r, "due"), Kinds{"review_due"});
  EXPECT_EQ(KindsOf(r, "later"), Kinds{});
  EXPECT_EQ(KindsOf(r, "silent"), Kinds{"never_failed"});
  EXPECT_EQ(KindsOf(r, "noise"), Kinds{"noisy"});
  EXPECT_EQ(KindsOf(r, "aimless"), (Kinds{"mostly_skipped", "few_events"}));
  EXPECT_EQ(KindsOf(r, "broken"), Kinds{"errors"});
  EXPECT_EQ(KindsOf(r, "orphan"), (Kinds{"no_owner", "no_alert_rule"}));
  EXPECT_EQ(KindsOf(r, "quiet_alerts"), Kinds{"never_alerted"});
  EXPECT_EQ(KindsOf(r, "young"), Kinds{"few_events"});
  EXPECT_EQ(KindsOf(r, "old"), Kinds{"deprecated"});
  EXPECT_EQ(KindsOf(r, "spend"), Kinds{}) << "cost never fails by design";

  for (const auto& f : r.findings) {
    if (f.metric == "overdue") {
      EXPECT_EQ(f.detail, "review_by 2027-03-01 passed 9 days ago");
    }
    if (f.metric == "due") {
      EXPECT_EQ(f.detail, "review_by 2027-04-01 in 22 days");
    }
    if (f.metric == "noise") {
      EXPECT_EQ(f.detail, "fail rate 45.00% over 1000 evaluations");
    }
  }
  const std::string table = RenderLifecycleTable(r);
  EXPECT_NE(table.find("never_failed: no failure in the period: a candidate "
                       "to retire\n  silent: 0 fails in 5000 evaluations"),
            std::string::npos)
      << table;
  auto json = nlohmann::json::parse(RenderLifecycleJson(r));
  EXPECT_EQ(json["today"], "2027-03-10");
  EXPECT_EQ(json["findings"].size(), r.findings.size());
  EXPECT_NE(RenderLifecycleMarkdown(r).find("- `silent`: 0 fails"),
            std::string::npos);
}

TEST(Lifecycle, DaysBetweenDates) {
  EXPECT_EQ(DaysBetween("2027-02-28", "2027-03-01"), 1);
  EXPECT_EQ(DaysBetween("2028-02-28", "2028-03-01"), 2) << "a leap year";
  EXPECT_EQ(DaysBetween("2027-03-01", "2026-03-01"), -365);
  EXPECT_EQ(DaysBetween("2027-02-30", "2027-03-01"), std::nullopt);
  EXPECT_EQ(DaysBetween("tomorrow", "2027-03-01"), std::nullopt);
}

}  // namespace
}  // namespace micrometrics::metrics
