#include "daemon/pipeline/metric_book.h"

#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

#include "daemon/judge/judge_calibration.h"
#include "metrics/ingest/time.h"

namespace micrometrics::daemon {
namespace {

using json = nlohmann::ordered_json;

int64_t MinuteOf(MetricBook::Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::minutes>(t.time_since_epoch())
      .count();
}

json Time(const std::optional<MetricBook::Clock::time_point>& t) {
  return t ? json(metrics::FormatRfc3339(*t)) : json(nullptr);
}

json Optional(const std::optional<double>& v) {
  return v ? json(*v) : json(nullptr);
}

// A judge against people: its agreement and the last hour's fail rate
// corrected for its error rates.
json CalibrationJson(const metrics::Confusion& c, uint64_t evaluated,
                     uint64_t fails) {
  std::optional<double> raw;
  if (evaluated > 0) {
    raw = static_cast<double>(fails) / static_cast<double>(evaluated);
  }
  json out = AgreementJson(c);
  out["fail_rate"] = Optional(raw);
  out["corrected_fail_rate"] =
      raw ? Optional(metrics::CorrectedFailRate(*raw, c)) : json(nullptr);
  return out;
}

}  // namespace

MetricBook::MetricBook(const std::vector<metrics::MicroMetric>& metrics,
                       const config::ExamplesConfig& examples,
                       std::vector<std::string> label_names)
    : label_names_(std::move(label_names)), examples_(examples) {
  const auto now = Clock::now();
  for (const auto& m : metrics) {
    auto entry = std::make_shared<Entry>(m.name, examples_.per_metric, now);
    entries_.push_back(entry);
    by_name_[m.name] = entry;
  }
  if (!examples_.file.empty()) {
    // The examples of the last run come back in the background.
    file_ = std::make_unique<ExampleFile>(examples_, FileSource(),
                                          /*restore=*/true, file_counts_);
  }
}

MetricBook::~MetricBook() { file_.reset(); }

void MetricBook::Reload(const std::vector<metrics::MicroMetric>& metrics,
                        const config::ExamplesConfig& examples,
                        const config::ConfigChanges& changes) {
  const bool file_changed = !(examples == examples_);
  // Saved to the old file (outside index_mu_, which its last write takes).
  if (file_changed) file_.reset();
  examples_ = examples;
  ++examples_version_;
  std::lock_guard index(index_mu_);
  const auto now = Clock::now();
  std::map<std::string, std::shared_ptr<Entry>> kept;
  for (const auto& name : changes.metrics_unchanged) {
    if (auto it = by_name_.find(name); it != by_name_.end()) {
      kept.emplace(name, it->second);
    }
  }
  entries_.clear();
  by_name_.clear();
  for (const auto& m : metrics) {
    std::shared_ptr<Entry> entry;
    if (auto it = kept.find(m.name); it != kept.end()) {
      entry = it->second;
      std::lock_guard lock(entry->mu);
      entry->examples.set_capacity(examples_.per_metric);
    } else {
      entry = std::make_shared<Entry>(m.name, examples_.per_metric, now);
    }
    entries_.push_back(entry);
    by_name_[m.name] = entry;
  }
  if (file_changed && !examples_.file.empty()) {
    // A new file (or new limits) starts from the rings; it is not read.
    file_ = std::make_unique<ExampleFile>(examples_, FileSource(),
                                          /*restore=*/false, file_counts_);
  }
}

ExampleFile::Source MetricBook::FileSource() {
  return {
      [this] { return examples_version_.load(std::memory_order_relaxed); },
      [this] { return SnapshotExamples(); },
      [this](ExamplesByMetric loaded) { RestoreExamples(std::move(loaded)); }};
}

ExamplesByMetric MetricBook::SnapshotExamples() const {
  ExamplesByMetric out;
  std::lock_guard index(index_mu_);
  for (const auto& entry : entries_) {
    std::vector<metrics::FailingExample> newest;
    {
      std::lock_guard lock(entry->mu);
      newest = entry->examples.Newest(entry->examples.size());
    }
    if (newest.empty()) continue;
    auto& list = out[entry->name];
    list.assign(std::make_move_iterator(newest.rbegin()),
                std::make_move_iterator(newest.rend()));
  }
  return out;
}

void MetricBook::RestoreExamples(ExamplesByMetric loaded) {
  std::lock_guard index(index_mu_);
  for (auto& [metric, list] : loaded) {
    auto it = by_name_.find(metric);
    if (it == by_name_.end()) continue;  // no longer configured
    std::lock_guard lock(it->second->mu);
    // Older than anything kept since start: behind it.
    it->second->examples.AddOlder(std::move(list));
  }
  ++examples_version_;
}

void MetricBook::SaveExamples() {
  if (file_) file_->WriteNow();
}

void MetricBook::Tally::Record(size_t index, const metrics::Event& event,
                               const metrics::Verdict& verdict,
                               const std::vector<std::string>& labels,
                               Clock::time_point now) {
  if (counts_.size() != book_.entries_.size()) {
    counts_.assign(book_.entries_.size(), Counts{});
  }
  Counts& c = counts_[index];
  c.outcomes.Add(verdict.outcome);
  if (verdict.outcome == metrics::Outcome::kFail) {
    c.last_failure = now;
    book_.Keep(*book_.entries_[index], event, verdict, labels, now);
  }
}

void MetricBook::Tally::Flush(Clock::time_point now) {
  const int64_t minute = MinuteOf(now);
  for (size_t i = 0; i < counts_.size() && i < book_.entries_.size(); ++i) {
    Counts& c = counts_[i];
    if (c.outcomes.total() == 0) continue;
    Entry& e = *book_.entries_[i];
    std::lock_guard lock(e.mu);
    e.outcomes.Merge(c.outcomes);
    Minute& m = e.minutes[static_cast<size_t>(minute % 60)];
    if (m.minute != minute) m = Minute{minute, 0, 0};
    m.evaluated += c.outcomes.decided();
    m.fails += c.outcomes.fail;
    if (c.last_failure) e.last_failure = c.last_failure;
    c = Counts{};
  }
}

void MetricBook::Keep(Entry& entry, const metrics::Event& event,
                      const metrics::Verdict& verdict,
                      const std::vector<std::string>& labels,
                      Clock::time_point now) {
  if (examples_.per_metric == 0) return;
  // Cheap on the worker: a bounded copy. Redaction happens when shown.
  metrics::FailingExample example;
  example.event_id = event.id;
  example.conversation_id = event.conversation_id;
  example.time = now;
  for (size_t i = 0; i < label_names_.size() && i < labels.size(); ++i) {
    example.labels.emplace_back(label_names_[i], labels[i]);
  }
  example.reason = verdict.reason;
  example.source = metrics::ExampleSource(event, examples_.max_chars);
  {
    std::lock_guard lock(entry.mu);
    entry.examples.Add(std::move(example));
  }
  examples_version_.fetch_add(1, std::memory_order_relaxed);
}

void MetricBook::MarkAlert(const std::string& metric, Clock::time_point t) {
  auto it = by_name_.find(metric);
  if (it == by_name_.end()) return;
  std::lock_guard lock(it->second->mu);
  it->second->last_alert = t;
}

std::string MetricBook::MetricsJson(
    const std::vector<metrics::MicroMetric>& metrics,
    const std::map<std::string, std::vector<std::string>>& rules,
    const std::map<std::string, metrics::Confusion>& calibration,
    Clock::time_point now) const {
  const int64_t minute = MinuteOf(now);
  const std::string today = metrics::FormatRfc3339(now).substr(0, 10);
  json list = json::array();
  for (size_t i = 0; i < metrics.size() && i < entries_.size(); ++i) {
    const auto& m = metrics[i];
    const Entry& e = *entries_[i];
    std::lock_guard lock(e.mu);
    auto count = [&](metrics::Outcome o) { return e.outcomes.Count(o); };
    uint64_t hour_evaluated = 0, hour_fails = 0;
    for (const Minute& b : e.minutes) {
      if (b.minute > minute - 60 && b.minute <= minute) {
        hour_evaluated += b.evaluated;
        hour_fails += b.fails;
      }
    }
    auto it = rules.find(m.name);
    json item = {
        {"name", m.name},
        {"type", m.type},
        {"description", m.description},
        {"owner", m.owner},
        {"stage", std::string(metrics::StageName(m.stage))},
        {"created", m.created.empty() ? json(nullptr) : json(m.created)},
        {"review_by", m.review_by.empty() ? json(nullptr) : json(m.review_by)},
        {"review_overdue", !m.review_by.empty() && today > m.review_by},
        {"since", metrics::FormatRfc3339(e.since)},
        {"counts",
         {{"evaluated",
           count(metrics::Outcome::kPass) + count(metrics::Outcome::kFail)},
          {"pass", count(metrics::Outcome::kPass)},
          {"fail", count(metrics::Outcome::kFail)},
          {"skipped", count(metrics::Outcome::kSkipped)},
          {"error", count(metrics::Outcome::kError)}}},
        {"last_hour",
         {{"evaluated", hour_evaluated},
          {"fails", hour_fails},
          {"fail_rate", hour_evaluated
                            ? json(static_cast<double>(hour_fails) /
                                   static_cast<double>(hour_evaluated))
                            : json(nullptr)}}},
        {"last_failure", Time(e.last_failure)},
        {"last_alert", Time(e.last_alert)},
        {"alert_rules", it == rules.end() ? json::array() : json(it->second)},
        {"examples", e.examples.size()},
        {"examples_url", "/api/v1/examples?metric=" + m.name}};
    if (m.type == "judge") {
      auto c = calibration.find(m.name);
      item["calibration"] = CalibrationJson(
          c == calibration.end() ? metrics::Confusion{} : c->second,
          hour_evaluated, hour_fails);
    }
    list.push_back(std::move(item));
  }
  return json{{"metrics", std::move(list)}}.dump();
}

std::vector<StatusPage::Metric> MetricBook::StatusRows(
    const std::vector<metrics::MicroMetric>& metrics,
    const std::map<std::string, std::vector<std::string>>& rules,
    size_t examples, Clock::time_point now) const {
  const int64_t minute = MinuteOf(now);
  const std::string today = metrics::FormatRfc3339(now).substr(0, 10);
  std::vector<StatusPage::Metric> rows;
  rows.reserve(metrics.size());
  for (size_t i = 0; i < metrics.size() && i < entries_.size(); ++i) {
    const auto& m = metrics[i];
    StatusPage::Metric row;
    row.name = m.name;
    row.type = m.type;
    row.stage = std::string(metrics::StageName(m.stage));
    row.owner = m.owner;
    row.description = m.description;
    row.review_by = m.review_by;
    row.review_overdue = !m.review_by.empty() && today > m.review_by;
    if (auto it = rules.find(m.name); it != rules.end()) row.rules = it->second;
    std::vector<metrics::FailingExample> kept;
    {
      const Entry& e = *entries_[i];
      std::lock_guard lock(e.mu);
      for (const Minute& b : e.minutes) {
        const int64_t age = minute - b.minute;
        if (age < 0 || age >= 60) continue;
        row.minutes[static_cast<size_t>(59 - age)] = {b.evaluated, b.fails};
        row.hour_evaluated += b.evaluated;
        row.hour_fails += b.fails;
      }
      if (examples > 0) kept = e.examples.Newest(examples);
    }
    for (const auto& x : kept) {  // redacted outside the lock
      row.examples.push_back(
          {metrics::FormatRfc3339(x.time), x.event_id, x.labels, x.reason,
           metrics::RedactExample(x.source, examples_.max_chars)});
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::optional<std::string> MetricBook::ExamplesJson(const std::string& metric,
                                                    size_t limit) const {
  auto it = by_name_.find(metric);
  if (it == by_name_.end()) return std::nullopt;
  std::vector<metrics::FailingExample> items;
  {
    std::lock_guard lock(it->second->mu);
    items = it->second->examples.Newest(limit);
  }
  json list = json::array();
  for (const auto& e : items) {
    list.push_back(ExampleToJson(e, examples_.max_chars));
  }
  return json{{"metric", metric}, {"examples", std::move(list)}}.dump();
}

void MetricBook::Collect(TextWriter& out) const {
  out.Family(series::kExamplesFileWrites);
  const std::pair<const char*, uint64_t> results[] = {
      {"failed", file_counts_.failed.load()},
      {"written", file_counts_.written.load()}};
  for (const auto& [result, n] : results) {
    const Label label[] = {{"result", result}};
    out.Sample(series::kExamplesFileWrites.name, label, {}, n);
  }
}

size_t MetricBook::examples_kept() const {
  size_t n = 0;
  for (const auto& e : entries_) {
    std::lock_guard lock(e->mu);
    n += e->examples.size();
  }
  return n;
}

}  // namespace micrometrics::daemon
