#include "metrics/reports/lifecycle_report.h"

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace micrometrics::metrics {
namespace {

using json = nlohmann::ordered_json;

std::optional<std::chrono::sys_days> ParseDate(const std::string& s) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (s.size() != 10 ||
      std::sscanf(s.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) {
    return std::nullopt;
  }
  std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m),
                                  std::chrono::day(d)};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days(ymd);
}

std::string Percent(double r) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", r * 100);
  return buf;
}

double Share(uint64_t part, uint64_t whole) {
  return whole ? static_cast<double>(part) / static_cast<double>(whole) : 0;
}

// What to do about each kind, in the report's legend order.
const std::vector<std::pair<std::string, std::string>>& Kinds() {
  static const std::vector<std::pair<std::string, std::string>> kinds = {
      {"review_overdue", "review it now: keep, tune or retire"},
      {"review_due", "review it soon"},
      {"no_owner", "give it an owner who answers for it"},
      {"deprecated", "remove it from the config"},
      {"errors", "the evaluator errs: fix its params or input"},
      {"mostly_skipped", "it rarely applies: check its when: and params"},
      {"noisy", "fails so often that nobody looks: tighten or retire"},
      {"never_failed", "no failure in the period: a candidate to retire"},
      {"never_alerted", "its alerts never fired in the period"},
      {"no_alert_rule", "nothing pages on it: add a rule or make it shadow"},
      {"few_events", "too few evaluations to judge"},
  };
  return kinds;
}

std::vector<std::vector<std::string>> Rows(const LifecycleReport& r) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& m : r.metrics) {
    std::string kinds;
    for (const auto& f : r.findings) {
      if (f.metric == m.name) kinds += (kinds.empty() ? "" : ", ") + f.kind;
    }
    rows.push_back({m.name, m.owner.empty() ? "-" : m.owner, m.stage,
                    m.review_by.empty() ? "-" : m.review_by,
                    std::to_string(m.evaluated),
                    m.evaluated ? Percent(Share(m.fails, m.evaluated)) : "-",
                    Percent(Share(m.skipped, m.evaluated + m.skipped)),
                    kinds.empty() ? "ok" : kinds});
  }
  return rows;
}

const std::vector<std::string>& Header() {
  static const std::vector<std::string> h = {
      "metric",    "owner",     "stage",   "review by",
      "evaluated", "fail rate", "skipped", "findings"};
  return h;
}

}  // namespace

std::optional<int> DaysBetween(const std::string& from, const std::string& to) {
  auto a = ParseDate(from);
  auto b = ParseDate(to);
  if (!a || !b) return std::nullopt;
  return static_cast<int>((*b - *a).count());
}

LifecycleReport AssessLifecycle(std::vector<MetricUsage> metrics,
                                const LifecycleOptions& o) {
  LifecycleReport r;
  r.options = o;
  auto add = [&](const MetricUsage& m, const char* kind, std::string detail) {
    r.findings.push_back({m.name, kind, std::move(detail)});
  };
  for (const auto& m : metrics) {
    if (!m.review_by.empty()) {
      if (auto days = DaysBetween(o.today, m.review_by)) {
        if (*days < 0) {
          add(m, "review_overdue",
              "review_by " + m.review_by + " passed " + std::to_string(-*days) +
                  " days ago");
        } else if (*days <= o.due_within_days) {
          add(m, "review_due",
              "review_by " + m.review_by + " in " + std::to_string(*days) +
                  " days");
        }
      }
    }
    if (m.owner.empty() || m.owner == "unowned") {
      add(m, "no_owner", "owner is " + (m.owner.empty() ? "empty" : m.owner));
    }
    if (m.stage == "deprecated") add(m, "deprecated", "stage is deprecated");
    const uint64_t applied = m.evaluated + m.skipped + m.errors;
    if (m.errors > 0 && Share(m.errors, applied) > o.error_share) {
      add(m, "errors",
          std::to_string(m.errors) + " errors, " +
              Percent(Share(m.errors, applied)) + " of its evaluations");
    }
    if (applied >= o.min_events &&
        Share(m.skipped, applied) > o.skipped_share) {
      add(m, "mostly_skipped",
          Percent(Share(m.skipped, applied)) + " of " +
              std::to_string(applied) + " events skipped");
    }
    if (m.evaluated < o.min_events) {
      add(m, "few_events",
          std::to_string(m.evaluated) + " evaluations (fewer than " +
              std::to_string(o.min_events) + ")");
      continue;  // rates over so few say nothing
    }
    const double rate = Share(m.fails, m.evaluated);
    if (rate > o.noisy_rate) {
      add(m, "noisy",
          "fail rate " + Percent(rate) + " over " +
              std::to_string(m.evaluated) + " evaluations");
    }
    if (m.fails == 0 && !m.value_only) {
      add(m, "never_failed",
          "0 fails in " + std::to_string(m.evaluated) + " evaluations");
    }
    if (m.alert_rules.empty()) {
      if (m.stage == "active" && !m.value_only) {
        add(m, "no_alert_rule", "no alert rule uses it");
      }
    } else if (m.alerted && !*m.alerted) {
      std::string rules;
      for (const auto& n : m.alert_rules)
        rules += (rules.empty() ? "" : ", ") + n;
      add(m, "never_alerted", rules + " never fired");
    }
  }
  r.metrics = std::move(metrics);
  return r;
}

