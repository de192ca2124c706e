#include "daemon/pipeline/example_file.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "daemon/pipeline/metric_book.h"
#include "metrics/ingest/event_json.h"
#include "metrics/ingest/time.h"

namespace micrometrics::daemon {
namespace {

using json = nlohmann::ordered_json;
constexpr size_t kQueue = 1024;

}  // namespace

json ExampleToJson(const metrics::FailingExample& e, size_t max_chars) {
  json labels = json::object();
  for (const auto& [k, v] : e.labels) labels[k] = v;
  return {{"event_id", e.event_id},
          {"conversation_id", e.conversation_id},
          {"time", metrics::FormatRfc3339(e.time)},
          {"labels", std::move(labels)},
          {"reason", e.reason},
          {"text", metrics::RedactExample(e.source, max_chars)}};
}

ExampleFile::ExampleFile(const config::ExamplesConfig& config,
                         ExampleFileCounts& counts)
    : config_(config), counts_(counts), thread_([this] { Run(); }) {}

ExampleFile::~ExampleFile() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void ExampleFile::Append(const std::string& metric,
                         const metrics::FailingExample& e) {
  {
    std::lock_guard lock(mu_);
    if (queue_.size() >= kQueue) {
      ++counts_.dropped;
      return;
    }
    queue_.emplace_back(metric, e);
  }
  cv_.notify_one();
}

void ExampleFile::Run() {
  std::FILE* out = nullptr;
  uint64_t size = 0;
  uint64_t next_error_log = 1;
  auto open = [&] {
    // A line cut short by a crash is ended first, so the next one is whole.
    bool ends_in_newline = true;
    if (std::FILE* in = std::fopen(config_.file.c_str(), "rb")) {
      if (std::fseek(in, -1, SEEK_END) == 0) {
        ends_in_newline = std::fgetc(in) == '\n';
      }
      std::fclose(in);
    }
    out = std::fopen(config_.file.c_str(), "a");
    if (out && !ends_in_newline) std::fputc('\n', out);
    struct stat st {};
    size = (out && stat(config_.file.c_str(), &st) == 0)
               ? static_cast<uint64_t>(st.st_size)
               : 0;
  };
  for (;;) {
    std::string metric;
    metrics::FailingExample e;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) break;  // stopping, all written
      metric = std::move(queue_.front().first);
      e = std::move(queue_.front().second);
      queue_.pop_front();
    }
    // Redacted here, off the workers.
    json line = {{"metric", metric}};
    line.update(ExampleToJson(e, config_.max_chars));
    const std::string text =
        line.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    if (out && size + text.size() > config_.file_max_bytes) {
      std::fclose(out);
      out = nullptr;
      std::rename(config_.file.c_str(), (config_.file + ".1").c_str());
    }
    if (!out) open();
    if (!out || std::fwrite(text.data(), 1, text.size(), out) != text.size() ||
        std::fflush(out) != 0) {
      // A full or missing disk costs examples, never ingest.
      if (++counts_.failed >= next_error_log) {
        next_error_log *= 10;
        spdlog::warn("examples.file {}: cannot write ({} failed so far): {}",
                     config_.file, counts_.failed.load(), std::strerror(errno));
      }
      if (out) {
        std::fclose(out);
        out = nullptr;
      }
      continue;
    }
    size += text.size();
    ++counts_.written;
  }
  if (out) std::fclose(out);
}

std::map<std::string, std::vector<metrics::FailingExample>> ExampleFile::Load(
    const config::ExamplesConfig& config) {
  std::map<std::string, std::deque<metrics::FailingExample>> newest;
  for (const std::string& path : {config.file + ".1", config.file}) {
    std::ifstream in(path);
    std::string text;
    size_t line_number = 0;
    size_t damaged = 0;
    size_t first_damaged = 0;
    while (std::getline(in, text)) {
      ++line_number;
      json line = json::parse(text, nullptr, false);
      if (!line.is_object() || !line.contains("metric") ||
          !line["metric"].is_string()) {
        // A partial last line (a crash mid-write), or a line edited by hand:
        // said, not skipped silently.
        if (damaged++ == 0) first_damaged = line_number;
        continue;
      }
      metrics::FailingExample e;
      e.event_id = line.value("event_id", "");
      e.conversation_id = line.value("conversation_id", "");
      if (auto t = metrics::ParseRfc3339(line.value("time", ""))) e.time = *t;
      if (line.contains("labels") && line["labels"].is_object()) {
        for (const auto& [k, v] : line["labels"].items()) {
          if (v.is_string()) e.labels.emplace_back(k, v.get<std::string>());
        }
      }
      e.reason = line.value("reason", "");
      e.source = line.value("text", "");
      auto& list = newest[line["metric"].get<std::string>()];
      list.push_back(std::move(e));
      if (list.size() > config.per_metric) list.pop_front();
    }
    if (damaged > 0) {
      spdlog::warn(
          "examples file {}:{}: damaged line skipped ({} damaged of {} lines; "
          "a write cut short by a crash leaves one at the end)",
          path, first_damaged, damaged, line_number);
    }
  }
  std::map<std::string, std::vector<metrics::FailingExample>> out;
  for (auto& [metric, list] : newest) {
    out[metric].assign(std::make_move_iterator(list.begin()),
                       std::make_move_iterator(list.end()));
  }
  return out;
}

}  // namespace micrometrics::daemon
