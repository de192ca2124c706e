#include "daemon/cli/report.h"

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>

#include "config/config.h"
#include "config/http_url.h"
#include "daemon/cli/replay.h"
#include "daemon/client/http_client.h"
#include "daemon/pipeline/metric_book.h"
#include "daemon/server/api.h"
#include "metrics/ingest/time.h"
#include "metrics/registry.h"

namespace micrometrics::daemon {
namespace {

using json = nlohmann::json;

constexpr int kExitUsage = 2;

// GET base_url + path with a deadline; the body of a 200, else an error.
bool HttpGet(const std::string& base_url, const std::string& path,
             const std::string& token, std::string* body, std::string* error) {
  std::string url_error;
  const auto url = config::ParseHttpUrl(base_url, &url_error);
  if (!url) {
    *error = "--url " + url_error + ", got '" + base_url + "'";
    return false;
  }
  HttpCall call;
  call.target = url->Join(path);
  call.user_agent = "micrometricsd report";
  if (!token.empty()) call.authorization = "Bearer " + token;
  HttpReply reply = FetchBlocking(*url, call);
  if (!reply.error.empty()) {
    *error = base_url + path + ": " + reply.error;
    return false;
  }
  if (reply.status != 200) {
    *error = base_url + path + " answered " + std::to_string(reply.status) +
             ": " + reply.body;
    return false;
  }
  *body = std::move(reply.body);
  return true;
}

}  // namespace

int RunReport(const ReportArgs& args, std::ostream& out, std::ostream& err) {
  if (args.url.empty() == args.replay.empty()) {
    err << "report: give either --url http://HOST:PORT (a running daemon) or "
           "--replay FILE.jsonl\n";
    return kExitUsage;
  }
  metrics::EvaluatorRegistry registry;
  metrics::RegisterBuiltinEvaluators(registry);
  config::Config config;
  try {
    config = config::LoadConfigFile(args.config_path, registry);
  } catch (const config::ConfigError& e) {
    err << e.what() << "\n";
    return kExitUsage;
  }
  metrics::LifecycleOptions options = args.options;
  if (options.today.empty()) {
    options.today =
        metrics::FormatRfc3339(std::chrono::system_clock::now()).substr(0, 10);
  } else if (!metrics::DaysBetween(options.today, options.today)) {
    err << "--today: expected a date like 2027-03-01, got '" << options.today
        << "'\n";
    return kExitUsage;
  }

  std::vector<metrics::MetricUsage> usage;
  std::map<std::string, std::vector<std::string>> rules;
  for (const auto& r : config.alerts) rules[r.metric].push_back(r.name);
  for (const auto& m : config.metrics) {
    metrics::MetricUsage u;
    u.name = m.name;
    u.type = m.type;
    u.owner = m.owner;
    u.stage = std::string(metrics::StageName(m.stage));
    u.created = m.created;
    u.review_by = m.review_by;
    u.value_only = !m.value_counter.name.empty();
    if (auto it = rules.find(m.name); it != rules.end()) {
      u.alert_rules = it->second;
    }
    usage.push_back(std::move(u));
  }

  if (!args.url.empty()) {
    std::string token;
    if (!args.token_file.empty()) {
      try {
        token = ReadTokenFile(args.token_file);
      } catch (const std::exception& e) {
        err << e.what() << "\n";
        return kExitUsage;
      }
    }
    std::string body, error;
    if (!HttpGet(args.url, "/api/v1/metrics", token, &body, &error)) {
      err << error << "\n";
      return kExitUsage;
    }
    json daemon = json::parse(body, nullptr, false);
    if (daemon.is_discarded() || !daemon.contains("metrics")) {
      err << args.url << "/api/v1/metrics: not a micrometrics answer\n";
      return kExitUsage;
    }
    std::string since;
    for (auto& u : usage) {
      const json* found = nullptr;
      for (const auto& m : daemon["metrics"]) {
        if (m.value("name", "") == u.name) found = &m;
      }
      if (!found) {
        err << "metric " << u.name << " is not running on " << args.url
            << " (reload it?); counted as 0\n";
        continue;
      }
      const json& c = (*found)["counts"];
      u.evaluated = c.value("evaluated", uint64_t{0});
      u.fails = c.value("fail", uint64_t{0});
      u.skipped = c.value("skipped", uint64_t{0});
      u.errors = c.value("error", uint64_t{0});
      u.alerted = !(*found)["last_alert"].is_null();
      if (since.empty() || (*found).value("since", "") < since) {
        since = (*found).value("since", "");
      }
    }
    options.period = "counts from " + args.url + " since " + since;
  } else {
    ReplayArgs replay;
    replay.input = args.replay;
    replay.workers = args.workers;
    ReplayRun run;
    if (int code = EvaluateFile(config, replay, err, &run)) return code;
    const auto& all = run.total->all();
    for (size_t i = 0; i < usage.size(); ++i) {
      const auto& t = all.metrics[i];
      usage[i].evaluated = t.pass + t.fail;
      usage[i].fails = t.fail;
      usage[i].skipped = t.skipped;
      usage[i].errors = t.error;
    }
    options.period = "counts from replaying " + args.replay + " (" +
                     std::to_string(run.input.events) + " events)";
  }

  metrics::LifecycleReport report =
      metrics::AssessLifecycle(std::move(usage), options);
  if (args.format == "json") {
    out << metrics::RenderLifecycleJson(report);
  } else if (args.format == "markdown") {
    out << metrics::RenderLifecycleMarkdown(report);
  } else {
    out << metrics::RenderLifecycleTable(report);
  }
  out.flush();
  return 0;
}

}  // namespace micrometrics::daemon
