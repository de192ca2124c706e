#include "daemon/pipeline/event_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace micrometrics::daemon {
namespace {

std::vector<metrics::Event> Events(int n, size_t output_bytes = 10) {
  std::vector<metrics::Event> events(n);
  for (auto& e : events) e.output = std::string(output_bytes, 'x');
  return events;
}

TEST(EventQueue, BatchesGoInWholeOrNotAtAll) {
  EventQueue queue(5, 1 << 20);
  auto three = Events(3);
  EXPECT_EQ(queue.TryPushBatch(three), EventQueue::PushResult::kOk);
  auto another_three = Events(3);
  EXPECT_EQ(queue.TryPushBatch(another_three), EventQueue::PushResult::kFull);
  EXPECT_EQ(another_three[0].output->size(), 10u) << "refused events untouched";
  EXPECT_EQ(queue.size(), 3u);
  auto two = Events(2);
  EXPECT_EQ(queue.TryPushBatch(two), EventQueue::PushResult::kOk);
  EXPECT_EQ(queue.size(), 5u);
  auto six = Events(6);
  EXPECT_EQ(queue.TryPushBatch(six), EventQueue::PushResult::kTooLarge);
}

TEST(EventQueue, ByteBudgetBoundsMemory) {
  EventQueue queue(1000, 64 * 1024);
  auto big = Events(1, 40 * 1024);
  EXPECT_EQ(queue.TryPushBatch(big), EventQueue::PushResult::kOk);
  auto big2 = Events(1, 40 * 1024);
  EXPECT_EQ(queue.TryPushBatch(big2), EventQueue::PushResult::kFull);
  auto huge = Events(1, 100 * 1024);
  EXPECT_EQ(queue.TryPushBatch(huge), EventQueue::PushResult::kTooLarge);
  std::vector<metrics::Event> out;
  ASSERT_TRUE(queue.PopBatch(out, 10));
  EXPECT_EQ(queue.bytes(), 0u);
  EXPECT_EQ(queue.TryPushBatch(big2), EventQueue::PushResult::kOk);
}

TEST(EventQueue, CloseRefusesPushesAndDrainsWhatIsQueued) {
  EventQueue queue(10, 1 << 20);
  auto four = Events(4);
  ASSERT_EQ(queue.TryPushBatch(four), EventQueue::PushResult::kOk);
  queue.Close();
  auto one = Events(1);
  EXPECT_EQ(queue.TryPushBatch(one), EventQueue::PushResult::kClosed);
  std::vector<metrics::Event> out;
  ASSERT_TRUE(queue.PopBatch(out, 3));
  EXPECT_EQ(out.size(), 3u);
  ASSERT_TRUE(queue.PopBatch(out, 3));
  EXPECT_EQ(out.size(), 1u);
  EXPECT_FALSE(queue.PopBatch(out, 3));
}

TEST(EventQueue, ManyProducersAndConsumersLoseNothing) {
  EventQueue queue(64, 1 << 20);
  std::atomic<int> popped{0};
  std::vector<std::thread> consumers;
  for (int c = 0; c < 3; ++c) {
    consumers.emplace_back([&] {
      std::vector<metrics::Event> out;
      while (queue.PopBatch(out, 8)) popped += static_cast<int>(out.size());
    });
  }
  std::atomic<int> pushed{0};
  std::vector<std::thread> producers;
  for (int p = 0; p < 3; ++p) {
    producers.emplace_back([&] {
      for (int i = 0; i < 2000;) {
        auto batch = Events(1 + i % 4);
        if (queue.TryPushBatch(batch) == EventQueue::PushResult::kOk) {
          pushed += 1 + i % 4;
          ++i;
        } else {
          std::this_thread::yield();
        }
      }
    });
  }
  for (auto& t : producers) t.join();
  queue.Close();
  for (auto& t : consumers) t.join();
  EXPECT_EQ(popped.load(), pushed.load());
  EXPECT_EQ(queue.size(), 0u);
}

}  // namespace
}  // namespace micrometrics::daemon
