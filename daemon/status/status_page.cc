#include "daemon/status/status_page.h"

#include <algorithm>
#include <cstdio>

namespace micrometrics::daemon {
namespace {

// Length of the UTF-8 sequence starting at `s` (valid, shortest form, no
// surrogates), or 0.
size_t Utf8Length(std::string_view s) {
  const auto b = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char c = b(0);
  auto cont = [&](size_t i) { return i < s.size() && (b(i) & 0xC0) == 0x80; };
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && b(1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(1) >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && b(1) < 0x90) return 0;   // overlong
    if (c == 0xF4 && b(1) >= 0x90) return 0;  // past U+10FFFF
    return 4;
  }
  return 0;
}

std::string Fixed(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string Percent(uint64_t part, uint64_t whole) {
  if (whole == 0) return "–";
  const double p =
      100.0 * static_cast<double>(part) / static_cast<double>(whole);
  return Fixed(p, p < 10 ? 1 : 0) + "%";
}

std::string Duration(double seconds) {
  const auto s = static_cast<int64_t>(seconds);
  if (s < 120) return std::to_string(s) + "s";
  if (s < 7200) return std::to_string(s / 60) + "m";
  if (s < 172800) {
    return std::to_string(s / 3600) + "h " + std::to_string(s % 3600 / 60) +
           "m";
  }
  return std::to_string(s / 86400) + "d " + std::to_string(s % 86400 / 3600) +
         "h";
}

std::string LabelList(const StatusPage::Labels& labels) {
  std::string out;
  for (const auto& [k, v] : labels) {
    if (!out.empty()) out += ' ';
    out += "<span class=\"label\">" + EscapeHtml(k) + "=" + EscapeHtml(v) +
           "</span>";
  }
  return out.empty() ? "<span class=\"muted\">(no labels)</span>" : out;
}

// Fails per minute over the last hour as bars (height: the minute's fail
// rate); minutes without events are left empty.
std::string Chart(const StatusPage::Metric& m) {
  std::string out =
      "<svg class=\"chart\" viewBox=\"0 0 120 24\" role=\"img\" "
      "aria-label=\"fail rate per minute, last hour\">";
  for (size_t i = 0; i < m.minutes.size(); ++i) {
    const auto& b = m.minutes[i];
    if (b.evaluated == 0) continue;
    const double rate =
        static_cast<double>(b.fails) / static_cast<double>(b.evaluated);
    const double h = std::max(rate * 24, b.fails ? 1.0 : 0.5);
    out += "<rect class=\"" + std::string(b.fails ? "bar fail" : "bar") +
           "\" x=\"" + std::to_string(i * 2) + "\" y=\"" + Fixed(24 - h, 2) +
           "\" width=\"1.6\" height=\"" + Fixed(h, 2) + "\"><title>" +
           (i == 59 ? std::string("this minute")
                    : std::to_string(59 - i) + " min ago") +
           ": " + std::to_string(b.fails) + " of " +
           std::to_string(b.evaluated) + "</title></rect>";
  }
  return out + "</svg>";
}

void Health(const StatusPage& page, std::string& out) {
  const auto& h = page.health;
  out += "<section id=\"health\"><h2>Health</h2><dl class=\"grid\">";
  auto item = [&](std::string_view name, const std::string& html,
                  std::string_view cls = "") {
    out += "<div";
    if (!cls.empty()) out += " class=\"" + std::string(cls) + "\"";
    out += "><dt>" + std::string(name) + "</dt><dd>" + html + "</dd></div>";
  };
  item("status", h.ready ? "ready" : "not ready", h.ready ? "ok" : "bad");
  item("version", EscapeHtml(h.version));
  item("uptime", Duration(h.uptime_seconds));
  item("config", EscapeHtml(h.config_source));
  item("loaded", EscapeHtml(h.loaded_at));
  if (!h.reload_failed_at.empty()) {
    item("last reload failed",
         EscapeHtml(h.reload_failed_at) + ": <code>" +
             EscapeHtml(h.reload_error) + "</code>",
         "bad");
  }
  item("events/s", h.events_per_second
                       ? Fixed(*h.events_per_second, 1) + " <small>(" +
                             EscapeHtml(h.rate_window) + ")</small>"
                       : "–");
  item("evaluated", std::to_string(h.events_processed));
  item("queue", std::to_string(h.queue_depth) + " / " +
                    std::to_string(h.queue_capacity));
  item("rejected", std::to_string(h.rejected), h.rejected ? "warn" : "");
  item("workers", std::to_string(h.workers));
  out += "</dl></section>";
}

void Alerts(const StatusPage& page, std::string& out) {
  out += "<section id=\"alerts\"><h2>Alerts</h2>";
  if (page.alerts.empty()) {
    out += "<p class=\"muted\">Nothing pending or firing.</p></section>";
    return;
  }
  out +=
      "<div class=\"scroll\"><table><thead><tr><th>state</th><th>rule</th>"
      "<th>labels</th><th>since</th><th>value</th><th>condition</th></tr>"
      "</thead><tbody>";
  for (const auto& a : page.alerts) {
    out += "<tr class=\"alert " + EscapeHtml(a.state) + "\"><td>" +
           EscapeHtml(a.state) + "</td><td>" + EscapeHtml(a.rule);
    if (!a.severity.empty()) {
      out += " <span class=\"label\">" + EscapeHtml(a.severity) + "</span>";
    }
    out += "</td><td>" + LabelList(a.labels) + "</td><td>" +
           EscapeHtml(a.since) + "</td><td>" + Fixed(a.value, 4) +
           "</td><td><code>" + EscapeHtml(a.metric) + ": " +
           EscapeHtml(a.condition) + "</code></td></tr>";
  }
  out += "</tbody></table></div></section>";
}

void Metrics(const StatusPage& page, std::string& out) {
  out += "<section id=\"metrics\"><h2>Micro metrics</h2>";
  if (page.metrics.empty()) {
    out += "<p class=\"muted\">No metrics configured.</p></section>";
    return;
  }
  out +=
      "<div class=\"scroll\"><table><thead><tr><th>metric</th><th>type</th>"
      "<th>stage</th><th>owner</th><th>review by</th><th>fail rate, 1h</th>"
      "<th>per minute</th><th>worst labels</th></tr></thead><tbody>";
  for (const auto& m : page.metrics) {
    const std::string id = "m-" + EscapeHtml(m.name);
    out += "<tr class=\"metric\" id=\"" + id + "\"><td><a href=\"#x-" +
           EscapeHtml(m.name) + "\">" + EscapeHtml(m.name) + "</a>";
    if (!m.description.empty()) {
      out += "<br><small>" + EscapeHtml(m.description) + "</small>";
    }
    out += "</td><td>" + EscapeHtml(m.type) + "</td><td><span class=\"stage " +
           EscapeHtml(m.stage) + "\">" + EscapeHtml(m.stage) +
           "</span></td><td>" + EscapeHtml(m.owner) + "</td><td" +
           (m.review_overdue ? " class=\"overdue\"" : "") + ">" +
           EscapeHtml(m.review_by) + (m.review_overdue ? " (overdue)" : "") +
           "</td><td class=\"num\">" + Percent(m.hour_fails, m.hour_evaluated) +
           "<br><small>" + std::to_string(m.hour_fails) + " of " +
           std::to_string(m.hour_evaluated) + "</small></td><td>" + Chart(m) +
           "</td><td>";
    for (const auto& w : m.worst) {
      out += "<div>" + LabelList(w.labels) + " " + Percent(w.fails, w.decided) +
             " <small>(" + std::to_string(w.fails) + "/" +
             std::to_string(w.decided) + ")</small></div>";
    }
    out += "</td></tr>";
  }
  out += "</tbody></table></div></section>";
}

void Examples(const StatusPage& page, std::string& out) {
  out += "<section id=\"examples\"><h2>Recent failures</h2>";
  if (page.examples_hidden) {
    out +=
        "<p class=\"muted\">Examples need the admin token "
        "(<code>/api/v1/examples</code>).</p></section>";
    return;
  }
  bool any = false;
  for (const auto& m : page.metrics) {
    if (m.examples.empty()) continue;
    any = true;
    out += "<article class=\"examples\" id=\"x-" + EscapeHtml(m.name) +
           "\"><h3>" + EscapeHtml(m.name) +
           " <a href=\"/api/v1/examples?metric=" + EscapeHtml(m.name) +
           "\">JSON</a></h3>";
    for (const auto& e : m.examples) {
      out += "<div class=\"example\"><div class=\"meta\">" +
             EscapeHtml(e.time) + " <code>" + EscapeHtml(e.event_id) +
             "</code> " + LabelList(e.labels) + "</div><div class=\"reason\">" +
             EscapeHtml(e.reason) + "</div><pre>" + EscapeHtml(e.text) +
             "</pre></div>";
    }
    out += "</article>";
  }
  if (!any) out += "<p class=\"muted\">No failing examples kept.</p>";
  out += "</section>";
}

}  // namespace

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    const size_t n = Utf8Length(text.substr(i));
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
      continue;
    }
    if (n > 1) {
      out.append(text.substr(i, n));
      i += n;
      continue;
    }
    ++i;
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\n':
      case '\t':
        out += c;
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
          out += "\xEF\xBF\xBD";
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string RenderStatusPage(const StatusPage& page) {
  std::string out;
  out.reserve(16384 + page.metrics.size() * 3072);
  size_t firing = 0;
  for (const auto& a : page.alerts) firing += a.state == "firing" ? 1 : 0;
  out +=
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\"><meta http-equiv=\"refresh\" content=\"" +
      std::to_string(page.refresh_seconds) + "\"><title>" +
      (firing ? "(" + std::to_string(firing) + " firing) " : std::string()) +
      "micrometrics</title><link rel=\"stylesheet\" href=\"/status.css\">"
      "<link rel=\"icon\" href=\"/favicon.svg\">"
      "</head><body><header><h1>micrometrics</h1><nav><a href=\"#health\">"
      "health</a> <a href=\"#alerts\">alerts</a> <a href=\"#metrics\">metrics"
      "</a> <a href=\"#examples\">failures</a> · <a href=\"/metrics\">/metrics"
      "</a> <a href=\"/api/v1/metrics\">/api/v1/metrics</a> <a href=\"/api/v1/"
      "alerts\">/api/v1/alerts</a></nav><p class=\"muted\">" +
      EscapeHtml(page.now) + ", refreshed every " +
      std::to_string(page.refresh_seconds) + "s</p></header><main>";
  Health(page, out);
  Alerts(page, out);
  Metrics(page, out);
  Examples(page, out);
  out += "</main></body></html>";
  return out;
}

