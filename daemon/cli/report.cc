#include "daemon/cli/report.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>

#include "config/config.h"
#include "daemon/cli/replay.h"
#include "daemon/pipeline/metric_book.h"
#include "daemon/server/api.h"
#include "metrics/registry.h"

namespace micrometrics::daemon {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using json = nlohmann::json;

constexpr int kExitUsage = 2;

// GET base_url + path with a deadline; the body of a 200, else an error.
bool HttpGet(const std::string& base_url, const std::string& path,
             const std::string& token, std::string* body, std::string* error) {
  std::string rest = base_url;
  if (rest.rfind("http://", 0) != 0) {
    *error = "--url must start with http://, got '" + base_url + "'";
    return false;
  }
  rest = rest.substr(7);
  std::string authority = rest.substr(0, rest.find('/'));
  std::string prefix =
      rest.find('/') == std::string::npos ? "" : rest.substr(rest.find('/'));
  if (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  auto address = config::ParseListenAddress(authority);
  std::string host = address ? address->host : authority;
  std::string port = address ? std::to_string(address->port) : "80";
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  http::response<http::string_body> res;
  beast::flat_buffer buffer;
  http::request<http::empty_body> req{http::verb::get, prefix + path, 11};
  req.set(http::field::host, authority);
  req.set(http::field::user_agent, "micrometricsd report");
  if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
  beast::error_code failure;
  tcp::resolver resolver(ioc);
  stream.expires_after(std::chrono::seconds(10));
  resolver.async_resolve(
      host, port, [&](beast::error_code ec, tcp::resolver::results_type r) {
        if (ec) {
          failure = ec;
          return;
        }
        stream.async_connect(r, [&](beast::error_code ec2,
                                    const tcp::endpoint&) {
          if (ec2) {
            failure = ec2;
            return;
          }
          http::async_write(stream, req, [&](beast::error_code ec3, size_t) {
            if (ec3) {
              failure = ec3;
              return;
            }
            http::async_read(stream, buffer, res,
                             [&](beast::error_code ec4, size_t) {
                               if (ec4) failure = ec4;
                             });
          });
        });
      });
  ioc.run();
  if (failure) {
    *error = base_url + path + ": " + failure.message();
    return false;
  }
  if (res.result_int() != 200) {
    *error = base_url + path + " answered " + std::to_string(res.result_int()) +
             ": " + res.body();
    return false;
  }
  *body = std::move(res.body());
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
        FormatRfc3339(std::chrono::system_clock::now()).substr(0, 10);
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
