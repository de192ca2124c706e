#include "metrics/labels.h"

#include <gtest/gtest.h>

#include <thread>

namespace micrometrics::metrics {
namespace {

TEST(Labels, TurnIsBucketedByConversationDepth) {
  EXPECT_EQ(TurnBucket(1), "1");
  EXPECT_EQ(TurnBucket(2), "2");
  EXPECT_EQ(TurnBucket(3), "3-5");
  EXPECT_EQ(TurnBucket(5), "3-5");
  EXPECT_EQ(TurnBucket(6), "6-10");
  EXPECT_EQ(TurnBucket(10), "6-10");
  EXPECT_EQ(TurnBucket(11), "11+");
  EXPECT_EQ(TurnBucket(400), "11+");
  EXPECT_EQ(TurnBucket(0), "");
}

TEST(Labels, ValuesFollowTheAllowListAndAttributesUseTheirKey) {
  LabelSchema schema({"model", "turn", "attributes.experiment"}, 10);
  EXPECT_EQ(schema.names(),
            (std::vector<std::string>{"model", "turn", "experiment"}));
  Event e;
  e.model = "gpt-4o";
  e.turn = 7;
  e.attributes = {{"experiment", "b"}};
  EXPECT_EQ(schema.Values(e),
            (std::vector<std::string>{"gpt-4o", "6-10", "b"}));
  EXPECT_EQ(schema.Values(Event{}), (std::vector<std::string>{"", "", ""}));
}

TEST(Labels, ValuesPastTheLimitBecomeOther) {
  LabelSchema schema({"model"}, 2);
  std::vector<size_t> overflowed;
  auto value = [&](const char* model) {
    Event e;
    e.model = model;
    return schema.Values(e, &overflowed)[0];
  };
  EXPECT_EQ(value("a"), "a");
  EXPECT_EQ(value("b"), "b");
  EXPECT_EQ(value("c"), "__other__");
  EXPECT_EQ(value("a"), "a");  // admitted values stay admitted
  EXPECT_EQ(overflowed, std::vector<size_t>{0});
  EXPECT_EQ(value(""), "");  // absence never counts against the limit
}

TEST(Labels, OverlongValuesBecomeOther) {
  LabelSchema schema({"route"}, 10);
  Event e;
  e.route = std::string(kMaxLabelValueBytes, 'r');
  EXPECT_EQ(schema.Values(e)[0], e.route);
  e.route += "x";
  std::vector<size_t> overflowed;
  EXPECT_EQ(schema.Values(e, &overflowed)[0], "__other__");
  EXPECT_EQ(overflowed, std::vector<size_t>{0});
}

TEST(Labels, LimitHoldsUnderConcurrentWriters) {
  LabelSchema schema({"model"}, 50);
  std::vector<std::thread> threads;
  std::atomic<int> named{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) {
        Event e;
        e.model = "m" + std::to_string(t * 100 + i);
        if (schema.Values(e)[0] != kOtherLabelValue) ++named;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(named.load(), 50);
}

}  // namespace
}  // namespace micrometrics::metrics