std::string_view StatusPageIcon() {
  return R"svg(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1d2330"/><rect x="3" y="9" width="2" height="4" fill="#9aa5b8"/><rect x="7" y="6" width="2" height="7" fill="#9aa5b8"/><rect x="11" y="3" width="2" height="10" fill="#e53935"/></svg>)svg";
}

std::string_view StatusPageCss() {
  return R"css(:root{--fg:#1d2330;--muted:#667085;--line:#e3e6ec;--bg:#fff;--bad:#c62828;--warn:#b26a00;--ok:#2e7d32;--bar:#9aa5b8}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header{padding:12px 16px;border-bottom:1px solid var(--line)}
h1{font-size:20px;margin:0 0 4px}
h2{font-size:16px;margin:20px 0 8px}
h3{font-size:14px;margin:12px 0 6px}
nav a{margin-right:10px}
main{padding:0 16px 24px;max-width:1400px}
a{color:#1f5fbf}
.muted,small{color:var(--muted)}
code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace}
pre{white-space:pre-wrap;word-break:break-word;background:#f6f7f9;padding:8px;margin:4px 0 0;border-radius:4px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:8px;margin:0}
.grid div{border:1px solid var(--line);border-radius:6px;padding:6px 8px;min-width:0}
dt{color:var(--muted);font-size:12px}
dd{margin:0;overflow-wrap:anywhere}
.ok dd{color:var(--ok)}.bad dd{color:var(--bad)}.warn dd{color:var(--warn)}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line);overflow-wrap:break-word}
th{font-size:12px;color:var(--muted);font-weight:600}
.num{text-align:right;white-space:nowrap}
.label{display:inline-block;max-width:100%;background:#eef1f6;border-radius:3px;padding:0 4px;margin:1px 0;font-size:12px;overflow-wrap:anywhere}
.alert.firing td:first-child{color:var(--bad);font-weight:600}
.alert.pending td:first-child{color:var(--warn);font-weight:600}
.stage.shadow{color:var(--muted)}.stage.deprecated{color:var(--warn)}
.overdue{color:var(--bad)}
.chart{width:120px;height:24px;display:block}
.bar{fill:var(--bar)}.bar.fail{fill:var(--bad)}
.example{border-top:1px solid var(--line);padding:6px 0}
.reason{font-weight:600}
@media (max-width:700px){main,header{padding-left:8px;padding-right:8px}
table,tbody,tr,td{display:block;width:100%}
thead{display:none}
tr{border-bottom:1px solid var(--line);padding:6px 0}
td{border:none;padding:2px 0}
td:empty{display:none}
.num{text-align:left}
.grid{grid-template-columns:repeat(2,minmax(0,1fr))}}
)css";
}

}  // namespace micrometrics::daemon
