#include "daemon/cli/replay.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <thread>

#include "config/config.h"
#include "daemon/judge/judge_call.h"
#include "daemon/judge/judges.h"
#include "daemon/pipeline/event_queue.h"
#include "daemon/pipeline/worker_pool.h"
#include "metrics/ingest/event_json.h"
#include "metrics/pipeline.h"
#include "metrics/registry.h"

namespace micrometrics::daemon {
namespace {

constexpr int kExitUsage = 2;
constexpr size_t kMaxLineBytes = 64 * 1024 * 1024;
constexpr size_t kBadLinesShown = 20;
constexpr size_t kBadLinesKept = 100;

// Lines of a plain or gzip-compressed file (zlib reads both), in chunks.
class LineReader {
 public:
  explicit LineReader(const std::string& path) {
    int fd = path == "-" ? dup(STDIN_FILENO) : open(path.c_str(), O_RDONLY);
    if (fd < 0) {
      error_ = std::string(std::strerror(errno));
      return;
    }
    struct stat st {};
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
      size_ = static_cast<uint64_t>(st.st_size);
    }
    gz_ = gzdopen(fd, "rb");
    if (!gz_) {
      close(fd);
      error_ = "cannot open";
      return;
    }
    gzbuffer(gz_, 1 << 18);
  }
  ~LineReader() {
    if (gz_) gzclose(gz_);
  }
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  const std::string& error() const { return error_; }
  /// Bytes of the file (compressed) so far, and in all; 0 when unknown.
  uint64_t offset() const {
    return gz_ ? static_cast<uint64_t>(gzoffset(gz_)) : 0;
  }
  uint64_t size() const { return size_; }

  /// The next line without its newline; false at the end (or on a read
  /// error, then error() says so). `too_long` lines are skipped to their end.
  bool Next(std::string& line, bool& too_long) {
    line.clear();
    too_long = false;
    for (;;) {
      const size_t nl = buffer_.find('\n', pos_);
      if (nl != std::string::npos) {
        if (!too_long) line.append(buffer_, pos_, nl - pos_);
        pos_ = nl + 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return true;
      }
      if (!too_long) line.append(buffer_, pos_, std::string::npos);
      if (line.size() > kMaxLineBytes) {
        too_long = true;
        line.clear();
      }
      buffer_.resize(1 << 20);
      const int n =
          gzread(gz_, buffer_.data(), static_cast<unsigned>(buffer_.size()));
      pos_ = 0;
      if (n <= 0) {
        buffer_.clear();
        if (n < 0) {
          int code = 0;
          error_ = gzerror(gz_, &code);
        }
        return !line.empty() || too_long;
      }
      buffer_.resize(static_cast<size_t>(n));
    }
  }

 private:
  gzFile gz_ = nullptr;
  std::string error_;
  uint64_t size_ = 0;
  std::string buffer_;
  size_t pos_ = 0;
};

std::string Duration(double seconds) {
  const auto s = static_cast<long>(seconds);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60,
                s % 60);
  return buf;
}

// "\r 41% 1.2 GB  412,000 events  48,100/s  ETA 0:00:45" on stderr.
void ShowProgress(std::ostream& err, const LineReader& reader, uint64_t events,
                  double seconds) {
  char line[160];
  const double rate = seconds > 0 ? static_cast<double>(events) / seconds : 0;
  const double mb = static_cast<double>(reader.offset()) / 1e6;
  if (reader.size() > 0) {
    const double done = static_cast<double>(reader.offset()) /
                        static_cast<double>(reader.size());
    const double eta = done > 0 ? seconds * (1 - done) / done : 0;
    std::snprintf(line, sizeof line,
                  "\r%3.0f%%  %.1f MB  %llu events  %.0f/s  ETA %s   ",
                  done * 100, mb, static_cast<unsigned long long>(events), rate,
                  Duration(eta).c_str());
  } else {
    std::snprintf(line, sizeof line, "\r%.1f MB  %llu events  %.0f/s   ", mb,
                  static_cast<unsigned long long>(events), rate);
  }
  err << line << std::flush;
}

// Events a replay's judges did not ask about, by reason.
struct JudgeTally {
  std::atomic<uint64_t> not_sampled{0};
  std::atomic<uint64_t> budget{0};
  std::atomic<uint64_t> breaker_open{0};
};

