// The examples file: what a write holds within its limit, and what a read
// takes from a file larger than it.
#include "daemon/pipeline/example_file.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace micrometrics::daemon {
namespace {

using json = nlohmann::json;
using std::chrono::seconds;

metrics::FailingExample Example(const std::string& id, int at) {
  metrics::FailingExample e;
  e.event_id = id;
  e.time = std::chrono::system_clock::time_point(seconds(1800000000 + at));
  e.reason = "because";
  e.source = "write to " + id + "@example.com";
  return e;
}

TEST(ExampleFile, EncodesRedactedLinesAndKeepsTheNewestWithinTheLimit) {
  config::ExamplesConfig config;
  ExamplesByMetric examples;
  examples["a"] = {Example("a1", 1), Example("a2", 4)};
  examples["b"] = {Example("b1", 2), Example("b2", 3)};
  size_t left_out = 9;
  const std::string all = ExampleFile::Encode(examples, config, &left_out);
  EXPECT_EQ(left_out, 0u);
  std::istringstream in(all);
  std::vector<json> lines;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(json::parse(line));
  }
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0]["metric"], "a");
  EXPECT_EQ(lines[0]["event_id"], "a1");
  EXPECT_EQ(lines[0]["text"], "write to [EMAIL]");
  EXPECT_EQ(lines[3]["event_id"], "b2");

  // Room for two lines: the two newest of all metrics, in file order.
  config.file_max_bytes = all.size() / 2;
  const std::string two = ExampleFile::Encode(examples, config, &left_out);
  EXPECT_EQ(left_out, 2u);
  EXPECT_LE(two.size(), config.file_max_bytes);
  EXPECT_EQ(two.find("\"a1\""), std::string::npos) << two;
  EXPECT_EQ(two.find("\"b1\""), std::string::npos) << two;
  EXPECT_LT(two.find("\"a2\""), two.find("\"b2\"")) << two;
}

TEST(ExampleFile, ReadsTheEndOfAFileLargerThanTheLimit) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "example-file-XXXXXX").string();
  const std::string dir = mkdtemp(pattern.data());
  config::ExamplesConfig config;
  config.file = dir + "/examples.jsonl";
  config.per_metric = 3;
  config.file_max_bytes = 4096;
  {
    std::ofstream out(config.file);
    for (int i = 0; i < 1000; ++i) {
      out << json{{"metric", "m"}, {"event_id", "e" + std::to_string(i)}}.dump()
          << "\n";
    }
  }
  ExamplesByMetric loaded = ExampleFile::Load(config);
  ASSERT_EQ(loaded["m"].size(), 3u);
  EXPECT_EQ(loaded["m"][0].event_id, "e997");
  EXPECT_EQ(loaded["m"][2].event_id, "e999");
  // Nothing there is nothing loaded.
  config.file = dir + "/none.jsonl";
  EXPECT_TRUE(ExampleFile::Load(config).empty());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace micrometrics::daemon
