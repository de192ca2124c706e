#include "metrics/reports/replay_report.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "metrics/alerting/statistics.h"
#include "metrics/reports/examples.h"

namespace micrometrics::metrics {
namespace {

using json = nlohmann::ordered_json;

constexpr std::string_view kOther = "__other__";

std::string Format(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

std::string Percent(double rate) {
  if (rate > 0 && rate < 0.001) return Format("%.3f%%", rate * 100);
  return Format("%.2f%%", rate * 100);
}

std::string Points(double diff) { return Format("%+.2f pp", diff * 100); }

std::string Count(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string Number(double v) { return Format("%.4g", v); }

std::string PValue(double p) {
  return p < 0.001 ? "<0.001" : Format("%.3f", p);
}

std::string Segment(const std::vector<std::string>& by,
                    const std::vector<std::string>& values) {
  if (values.empty()) return "all";
  std::string out;
  for (size_t i = 0; i < by.size(); ++i) {
    out += (i ? ", " : "") + by[i] + "=" +
           (values[i].empty() ? "(none)" : values[i]);
  }
  return out;
}

// Plain-text table with aligned columns; numeric columns right-aligned.
std::string Table(const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows,
                  const std::vector<bool>& right) {
  std::vector<size_t> width(header.size());
  auto cells = [](const std::string& s) {
    // Display width: code points (the few non-ASCII here are one column).
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
  };
  for (size_t c = 0; c < header.size(); ++c) width[c] = cells(header[c]);
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) {
      width[c] = std::max(width[c], cells(row[c]));
    }
  }
  auto line = [&](const std::vector<std::string>& row) {
    std::string out;
    for (size_t c = 0; c < row.size(); ++c) {
      const std::string pad(width[c] - cells(row[c]), ' ');
      out += c ? "  " : "";
      out += right[c] ? pad + row[c] : row[c] + (c + 1 < row.size() ? pad : "");
    }
    return out + "\n";
  };
  std::string out = line(header);
  for (const auto& row : rows) out += line(row);
  return out;
}

std::string MarkdownTable(const std::vector<std::string>& header,
                          const std::vector<std::vector<std::string>>& rows,
                          const std::vector<bool>& right) {
  auto escape = [](const std::string& s) {
    std::string out;
    for (char c : s) {
      if (c == '|') out += '\\';
      out += c == '\n' ? ' ' : c;
    }
    return out;
  };
  std::string out = "|";
  for (const auto& h : header) out += " " + escape(h) + " |";
  out += "\n|";
  for (bool r : right) out += r ? "---:|" : "---|";
  out += "\n";
  for (const auto& row : rows) {
    out += "|";
    for (const auto& cell : row) out += " " + escape(cell) + " |";
    out += "\n";
  }
  return out;
}

std::vector<std::string> RowCells(const ReplayReport& report,
                                  const ReplayRow& r) {
  auto q = [](const std::optional<double>& v) {
    return v ? Number(*v) : std::string("");
  };
  return {r.metric,
          Segment(report.options.by, r.segment),
          Count(r.events),
          Count(r.evaluated),
          Count(r.fails),
          r.evaluated ? Percent(r.fail_rate) : "",
          r.evaluated
              ? "[" + Percent(r.ci_low) + ", " + Percent(r.ci_high) + "]"
              : "",
          Count(r.skipped),
          Count(r.errors),
          q(r.p50),
          q(r.p95),
          q(r.p99)};
}

const std::vector<std::string>& RowHeader() {
  static const std::vector<std::string> h = {
      "metric", "segment", "events", "evaluated", "fails", "fail rate",
      "95% CI", "skipped", "errors", "p50",       "p95",   "p99"};
  return h;
}
const std::vector<bool>& RowRight() {
  static const std::vector<bool> r = {false, false, true, true, true, true,
                                      true,  true,  true, true, true, true};
  return r;
}

std::vector<std::string> CompareHeader(const ReplayCompare& c) {
  return {"metric",
          c.a + " (baseline)",
          c.b + " (candidate)",
          "difference",
          "CI",
          "p-value",
          "verdict"};
}

std::vector<std::string> CompareCells(const ReplayComparison& c,
                                      bool markdown) {
  auto side = [](double rate, uint64_t fails, uint64_t n) {
    return n ? Percent(rate) + " (" + Count(fails) + "/" + Count(n) + ")"
             : std::string("no events");
  };
  std::string verdict = c.verdict;
  if (verdict == "worse") verdict = markdown ? "**worse**" : "WORSE";
  if (c.evaluated_a == 0 || c.evaluated_b == 0) {
    return {c.metric,
            side(c.rate_a, c.fails_a, c.evaluated_a),
            side(c.rate_b, c.fails_b, c.evaluated_b),
            "",
            "",
            "",
            verdict};
  }
  return {c.metric,
          side(c.rate_a, c.fails_a, c.evaluated_a),
          side(c.rate_b, c.fails_b, c.evaluated_b),
          Points(c.difference),
          "[" + Points(c.ci_low) + ", " + Points(c.ci_high) + "]",
          PValue(c.p_value),
          verdict};
}

std::string Summary(const ReplayInput& in) {
  std::string s = in.source + ": " + Count(in.lines) + " lines, " +
                  Count(in.events) + " events, " + Count(in.bad_lines) +
                  " bad lines";
  if (in.seconds > 0) {
    s += ", " + Format("%.1f", in.seconds) + " s (" +
         Count(static_cast<uint64_t>(static_cast<double>(in.events) /
                                     in.seconds)) +
         " events/s)";
  }
  return s;
}

}  // namespace

std::optional<ReplayGate> ParseReplayGate(std::string_view text,
                                          std::string* error) {
  ReplayGate gate;
  gate.text = std::string(text);
  if (text == "regression") {
    gate.regression = true;
    return gate;
  }
  const size_t gt = text.find('>');
  if (gt == std::string_view::npos || gt == 0) {
    *error = "--fail-on: expected METRIC>RATE or 'regression', got '" +
             std::string(text) + "'";
    return std::nullopt;
  }
  gate.metric = std::string(text.substr(0, gt));
  std::string_view rate = text.substr(gt + 1);
  double value = 0;
  auto [end, ec] =
      std::from_chars(rate.data(), rate.data() + rate.size(), value);
  if (ec != std::errc() || end != rate.data() + rate.size() || value < 0 ||
      value > 1) {
    *error = "--fail-on '" + std::string(text) +
             "': the rate must be a fraction from 0 to 1, e.g. 0.01";
    return std::nullopt;
  }
  gate.max_rate = value;
  return gate;
}

std::optional<ReplayCompare> ParseReplayCompare(std::string_view text,
                                                std::string* error) {
  const size_t eq = text.find('=');
  const size_t comma = text.find(',', eq == std::string_view::npos ? 0 : eq);
  if (eq == std::string_view::npos || eq == 0 ||
      comma == std::string_view::npos || comma == eq + 1 ||
      comma + 1 == text.size() ||
      text.find(',', comma + 1) != std::string_view::npos) {
    *error =
        "--compare: expected FIELD=A,B (e.g. prompt_version=v41,v42), got '" +
        std::string(text) + "'";
    return std::nullopt;
  }
  ReplayCompare c{std::string(text.substr(0, eq)),
                  std::string(text.substr(eq + 1, comma - eq - 1)),
                  std::string(text.substr(comma + 1))};
  if (c.a == c.b) {
    *error = "--compare: A and B are the same value '" + c.a + "'";
    return std::nullopt;
  }
  return c;
}

void MetricTally::Merge(const MetricTally& other) {
  OutcomeCounts::Merge(other);
  values.Merge(other.values);
}

void SegmentTally::Merge(const SegmentTally& other) {
  events += other.events;
  if (metrics.size() < other.metrics.size()) {
    metrics.resize(other.metrics.size());
  }
  for (size_t i = 0; i < other.metrics.size(); ++i) {
    metrics[i].Merge(other.metrics[i]);
  }
}

ReplayTally::ReplayTally(size_t metric_count, const ReplayOptions& options)
    : options_(options), examples_(metric_count) {
  all_.metrics.resize(metric_count);
  arms_[0].metrics.resize(metric_count);
  arms_[1].metrics.resize(metric_count);
}

void ReplayTally::BeginEvent(const Event& event, uint64_t line) {
  event_ = &event;
  line_ = line;
  ++all_.events;
  segment_ = nullptr;
  if (!options_.by.empty()) {
    std::vector<std::string> key;
    key.reserve(options_.by.size());
    for (const auto& field : options_.by) {
      key.push_back(event.Field(field).value_or(""));
    }
    auto it = segments_.find(key);
    if (it == segments_.end()) {
      if (segments_.size() >= kMaxSegments) {
        key.assign(options_.by.size(), std::string(kOther));
      }
      it = segments_.try_emplace(std::move(key)).first;
      it->second.metrics.resize(all_.metrics.size());
    }
    segment_ = &it->second;
    ++segment_->events;
  }
  arm_ = nullptr;
  if (options_.compare) {
    const auto v = event.Field(options_.compare->field);
    if (v == options_.compare->a) arm_ = &arms_[0];
    if (v == options_.compare->b) arm_ = &arms_[1];
    if (arm_) ++arm_->events;
  }
}

void ReplayTally::Record(size_t metric, const Verdict& verdict) {
  for (SegmentTally* s : {&all_, segment_, arm_}) {
    if (!s) continue;
    MetricTally& t = s->metrics[metric];
    t.Add(verdict.outcome);
    if (verdict.value) t.values.Add(*verdict.value);
  }
  if (verdict.outcome == Outcome::kFail && options_.examples > 0) {
    KeepExample(metric, verdict);
  }
}

void ReplayTally::KeepExample(size_t metric, const Verdict& verdict) {
  auto& heap = examples_[metric];
  auto by_line = [](const ReplayExample& a, const ReplayExample& b) {
    return a.line < b.line;
  };
  if (heap.size() >= options_.examples) {
    if (heap.front().line <= line_) return;  // later than every kept one
    std::pop_heap(heap.begin(), heap.end(), by_line);
    heap.pop_back();
  }
  heap.push_back(ReplayExample{line_, event_->id, verdict.reason,
                               ExampleText(*event_, options_.example_chars)});
  std::push_heap(heap.begin(), heap.end(), by_line);
}

void ReplayTally::Merge(const ReplayTally& other) {
  all_.Merge(other.all_);
  for (const auto& [key, seg] : other.segments_) {
    auto it = segments_.find(key);
    if (it == segments_.end() && segments_.size() >= kMaxSegments) {
      it = segments_.find(
          std::vector<std::string>(options_.by.size(), std::string(kOther)));
    }
    if (it == segments_.end()) {
      segments_.emplace(key, seg);
    } else {
      it->second.Merge(seg);
    }
  }
  arms_[0].Merge(other.arms_[0]);
  arms_[1].Merge(other.arms_[1]);
  auto by_line = [](const ReplayExample& a, const ReplayExample& b) {
    return a.line < b.line;
  };
  for (size_t m = 0; m < examples_.size(); ++m) {
    auto& mine = examples_[m];
    mine.insert(mine.end(), other.examples_[m].begin(),
                other.examples_[m].end());
    std::sort(mine.begin(), mine.end(), by_line);
    if (mine.size() > options_.examples) mine.resize(options_.examples);
    std::make_heap(mine.begin(), mine.end(), by_line);
  }
}

std::vector<std::vector<ReplayExample>> ReplayTally::Examples() const {
  auto out = examples_;
  for (auto& list : out) {
    std::sort(list.begin(), list.end(),
              [](const auto& a, const auto& b) { return a.line < b.line; });
  }
  return out;
}

ReplayReport BuildReplayReport(const ReplayTally& tally,
                               const std::vector<MicroMetric>& metrics,
                               const ReplayOptions& options,
                               ReplayInput input) {
  ReplayReport report;
  report.input = std::move(input);
  report.options = options;
  auto row = [&](size_t m, const std::vector<std::string>& segment,
                 const SegmentTally& s) {
    const MetricTally& t = s.metrics[m];
    ReplayRow r;
    r.metric = metrics[m].name;
    r.segment = segment;
    r.events = s.events;
    r.evaluated = t.pass + t.fail;
    r.fails = t.fail;
    r.skipped = t.skipped;
    r.errors = t.error;
    if (r.evaluated) {
      r.fail_rate =
          static_cast<double>(t.fail) / static_cast<double>(r.evaluated);
      const Interval ci = WilsonInterval(t.fail, r.evaluated, 0.95);
      r.ci_low = ci.low;
      r.ci_high = ci.high;
    }
    if (t.values.count() > 0) {
      r.p50 = t.values.Quantile(0.5);
      r.p95 = t.values.Quantile(0.95);
      r.p99 = t.values.Quantile(0.99);
    }
    return r;
  };
  for (size_t m = 0; m < metrics.size(); ++m) {
    report.rows.push_back(row(m, {}, tally.all()));
    for (const auto& [key, seg] : tally.segments()) {
      report.rows.push_back(row(m, key, seg));
    }
  }

  std::vector<std::string> worse;
  if (options.compare) {
    const double alpha = 1 - options.confidence;
    for (size_t m = 0; m < metrics.size(); ++m) {
      const MetricTally& a = tally.baseline().metrics[m];
      const MetricTally& b = tally.candidate().metrics[m];
      ReplayComparison c;
      c.metric = metrics[m].name;
      c.evaluated_a = a.pass + a.fail;
      c.fails_a = a.fail;
      c.evaluated_b = b.pass + b.fail;
      c.fails_b = b.fail;
      if (c.evaluated_a) {
        c.rate_a =
            static_cast<double>(a.fail) / static_cast<double>(c.evaluated_a);
      }
      if (c.evaluated_b) {
        c.rate_b =
            static_cast<double>(b.fail) / static_cast<double>(c.evaluated_b);
      }
      c.difference = c.rate_b - c.rate_a;
      const DifferenceInterval ci =
          NewcombeInterval(c.fails_a, c.evaluated_a, c.fails_b, c.evaluated_b,
                           options.confidence);
      c.ci_low = ci.low;
      c.ci_high = ci.high;
      c.p_value = TwoProportionPValueTwoSided(c.fails_a, c.evaluated_a,
                                              c.fails_b, c.evaluated_b);
      c.verdict = "no clear difference";
      if (c.p_value < alpha && c.ci_low > 0) c.verdict = "worse";
      if (c.p_value < alpha && c.ci_high < 0) c.verdict = "better";
      if (c.evaluated_a == 0 || c.evaluated_b == 0) c.verdict = "no data";
      if (c.verdict == "worse") worse.push_back(c.metric);
      report.comparisons.push_back(std::move(c));
    }
  }

  for (const auto& gate : options.gates) {
    ReplayGateResult g;
    g.gate = gate.text;
    if (gate.regression) {
      g.passed = worse.empty();
      std::string names;
      for (const auto& w : worse) names += (names.empty() ? "" : ", ") + w;
      g.detail =
          g.passed ? "no metric clearly worse" : "clearly worse: " + names;
    } else {
      size_t m = 0;
      while (m < metrics.size() && metrics[m].name != gate.metric) ++m;
      const MetricTally& t = options.compare ? tally.candidate().metrics[m]
                                             : tally.all().metrics[m];
      const uint64_t n = t.pass + t.fail;
      const double rate =
          n ? static_cast<double>(t.fail) / static_cast<double>(n) : 0;
      g.passed = rate <= gate.max_rate;
      g.detail = "fail rate " + Percent(rate) + (g.passed ? " <= " : " > ") +
                 Percent(gate.max_rate) +
                 (options.compare ? " (" + options.compare->field + "=" +
                                        options.compare->b + ")"
                                  : "") +
                 ", " + Count(t.fail) + " of " + Count(n);
    }
    if (!g.passed) report.exit_code = 1;
    report.gates.push_back(std::move(g));
  }

  if (options.examples > 0) {
    auto examples = tally.Examples();
    for (size_t m = 0; m < metrics.size(); ++m) {
      if (!examples[m].empty()) {
        report.examples.emplace_back(metrics[m].name, std::move(examples[m]));
      }
    }
  }
  return report;
}

std::string RenderReplayTable(const ReplayReport& report) {
  std::string out = "micrometrics replay: " + Summary(report.input) + "\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : report.rows) rows.push_back(RowCells(report, r));
  out += Table(RowHeader(), rows, RowRight());
  if (report.options.compare) {
    const auto& c = *report.options.compare;
    out += "\n" + c.field + ": " + c.a + " (baseline) vs " + c.b +
           " (candidate), " + Format("%g", report.options.confidence * 100) +
           "% confidence\n";
    rows.clear();
    for (const auto& cmp : report.comparisons) {
      rows.push_back(CompareCells(cmp, false));
    }
    out += Table(CompareHeader(c), rows,
                 {false, true, true, true, true, true, false});
  }
  if (!report.gates.empty()) out += "\n";
  for (const auto& g : report.gates) {
    out += "gate " + g.gate + ": " + (g.passed ? "passed" : "FAILED") + " (" +
           g.detail + ")\n";
  }
  for (const auto& [metric, list] : report.examples) {
    out += "\nfailing examples of " + metric + ":\n";
    for (const auto& e : list) {
      out += "  line " + std::to_string(e.line) +
             (e.id.empty() ? "" : " id " + e.id) + ": " + e.reason + "\n";
      out += "    " + e.text + "\n";
    }
  }
  return out;
}

std::string RenderReplayMarkdown(const ReplayReport& report) {
  std::string out =
      "### micrometrics replay\n\n`" + Summary(report.input) + "`\n\n";
  bool failed = false;
  for (const auto& g : report.gates) failed |= !g.passed;
  if (!report.gates.empty()) {
    out += failed ? "**Gate failed.**\n\n" : "All gates passed.\n\n";
    for (const auto& g : report.gates) {
      out += std::string("- ") + (g.passed ? "passed" : "**FAILED**") + ": `" +
             g.gate + "` (" + g.detail + ")\n";
    }
    out += "\n";
  }
  if (report.options.compare) {
    const auto& c = *report.options.compare;
    out += "#### `" + c.field + "`: " + c.a + " (baseline) vs " + c.b +
           " (candidate), " + Format("%g", report.options.confidence * 100) +
           "% confidence\n\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& cmp : report.comparisons) {
      rows.push_back(CompareCells(cmp, true));
    }
    out += MarkdownTable(CompareHeader(c), rows,
                         {false, true, true, true, true, true, false}) +
           "\n";
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : report.rows) rows.push_back(RowCells(report, r));
  out += "#### Fail rates\n\n" + MarkdownTable(RowHeader(), rows, RowRight());
  if (!report.examples.empty()) {
    out += "\n<details><summary>Failing examples</summary>\n\n";
    for (const auto& [metric, list] : report.examples) {
      out += "**" + metric + "**\n\n";
      for (const auto& e : list) {
        std::string text = e.text;
        std::replace(text.begin(), text.end(), '\n', ' ');
        std::replace(text.begin(), text.end(), '`', '\'');
        out += "- line " + std::to_string(e.line) +
               (e.id.empty() ? "" : " (`" + e.id + "`)") + ": " + e.reason +
               "<br>`" + text + "`\n";
      }
      out += "\n";
    }
    out += "</details>\n";
  }
  return out;
}