// A replay worker's judge: asks (blocking) when the pipeline defers an
// event to a judge metric, and records the verdict in the worker's tally.
class JudgePart final : public metrics::VerdictSink {
 public:
  JudgePart(const std::map<size_t, std::unique_ptr<BlockingJudge>>& judges,
            JudgeTally& judged, metrics::ReplayTally& tally)
      : judges_(judges), judged_(judged), tally_(tally) {}
  void Record(size_t, const metrics::Verdict&, double,
              const metrics::EventContext&) override {}
  void Defer(size_t metric, const metrics::EventContext& event) override {
    auto it = judges_.find(metric);
    if (it == judges_.end()) return;
    std::string why;
    if (auto verdict =
            it->second->Judge(*event.event, true, &why, event.failed)) {
      tally_.Record(metric, *verdict);
    } else if (why == "not_sampled" || why == "not_flagged") {
      ++judged_.not_sampled;
    } else if (why == "budget") {
      ++judged_.budget;
    } else {
      ++judged_.breaker_open;
    }
  }

 private:
  const std::map<size_t, std::unique_ptr<BlockingJudge>>& judges_;
  JudgeTally& judged_;
  metrics::ReplayTally& tally_;
};

}  // namespace

int EvaluateFile(const config::Config& config, const ReplayArgs& args,
                 std::ostream& err, ReplayRun* run) {
  const metrics::ReplayOptions& options = args.options;
  LineReader reader(args.input);
  if (!reader.error().empty()) {
    err << args.input << ": " << reader.error() << "\n";
    return kExitUsage;
  }

  // Judge metrics ask their endpoint from the workers, with the metric's
  // sampling, cache, budget and breaker (one of each per metric, shared).
  std::map<size_t, std::unique_ptr<BlockingJudge>> judges;
  JudgeTally judged;
  try {
    const Judges::Keys keys = Judges::ReadKeys(config.metrics);
    for (size_t i = 0; i < config.metrics.size(); ++i) {
      if (!JudgeSpecOf(config.metrics[i])) continue;
      auto key = keys.find(config.metrics[i].name);
      judges[i] = std::make_unique<BlockingJudge>(
          config.metrics[i], key == keys.end() ? "" : key->second,
          &config.metrics);
    }
  } catch (const std::exception& e) {
    err << e.what() << "\n";
    return kExitUsage;
  }

  const int workers = args.workers > 0
                          ? args.workers
                          : std::max(1u, std::thread::hardware_concurrency());
  // Bounded: the reader waits when the workers are behind.
  EventQueue queue(4096, 64 * 1024 * 1024);
  std::mutex tallies_mu;
  std::vector<std::unique_ptr<metrics::ReplayTally>> tallies;
  std::atomic<uint64_t> evaluated{0};
  WorkerPool pool(queue, workers, [&]() -> WorkerPool::BatchHandler {
    metrics::ReplayTally* tally;
    {
      std::lock_guard lock(tallies_mu);
      tallies.push_back(std::make_unique<metrics::ReplayTally>(
          config.metrics.size(), options));
      tally = tallies.back().get();
    }
    auto pipeline = std::make_shared<metrics::Pipeline>();
    if (!judges.empty()) {
      pipeline->Add(std::make_unique<JudgePart>(judges, judged, *tally));
    }
    pipeline->Add(*tally);
    return [&, pipeline](std::vector<metrics::Event>& batch) {
      for (const metrics::Event& event : batch) {
        pipeline->Process(config.metrics, event,
                          metrics::Pipeline::Clock::now());
      }
      evaluated.fetch_add(batch.size(), std::memory_order_relaxed);
    };
  });
  pool.Start();

  metrics::ReplayInput& input = run->input;
  input.source = args.input;
  metrics::EventParser parser;
  std::vector<metrics::Event> batch;
  std::string line;
  bool too_long = false;
  const auto start = std::chrono::steady_clock::now();
  auto last_progress = start;
  bool stopped = false;
  auto bad = [&](uint64_t number, const std::string& error) {
    ++input.bad_lines;
    if (input.bad_line_samples.size() < kBadLinesKept) {
      input.bad_line_samples.emplace_back(number, error);
    }
    if (args.progress) err << "\r\33[K";
    if (input.bad_lines <= kBadLinesShown || args.strict) {
      err << args.input << ":" << number << ": " << error << "\n";
    }
    if (args.strict) stopped = true;
  };
  while (!stopped && reader.Next(line, too_long)) {
    const uint64_t number = ++input.lines;
    if (too_long) {
      bad(number, "line longer than 64 MiB");
      continue;
    }
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    metrics::ParsedBody parsed = parser.Parse(line, metrics::BodyFormat::kJson);
    if (parsed.document_error) {
      bad(number, parsed.document_error->message);
      continue;
    }
    if (parsed.items != 1) {
      bad(number, "expected one event (a JSON object) per line, got " +
                      std::to_string(parsed.items));
      continue;
    }
    if (!parsed.errors.empty()) {
      bad(number, parsed.errors[0].message);
      continue;
    }
    parsed.events[0].sequence = number;
    batch.push_back(std::move(parsed.events[0]));
    ++input.events;
    if (batch.size() == 64) {
      queue.PushBatch(batch);
      batch.clear();
    }
    if (args.progress && (input.lines & 1023) == 0) {
      const auto now = std::chrono::steady_clock::now();
      if (now - last_progress > std::chrono::milliseconds(250)) {
        last_progress = now;
        ShowProgress(err, reader, evaluated.load(std::memory_order_relaxed),
                     std::chrono::duration<double>(now - start).count());
      }
    }
  }
  if (!batch.empty()) queue.PushBatch(batch);
  queue.Close();
  pool.Join();
  input.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  if (args.progress) err << "\r\33[K" << std::flush;
  for (const auto& [index, judge] : judges) {
    char cost[32];
    std::snprintf(cost, sizeof cost, "$%.4f", judge->cost_usd());
    err << "judge " << config.metrics[index].name << ": " << judge->asked()
        << " asked, " << judge->cached() << " from the cache, "
        << judge->tokens() << " tokens (" << cost
        << "); not asked: " << judged.not_sampled.load() << " not sampled, "
        << judged.budget.load() << " over the budget, "
        << judged.breaker_open.load() << " with the breaker open\n";
  }
  if (input.bad_lines > kBadLinesShown && !args.strict) {
    err << args.input << ": " << input.bad_lines - kBadLinesShown
        << " more bad lines not shown (" << input.bad_lines << " in all)\n";
  }
  if (stopped) {
    err << "stopped at the first bad line (--strict)\n";
    return kExitUsage;
  }
  if (!reader.error().empty()) {
    err << args.input << ": read error: " << reader.error() << "\n";
    return kExitUsage;
  }
  if (input.events == 0) {
    err << args.input << ": no events\n";
    return kExitUsage;
  }

  run->total =
      std::make_unique<metrics::ReplayTally>(config.metrics.size(), options);
  for (const auto& t : tallies) run->total->Merge(*t);
  return 0;
}

