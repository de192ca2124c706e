// The compact series stores and the text they are exposed as.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "daemon/exposition/label_sets.h"
#include "daemon/exposition/text_writer.h"
#include "daemon/otlp/otlp.h"
#include "daemon/server/http.h"

namespace micrometrics::daemon {
namespace {

TEST(TextWriter, MergesSortedLabelsEscapesValuesAndPutsLeLast) {
  std::string text;
  {
    TextWriter out([&](std::string_view c) { text += c; });
    out.Family("x_total", "Help with \\ and\nnewline.", "counter");
    const Label set[] = {{"model", "gpt \"4\""}, {"route", "a\\b\nc"}};
    const Label extra[] = {{"metric", "m"}, {"outcome", "fail"}};
    out.Sample("x_total", set, extra, uint64_t{3});
    out.Sample("y", {}, {}, 0.1 + 0.2);
    AtomicHistogram<2> h;
    const std::array<double, 2> bounds{0.5, 1};
    h.Observe(bounds, 0.5);  // upper bounds are inclusive
    h.Observe(bounds, 0.7);
    h.Observe(bounds, 9);
    WriteHistogram(out, "h", extra, {}, bounds, h);
  }
  EXPECT_EQ(text,
            "# HELP x_total Help with \\\\ and\\nnewline.\n"
            "# TYPE x_total counter\n"
            "x_total{metric=\"m\",model=\"gpt \\\"4\\\"\",outcome=\"fail\","
            "route=\"a\\\\b\\nc\"} 3\n"
            "y 0.30000000000000004\n"
            "h_bucket{metric=\"m\",outcome=\"fail\",le=\"0.5\"} 1\n"
            "h_bucket{metric=\"m\",outcome=\"fail\",le=\"1\"} 2\n"
            "h_bucket{metric=\"m\",outcome=\"fail\",le=\"+Inf\"} 3\n"
            "h_sum{metric=\"m\",outcome=\"fail\"} 10.2\n"
            "h_count{metric=\"m\",outcome=\"fail\"} 3\n");
}

TEST(TextWriter, HandsTheTextOverInChunks) {
  std::vector<size_t> chunks;
  std::string text;
  {
    TextWriter out(
        [&](std::string_view c) {
          chunks.push_back(c.size());
          text += c;
        },
        100);
    for (int i = 0; i < 50; ++i) out.Sample("sample_name", {}, {}, 1.0);
  }
  EXPECT_EQ(text.size(), 50u * 14);
  EXPECT_GT(chunks.size(), 5u);
  for (size_t c : chunks) EXPECT_LT(c, 100u + 14);
}

TEST(Gzip, AcceptEncoding) {
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("identity, GZIP;q=0.5"));
  EXPECT_TRUE(AcceptsGzip("gzip, deflate, br"));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("deflate, br"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip; q=0.000"));
  EXPECT_FALSE(AcceptsGzip("x-gzip2"));
}

TEST(Gzip, ChunksRoundTrip) {
  std::string plain;
  for (int i = 0; i < 20000; ++i) {
    plain += "micrometrics_checks_total{metric=\"m" + std::to_string(i % 7) +
             "\"} " + std::to_string(i) + "\n";
  }
  std::string zipped;
  {
    GzipWriter gzip(zipped);
    for (size_t i = 0; i < plain.size(); i += 1000) {
      gzip.Write(std::string_view(plain).substr(i, 1000));
    }
    gzip.Finish();
  }
  EXPECT_LT(zipped.size(), plain.size() / 5);
  EXPECT_EQ(Gunzip(zipped, 1 << 30), plain);
}

TEST(LabelSets, DenseIdsSortedLabelsAndTheOverflowSet) {
  LabelSets sets({"route", "model"}, 2);
  bool overflow = false;
  auto* a = sets.Find({"r1", "m1"}, &overflow);
  auto* b = sets.Find({"r2", "m1"}, &overflow);
  EXPECT_FALSE(overflow);
  EXPECT_EQ(sets.Find({"r1", "m1"}, &overflow), a);
  EXPECT_EQ(a->id, 0u);
  EXPECT_EQ(b->id, 1u);
  // Past max_sets: every new combination shares the __other__ set.
  auto* c = sets.Find({"r3", "m1"}, &overflow);
  EXPECT_TRUE(overflow);
  overflow = false;
  EXPECT_EQ(sets.Find({"r4", "m2"}, &overflow), c);
  EXPECT_TRUE(overflow);
  EXPECT_EQ(c->values, (std::vector<std::string>{"__other__", "__other__"}));
  EXPECT_EQ(sets.size(), 3u);
  overflow = false;
  EXPECT_EQ(sets.Find({"r2", "m1"}, &overflow), b);  // known sets still count
  EXPECT_FALSE(overflow);

  std::vector<std::string> seen;
  sets.ForEach([&](const LabelSets::Set& set, std::span<const Label> labels) {
    ASSERT_EQ(labels.size(), 2u);
    EXPECT_EQ(labels[0].name, "model");  // sorted by name
    seen.push_back(std::to_string(set.id) + ":" + std::string(labels[0].value) +
                   "," + std::string(labels[1].value));
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"0:m1,r1", "1:m1,r2",
                                            "2:__other__,__other__"}));
}

TEST(LabelSets, ConcurrentFindsAgreeAndIdsStayDense) {
  LabelSets sets({"route"}, 100000);
  constexpr int kThreads = 4, kSets = 5000;
  std::vector<std::vector<LabelSets::Set*>> found(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kSets; ++i) {
        found[t].push_back(sets.Find({"r" + std::to_string(i)}, nullptr));
        LabelSets::Observe(found[t].back(), LabelSets::kDuration, 1);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(sets.size(), size_t{kSets});
  std::set<uint32_t> ids;
  for (int i = 0; i < kSets; ++i) {
    for (int t = 1; t < kThreads; ++t) EXPECT_EQ(found[t][i], found[0][i]);
    ids.insert(found[0][i]->id);
    uint64_t n = 0;
    for (const auto& b : found[0][i]->genai[LabelSets::kDuration].buckets) {
      n += b.load();
    }
    EXPECT_EQ(n, uint64_t{kThreads});
  }
  EXPECT_EQ(ids.size(), size_t{kSets});
  EXPECT_EQ(*ids.rbegin(), uint32_t{kSets - 1});
}

TEST(ChunkedArray, ElementsNeverMoveAndStartAtZero) {
  ChunkedArray<std::atomic<uint64_t>, 4> a(10);
  EXPECT_EQ(a.capacity(), 12u);
  EXPECT_EQ(a.Get(5), nullptr);
  std::atomic<uint64_t>* p = &a.At(5);
  EXPECT_EQ(p->load(), 0u);
  p->store(7);
  a.At(11).store(1);
  EXPECT_EQ(&a.At(5), p);
  EXPECT_EQ(a.Get(5)->load(), 7u);
  EXPECT_EQ(a.Get(0), nullptr);     // chunk 0 never used
  EXPECT_EQ(a.Get(4)->load(), 0u);  // 5's chunk, allocated with it
  EXPECT_EQ(a.Get(11)->load(), 1u);
}

}  // namespace
}  // namespace micrometrics::daemon
