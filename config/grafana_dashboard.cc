#include "config/grafana_dashboard.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "metrics/labels.h"
#include "metrics/series_names.h"

namespace micrometrics::config {
namespace {

using json = nlohmann::ordered_json;

// Which sidecars: the job and instance variables, on every query, so that
// one dashboard serves one sidecar or a fleet (sums across instances).
constexpr const char* kInstanceFilter = "job=~\"$job\",instance=~\"$instance\"";

// Filters on every query from the dashboard's job, instance and label
// variables, with a leading comma.
std::string LabelFilter(const Config& config) {
  std::string f = std::string(",") + kInstanceFilter;
  for (const auto& field : config.labels) {
    std::string name = metrics::LabelNameForField(field);
    f += "," + name + "=~\"$" + name + "\"";
  }
  return f;
}

json Target(const std::string& expr, const std::string& legend,
            bool instant = false) {
  json t = {{"datasource", {{"type", "prometheus"}, {"uid", "${datasource}"}}},
            {"expr", expr},
            {"legendFormat", legend},
            {"refId", "A"}};
  if (instant) {
    t["instant"] = true;
    t["format"] = "table";
  }
  return t;
}

// Exemplars on the panel: dots at the traces of failing or slow calls,
// which open the trace through the Prometheus data source's
// exemplarTraceIdDestinations (deploy/grafana/datasources.yaml).
json Exemplars(json target) {
  target["exemplar"] = true;
  return target;
}

json Panel(int id, const std::string& title, const std::string& type,
           json targets, int x, int y, int w, int h,
           const std::string& unit = "") {
  json p = {{"id", id},
            {"title", title},
            {"type", type},
            {"datasource", {{"type", "prometheus"}, {"uid", "${datasource}"}}},
            {"gridPos", {{"x", x}, {"y", y}, {"w", w}, {"h", h}}},
            {"targets", std::move(targets)}};
  if (!unit.empty()) {
    p["fieldConfig"] = {{"defaults", {{"unit", unit}}},
                        {"overrides", json::array()}};
  }
  return p;
}

}  // namespace

std::string ExportGrafanaDashboard(const Config& config) {
  const std::string filter = LabelFilter(config);
  const std::string selector = filter.substr(1);  // without the comma
  // The sidecars' own series (health, judges): only job and instance.
  const std::string sidecars = std::string("{") + kInstanceFilter + "}";
  // Fail rates split by prompt version when it is a label, else the first.
  std::string split;
  for (const auto& field : config.labels) {
    if (field == "prompt_version") split = "prompt_version";
  }
  if (split.empty() && !config.labels.empty()) {
    split = metrics::LabelNameForField(config.labels[0]);
  }
  const std::string by = split.empty() ? "" : " by (" + split + ")";
  const std::string legend = split.empty() ? "{{metric}}" : "{{" + split + "}}";

  json panels = json::array();
  int id = 1;
  int y = 0;
  auto rate = [&](const std::string& sel) {
    return "rate(" + series::kChecks.str() + "{" + sel + filter +
           "}[$__rate_interval])";
  };

  panels.push_back(Panel(
      id++, "Fail rate now, per metric (1h)", "table",
      json::array({Target("sum by (metric) (rate(" + series::kChecks.str() +
                              "{outcome=\"fail\"" + filter +
                              "}[1h])) / sum by (metric) (rate(" +
                              series::kChecks.str() +
                              "{outcome=~\"pass|fail\"" + filter + "}[1h]))",
                          "{{metric}}", true)}),
      0, y, 12, 8, "percentunit"));
  // Each sidecar's own alerts (one row for an alert several sidecars fire),
  // and the fleet's from the exported Prometheus rules.
  json alerts = json::array(
      {Target("max without (instance) (" + series::kAlerts.str() +
                  "{alertstate=\"firing\"," + kInstanceFilter + "})",
              "{{alertname}}", true),
       Target("ALERTS{alertstate=\"firing\",metric!=\"\"}", "{{alertname}}",
              true)});
  alerts[1]["refId"] = "B";
  panels.push_back(
      Panel(id++, "Firing alerts", "table", std::move(alerts), 12, y, 12, 8));
  y += 8;

  for (size_t i = 0; i < config.metrics.size(); ++i) {
    const auto& m = config.metrics[i];
    const std::string sel = "metric=\"" + m.name + "\"";
    json p = Panel(
        id++, m.name + ": fail rate" + (split.empty() ? "" : " by " + split),
        "timeseries",
        json::array({Exemplars(Target(
            "sum" + by + " (" + rate(sel + ",outcome=\"fail\"") + ") / sum" +
                by + " (" + rate(sel + ",outcome=~\"pass|fail\"") + ")",
            legend))}),
        static_cast<int>((i % 2) * 12), y + static_cast<int>(i / 2) * 8, 12, 8,
        "percentunit");
    p["description"] = (m.description.empty() ? m.type : m.description) +
                       " (type " + m.type + ", owner " +
                       (m.owner.empty() ? "none" : m.owner) + ", stage " +
                       std::string(metrics::StageName(m.stage)) + ")";
    p["links"] = json::array(
        {{{"title", "Failing examples"},
          {"url", "${micrometrics_url}/api/v1/examples?metric=" + m.name +
                      "&limit=20"},
          {"targetBlank", true}}});
    panels.push_back(std::move(p));
  }
  y += static_cast<int>((config.metrics.size() + 1) / 2) * 8;

  auto quantiles = [&](const std::string& histogram) {
    json t = json::array();
    for (auto [q, name] : {std::pair{"0.5", "p50"}, std::pair{"0.95", "p95"},
                           std::pair{"0.99", "p99"}}) {
      json target = Target("histogram_quantile(" + std::string(q) +
                               ", sum by (le) (rate(" + histogram + "_bucket{" +
                               selector + "}[$__rate_interval])))",
                           name);
      target["refId"] = std::string(1, static_cast<char>('A' + t.size()));
      if (std::string(name) == "p99") target = Exemplars(std::move(target));
      t.push_back(std::move(target));
    }
    return t;
  };
  panels.push_back(Panel(id++, "Latency (gen_ai.client.operation.duration)",
                         "timeseries", quantiles(series::kGenAiDuration.str()),
                         0, y, 12, 8, "s"));
  panels.push_back(Panel(id++, "Time to first token", "timeseries",
                         quantiles(series::kGenAiTimeToFirstChunk.str()), 12, y,
                         12, 8, "s"));
  y += 8;
  panels.push_back(
      Panel(id++, "Tokens per second", "timeseries",
            json::array({Target("sum by (gen_ai_token_type) "
                                "(rate(" +
                                    series::kGenAiTokenUsage.str() + "_sum{" +
                                    selector + "}[$__rate_interval]))",
                                "{{gen_ai_token_type}}")}),
            0, y, 12, 8));
  const bool has_cost = std::any_of(
      config.metrics.begin(), config.metrics.end(), [](const auto& m) {
        return m.value_counter.name == series::kCostUsd.name;
      });
  if (has_cost) {
    panels.push_back(Panel(
        id++,
        "Cost per hour" + std::string(split.empty() ? "" : " by " + split),
        "timeseries",
        json::array({Target("sum" + by + " (rate(" + series::kCostUsd.str() +
                                "{" + selector + "}[$__rate_interval])) * 3600",
                            legend)}),
        12, y, 12, 8, "currencyUSD"));
  }
  y += 8;
  panels.push_back(Panel(
      id++, "Feedback per minute by kind", "timeseries",
      json::array({Target("sum by (kind) (rate(" + series::kFeedback.str() +
                              "{" + selector + "}[$__rate_interval])) * 60",
                          "{{kind}}")}),
      0, y, 12, 8));
  json health = json::array(
      {Target("sum(rate(" + series::kEventsProcessed.str() + sidecars +
                  "[$__rate_interval]))",
              "processed/s"),
       Target("sum by (reason) (rate(" + series::kEventsRejected.str() +
                  sidecars + "[$__rate_interval]))",
              "rejected {{reason}}"),
       Target("sum(" + series::kQueueDepth.str() + sidecars + ")",
              "queue depth")});
  for (size_t i = 0; i < health.size(); ++i) {
    health[i]["refId"] = std::string(1, static_cast<char>('A' + i));
  }
  panels.push_back(Panel(id++, "Sidecar: events and queue", "timeseries",
                         std::move(health), 12, y, 12, 8));

  const bool has_judge =
      std::any_of(config.metrics.begin(), config.metrics.end(),
                  [](const auto& m) { return m.type == "judge"; });
  if (has_judge) {
    // The judges' own health: calls, drops, cost, and their agreement with
    // people (METRICS.md "judge").
    y += 8;
    json calls = json::array(
        {Target("sum by (metric, result) (rate(" +
                    series::kJudgeRequests.str() + sidecars +
                    "[$__rate_interval])) * 60",
                "{{metric}} {{result}}"),
         Target("sum by (metric, reason) (rate(" + series::kJudgeDropped.str() +
                    sidecars + "[$__rate_interval])) * 60",
                "{{metric}} dropped: {{reason}}")});
    calls[1]["refId"] = "B";
    panels.push_back(Panel(id++, "Judges: calls and drops per minute",
                           "timeseries", std::move(calls), 0, y, 12, 8));
    json cost = json::array(
        {Target("sum by (metric) (rate(" + series::kJudgeCost.str() + sidecars +
                    "[$__rate_interval])) * 3600",
                "{{metric}} USD/h"),
         Target("sum by (metric) (" + series::kJudgeQueueDepth.str() +
                    sidecars + ")",
                "{{metric}} queue"),
         // Open on any sidecar.
         Target("max by (metric) (" + series::kJudgeBreakerState.str() +
                    sidecars + ")",
                "{{metric}} breaker (1 open)")});
    for (size_t i = 0; i < cost.size(); ++i) {
      cost[i]["refId"] = std::string(1, static_cast<char>('A' + i));
    }
    panels.push_back(Panel(id++, "Judges: cost, queue and breaker",
                           "timeseries", std::move(cost), 12, y, 12, 8));
    y += 8;
    json agreement = Panel(
        id++, "Judges against people (pairs)", "table",
        json::array(
            {Target("sum by (metric, judge, human) (" +
                        series::kJudgeAgreement.str() + sidecars + ")",
                    "{{metric}} judge {{judge}}, people {{human}}", true)}),
        0, y, 24, 8);
    agreement["description"] =
        "Events both the judge and a person labelled (POST /v1/feedback). "
        "Kappa, the agreement rates and the corrected fail rate: "
        "/api/v1/metrics or micrometricsd judge-calibrate.";
    panels.push_back(std::move(agreement));
  }

  json variables = json::array({{{"name", "datasource"},
                                 {"type", "datasource"},
                                 {"query", "prometheus"},
                                 {"label", "Data source"}}});
  // One sidecar or a fleet: the scrape job and its instances, every
  // instance by default (the panels sum across them).
  auto query_variable = [](const std::string& name, const std::string& query) {
    return json{
        {"name", name},
        {"type", "query"},
        {"datasource", {{"type", "prometheus"}, {"uid", "${datasource}"}}},
        {"query", query},
        {"includeAll", true},
        {"multi", true},
        {"allValue", ".*"},
        {"current", {{"text", "All"}, {"value", "$__all"}}},
        {"refresh", 2}};
  };
  variables.push_back(query_variable(
      "job", "label_values(" + series::kEventsProcessed.str() + ", job)"));
  variables.push_back(query_variable(
      "instance", "label_values(" + series::kEventsProcessed.str() +
                      "{job=~\"$job\"}, instance)"));
  // Where the panels' "Failing examples" links go: the daemon's own API
  // (alerting.external_url, else its listen address), editable on the
  // dashboard.
  const std::string daemon_url =
      config.alerting.external_url.empty()
          ? "http://" + config.server.listen.ToString()
          : config.alerting.external_url;
  variables.push_back(
      {{"name", "micrometrics_url"},
       {"type", "textbox"},
       {"label", "micrometrics URL"},
       {"query", daemon_url},
       {"current", {{"text", daemon_url}, {"value", daemon_url}}}});
  for (const auto& field : config.labels) {
    std::string name = metrics::LabelNameForField(field);
    variables.push_back(
        query_variable(name, "label_values(" + series::kChecks.str() + "{" +
                                 kInstanceFilter + "}, " + name + ")"));
  }
  json dashboard = {{"title", "micrometrics"},
                    {"uid", "micrometrics"},
                    {"description",
                     "Generated by `micrometricsd export "
                     "grafana-dashboard` from " +
                         config.source.substr(config.source.rfind('/') + 1)},
                    {"tags", {"micrometrics", "llm"}},
                    {"timezone", "browser"},
                    {"schemaVersion", 38},
                    {"refresh", "30s"},
                    {"time", {{"from", "now-6h"}, {"to", "now"}}},
                    {"templating", {{"list", std::move(variables)}}},
                    {"panels", std::move(panels)}};
  return dashboard.dump(2) + "\n";
}

}  // namespace micrometrics::config
