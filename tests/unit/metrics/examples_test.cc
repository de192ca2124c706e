#include "metrics/reports/examples.h"

#include <gtest/gtest.h>

namespace micrometrics::metrics {
namespace {

TEST(ExampleRing, KeepsTheNewestWithinItsCapacity) {
  ExampleRing ring(3);
  for (int i = 0; i < 5; ++i) {
    FailingExample e;
    e.event_id = "e" + std::to_string(i);
    ring.Add(e);
  }
  EXPECT_EQ(ring.size(), 3u);
  auto newest = ring.Newest(10);
  ASSERT_EQ(newest.size(), 3u);
  EXPECT_EQ(newest[0].event_id, "e4");
  EXPECT_EQ(newest[2].event_id, "e2");
  EXPECT_EQ(ring.Newest(1).size(), 1u);
  ring.set_capacity(1);
  EXPECT_EQ(ring.Newest(10)[0].event_id, "e4");
  ExampleRing none(0);
  none.Add(FailingExample{});
  EXPECT_EQ(none.size(), 0u);
}

TEST(ExampleRing, OlderExamplesGoBehindAsFarAsThereIsRoom) {
  auto example = [](const std::string& id) {
    FailingExample e;
    e.event_id = id;
    return e;
  };
  ExampleRing ring(3);
  ring.Add(example("new"));
  // Restored from the last run: oldest first; the newest two fit.
  ring.AddOlder({example("old1"), example("old2"), example("old3")});
  auto newest = ring.Newest(10);
  ASSERT_EQ(newest.size(), 3u);
  EXPECT_EQ(newest[0].event_id, "new");
  EXPECT_EQ(newest[1].event_id, "old3");
  EXPECT_EQ(newest[2].event_id, "old2");
  ring.AddOlder({example("older")});
  EXPECT_EQ(ring.size(), 3u) << "a full ring takes no older ones";
}

TEST(ExampleText, RedactsBeforeCuttingAndMarksTheCut) {
  Event e;
  e.output = "Mail jane.doe@example.org now";
  EXPECT_EQ(ExampleText(e, 100), "Mail [EMAIL] now");
  // The cut falls inside the address: it is still recognised and redacted
  // as a whole, never shown in part.
  EXPECT_EQ(ExampleText(e, 12), "Mail [EMAIL]...");
  EXPECT_EQ(ExampleText(e, 8), "Mail [EM...");
  // Code points, not bytes.
  e.output = "Grüße aus Köln, schöne Grüße";
  EXPECT_EQ(ExampleText(e, 9), "Grüße aus...");
  // The input when there is no reply; nothing when neither.
  Event input_only;
  input_only.input = "card 4111 1111 1111 1111";
  EXPECT_EQ(ExampleText(input_only, 50), "card [CARD]");
  EXPECT_EQ(ExampleText(Event{}, 50), "");
  // The stored source is bounded, whatever the reply's size.
  Event big;
  big.output = std::string(1 << 20, 'x');
  EXPECT_LE(ExampleSource(big, 300).size(), 300u + 256u + 1u);
  EXPECT_EQ(RedactExample(ExampleSource(big, 5), 5), "xxxxx...");
}

}  // namespace
}  // namespace micrometrics::metrics