std::string RenderReplayJson(const ReplayReport& report) {
  json out;
  const auto& in = report.input;
  json bad = json::array();
  for (const auto& [line, error] : in.bad_line_samples) {
    bad.push_back({{"line", line}, {"error", error}});
  }
  out["input"] = {{"source", in.source},
                  {"lines", in.lines},
                  {"events", in.events},
                  {"bad_lines", in.bad_lines},
                  {"bad_line_samples", std::move(bad)},
                  {"seconds", in.seconds}};
  out["by"] = report.options.by;
  json rows = json::array();
  for (const auto& r : report.rows) {
    json segment = json::object();
    for (size_t i = 0; i < r.segment.size(); ++i) {
      segment[report.options.by[i]] = r.segment[i];
    }
    json row = {{"metric", r.metric},
                {"segment", std::move(segment)},
                {"events", r.events},
                {"evaluated", r.evaluated},
                {"fails", r.fails},
                {"skipped", r.skipped},
                {"errors", r.errors},
                {"fail_rate", r.evaluated ? json(r.fail_rate) : json(nullptr)},
                {"ci95", r.evaluated ? json::array({r.ci_low, r.ci_high})
                                     : json(nullptr)}};
    if (r.p50) {
      row["p50"] = *r.p50;
      row["p95"] = *r.p95;
      row["p99"] = *r.p99;
    }
    rows.push_back(std::move(row));
  }
  out["metrics"] = std::move(rows);
  if (report.options.compare) {
    const auto& c = *report.options.compare;
    json list = json::array();
    for (const auto& cmp : report.comparisons) {
      list.push_back({{"metric", cmp.metric},
                      {"a",
                       {{"evaluated", cmp.evaluated_a},
                        {"fails", cmp.fails_a},
                        {"fail_rate", cmp.rate_a}}},
                      {"b",
                       {{"evaluated", cmp.evaluated_b},
                        {"fails", cmp.fails_b},
                        {"fail_rate", cmp.rate_b}}},
                      {"difference", cmp.difference},
                      {"ci", {cmp.ci_low, cmp.ci_high}},
                      {"p_value", cmp.p_value},
                      {"verdict", cmp.verdict}});
    }
    out["compare"] = {{"field", c.field},
                      {"a", c.a},
                      {"b", c.b},
                      {"confidence", report.options.confidence},
                      {"metrics", std::move(list)}};
  }
  json gates = json::array();
  for (const auto& g : report.gates) {
    gates.push_back(
        {{"gate", g.gate}, {"passed", g.passed}, {"detail", g.detail}});
  }
  out["gates"] = std::move(gates);
  json examples = json::object();
  for (const auto& [metric, list] : report.examples) {
    json items = json::array();
    for (const auto& e : list) {
      items.push_back({{"line", e.line},
                       {"id", e.id},
                       {"reason", e.reason},
                       {"text", e.text}});
    }
    examples[metric] = std::move(items);
  }
  out["examples"] = std::move(examples);
  out["exit_code"] = report.exit_code;
  return out.dump(2) + "\n";
}

}  // namespace micrometrics::metrics
