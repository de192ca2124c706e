#include "daemon/pipeline/example_file.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "daemon/storage/atomic_file.h"
#include "metrics/ingest/event_json.h"
#include "metrics/ingest/time.h"

namespace micrometrics::daemon {
namespace {

using json = nlohmann::ordered_json;

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

ExampleFile::ExampleFile(const config::ExamplesConfig& config, Source source,
                         bool restore, ExampleFileCounts& counts)
    : config_(config),
      source_(std::move(source)),
      counts_(counts),
      loaded_(!restore),
      thread_([this, restore] { Run(restore); }) {}

ExampleFile::~ExampleFile() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void ExampleFile::WriteNow() {
  {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return loaded_; });
  }
  std::lock_guard write(write_mu_);
  WriteIfChanged();
}

void ExampleFile::Run(bool restore) {
  if (restore) {
    // Off the start-up path: /readyz does not wait for an old, large file.
    source_.restore(Load(config_));
    {
      std::lock_guard lock(mu_);
      loaded_ = true;
    }
    cv_.notify_all();
  }
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait_for(lock, config_.file_write_interval,
                 [this] { return stopping_; });
    const bool stop = stopping_;
    lock.unlock();
    {
      std::lock_guard write(write_mu_);
      WriteIfChanged();
    }
    if (stop) return;
    lock.lock();
  }
}

void ExampleFile::WriteIfChanged() {
  const uint64_t version = source_.version();
  if (written_once_ && version == written_version_) return;
  size_t left_out = 0;
  const std::string text = Encode(source_.snapshot(), config_, &left_out);
  const std::string error = WriteFileAtomically(config_.file, text);
  if (!error.empty()) {
    // A full or missing disk costs the copy on disk, never ingest. Logged
    // once per run of failures; tried again at the next interval.
    ++counts_.failed;
    if (!last_failed_) {
      spdlog::error(
          "examples file: {} (examples will not survive a restart until this "
          "is fixed)",
          error);
    }
    last_failed_ = true;
    return;
  }
  ++counts_.written;
  if (last_failed_)
    spdlog::info("examples file: writing {} again", config_.file);
  last_failed_ = false;
  if (left_out > 0 && !warned_left_out_) {
    warned_left_out_ = true;
    spdlog::warn(
        "examples file {}: the oldest {} examples left out to stay within "
        "examples.file_max_bytes ({} bytes)",
        config_.file, left_out, config_.file_max_bytes);
  }
  if (!written_once_) {
    // FILE.1 of an older version (which rotated instead of compacting) was
    // read at start and is in this file now.
    std::error_code ec;
    if (std::filesystem::remove(config_.file + ".1", ec)) {
      spdlog::info("examples file: {}.1 merged into {} and removed",
                   config_.file, config_.file);
    }
  }
  written_once_ = true;
  written_version_ = version;
}

std::string ExampleFile::Encode(const ExamplesByMetric& examples,
                                const config::ExamplesConfig& config,
                                size_t* left_out) {
  struct Line {
    std::chrono::system_clock::time_point time;
    std::string text;
    bool kept = true;
  };
  std::vector<Line> lines;
  uint64_t total = 0;
  for (const auto& [metric, list] : examples) {
    for (const auto& e : list) {
      json line = {{"metric", metric}};
      line.update(ExampleToJson(e, config.max_chars));
      lines.push_back(
          {e.time,
           line.dump(-1, ' ', false, json::error_handler_t::replace) + "\n"});
      total += lines.back().text.size();
    }
  }
  *left_out = 0;
  if (total > config.file_max_bytes) {
    // Within the limit, the newest examples of all metrics win.
    std::vector<Line*> by_age;
    for (Line& l : lines) by_age.push_back(&l);
    std::stable_sort(
        by_age.begin(), by_age.end(),
        [](const Line* a, const Line* b) { return a->time > b->time; });
    uint64_t size = 0;
    for (Line* l : by_age) {
      if (size + l->text.size() > config.file_max_bytes) {
        l->kept = false;
        ++*left_out;
      } else {
        size += l->text.size();
      }
    }
  }
  std::string out;
  out.reserve(
      static_cast<size_t>(std::min<uint64_t>(total, config.file_max_bytes)));
  for (const Line& l : lines) {
    if (l.kept) out += l.text;
  }
  return out;
}

namespace {

/// Adds the examples of one file to `newest` (at most `per_metric` each).
void LoadOne(
    const std::string& path, const config::ExamplesConfig& config,
    std::map<std::string, std::deque<metrics::FailingExample>>& newest) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return;  // none yet
  if (!S_ISREG(st.st_mode)) {
    spdlog::warn("examples file {}: not a regular file, not read", path);
    return;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    spdlog::warn("examples file {}: cannot read: {}", path,
                 std::strerror(errno));
    return;
  }
  const auto size = static_cast<uint64_t>(st.st_size);
  uint64_t offset = 0;
  std::string text;
  if (size > config.file_max_bytes) {
    // Only a file of an older version (which appended every failing event)
    // is this large; its end holds the newest.
    offset = size - config.file_max_bytes;
    in.seekg(static_cast<std::streamoff>(offset));
    std::getline(in, text);  // the line the offset cut
    spdlog::info(
        "examples file {}: {} bytes, more than examples.file_max_bytes; "
        "reading its last {}",
        path, size, config.file_max_bytes);
  }
  size_t line_number = 0;
  size_t damaged = 0;
  size_t first_damaged = 0;
  while (std::getline(in, text)) {
    ++line_number;
    json line = json::parse(text, nullptr, false);
    if (!line.is_object() || !line.contains("metric") ||
        !line["metric"].is_string()) {
      // A line cut short (a crash of a version that appended), or edited
      // by hand: said, not skipped silently.
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
        "examples file {}:{}: damaged line skipped ({} damaged of {} lines{}; "
        "a line cut short by a crash, or edited by hand)",
        path, first_damaged, damaged, line_number,
        offset > 0 ? fmt::format(" after byte {}", offset) : std::string());
  }
}

}  // namespace

ExamplesByMetric ExampleFile::Load(const config::ExamplesConfig& config) {
  std::map<std::string, std::deque<metrics::FailingExample>> newest;
  for (const std::string& path : {config.file + ".1", config.file}) {
    LoadOne(path, config, newest);
  }
  ExamplesByMetric out;
  for (auto& [metric, list] : newest) {
    out[metric].assign(std::make_move_iterator(list.begin()),
                       std::make_move_iterator(list.end()));
  }
  return out;
}

}  // namespace micrometrics::daemon