std::string RenderLifecycleTable(const LifecycleReport& r) {
  auto rows = Rows(r);
  std::vector<size_t> width;
  for (const auto& h : Header()) width.push_back(h.size());
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) {
      width[c] = std::max(width[c], row[c].size());
    }
  }
  auto line = [&](const std::vector<std::string>& row) {
    std::string out;
    for (size_t c = 0; c < row.size(); ++c) {
      out += (c ? "  " : "") + row[c];
      if (c + 1 < row.size()) out += std::string(width[c] - row[c].size(), ' ');
    }
    return out + "\n";
  };
  std::string out = "micrometrics lifecycle report, " + r.options.today + " (" +
                    r.options.period + ")\n\n" + line(Header());
  for (const auto& row : rows) out += line(row);
  if (!r.findings.empty()) out += "\n";
  for (const auto& [kind, advice] : Kinds()) {
    bool header = false;
    for (const auto& f : r.findings) {
      if (f.kind != kind) continue;
      if (!header) out += kind + ": " + advice + "\n";
      header = true;
      out += "  " + f.metric + ": " + f.detail + "\n";
    }
  }
  return out;
}

std::string RenderLifecycleMarkdown(const LifecycleReport& r) {
  std::string out = "### micrometrics lifecycle report, " + r.options.today +
                    "\n\n" + r.options.period + "\n\n|";
  for (const auto& h : Header()) out += " " + h + " |";
  out += "\n|";
  for (size_t i = 0; i < Header().size(); ++i) out += "---|";
  out += "\n";
  for (const auto& row : Rows(r)) {
    out += "|";
    for (const auto& c : row) out += " " + c + " |";
    out += "\n";
  }
  for (const auto& [kind, advice] : Kinds()) {
    bool header = false;
    for (const auto& f : r.findings) {
      if (f.kind != kind) continue;
      if (!header) out += "\n**" + kind + "**: " + advice + "\n\n";
      header = true;
      out += "- `" + f.metric + "`: " + f.detail + "\n";
    }
  }
  return out;
}

std::string RenderLifecycleJson(const LifecycleReport& r) {
  json metrics = json::array();
  for (const auto& m : r.metrics) {
    metrics.push_back(
        {{"metric", m.name},
         {"type", m.type},
         {"owner", m.owner},
         {"stage", m.stage},
         {"created", m.created},
         {"review_by", m.review_by},
         {"evaluated", m.evaluated},
         {"fails", m.fails},
         {"skipped", m.skipped},
         {"errors", m.errors},
         {"alert_rules", m.alert_rules},
         {"alerted", m.alerted ? json(*m.alerted) : json(nullptr)}});
  }
  json findings = json::array();
  for (const auto& f : r.findings) {
    findings.push_back(
        {{"metric", f.metric}, {"kind", f.kind}, {"detail", f.detail}});
  }
  return json{{"today", r.options.today},
              {"period", r.options.period},
              {"metrics", std::move(metrics)},
              {"findings", std::move(findings)}}
             .dump(2) +
         "\n";
}

}  // namespace micrometrics::metrics