int RunReplay(const ReplayArgs& args, std::ostream& out, std::ostream& err) {
  metrics::EvaluatorRegistry registry;
  metrics::RegisterBuiltinEvaluators(registry);
  config::Config config;
  try {
    config = args.config_path.empty()
                 ? config::ParseConfig(config::DefaultConfigYaml(), "<default>",
                                       registry)
                 : config::LoadConfigFile(args.config_path, registry);
  } catch (const config::ConfigError& e) {
    err << e.what() << "\n";
    return kExitUsage;
  }
  const metrics::ReplayOptions& options = args.options;
  for (const auto& field : options.by) {
    if (!metrics::Event::IsSelectableField(field)) {
      err << "--by: unknown event field '" << field << "'\n";
      return kExitUsage;
    }
  }
  if (options.compare &&
      !metrics::Event::IsSelectableField(options.compare->field)) {
    err << "--compare: unknown event field '" << options.compare->field
        << "'\n";
    return kExitUsage;
  }
  for (const auto& gate : options.gates) {
    if (gate.regression && !options.compare) {
      err << "--fail-on regression needs --compare FIELD=A,B\n";
      return kExitUsage;
    }
    if (!gate.regression &&
        std::none_of(config.metrics.begin(), config.metrics.end(),
                     [&](const auto& m) { return m.name == gate.metric; })) {
      err << "--fail-on '" << gate.text << "': no metric '" << gate.metric
          << "' in " << config.source << "\n";
      return kExitUsage;
    }
  }

  ReplayRun run;
  if (int code = EvaluateFile(config, args, err, &run)) return code;
  const metrics::ReplayTally& total = *run.total;
  const metrics::ReplayInput& input = run.input;
  if (options.compare) {
    for (const auto* side : {&options.compare->a, &options.compare->b}) {
      const auto& arm =
          side == &options.compare->a ? total.baseline() : total.candidate();
      if (arm.events == 0) {
        err << "--compare: no events with " << options.compare->field << "="
            << *side << "\n";
        return kExitUsage;
      }
    }
  }
  metrics::ReplayReport report =
      metrics::BuildReplayReport(total, config.metrics, options, input);
  if (args.format == "json") {
    out << metrics::RenderReplayJson(report);
  } else if (args.format == "markdown") {
    out << metrics::RenderReplayMarkdown(report);
  } else {
    out << metrics::RenderReplayTable(report);
  }
  out.flush();
  return report.exit_code;
}

}  // namespace micrometrics::daemon
