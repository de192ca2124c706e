// The deploy kit names what the daemon really serves: the Kubernetes
// manifests' ports and probes, checked against the real binary started with
// the ConfigMap's config.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstring>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <thread>

#include "tests/support/http_client.h"
#include "tests/support/process.h"

namespace micrometrics::testing {
namespace {

using namespace std::chrono_literals;

std::string Deploy(const std::string& path) {
  return std::string(MICROMETRICS_SOURCE_DIR) + "/deploy/" + path;
}

YAML::Node Container(const YAML::Node& deployment, const std::string& name) {
  for (const auto& c : deployment["spec"]["template"]["spec"]["containers"]) {
    if (c["name"].as<std::string>() == name) return c;
  }
  return YAML::Node();
}

TEST(Deploy, KubernetesManifestsNameThePortsAndProbesTheDaemonServes) {
  YAML::Node deployment = YAML::LoadFile(Deploy("kubernetes/deployment.yaml"));
  YAML::Node service = YAML::LoadFile(Deploy("kubernetes/service.yaml"));
  YAML::Node monitor = YAML::LoadFile(Deploy("kubernetes/servicemonitor.yaml"));
  YAML::Node configmap = YAML::LoadFile(Deploy("kubernetes/configmap.yaml"));

  YAML::Node sidecar = Container(deployment, "micrometrics");
  ASSERT_TRUE(sidecar) << "no micrometrics container";
  const std::string port_name = sidecar["ports"][0]["name"].as<std::string>();
  const int container_port = sidecar["ports"][0]["containerPort"].as<int>();

  // The ConfigMap's config serves metrics and probes where the container
  // port says; ingest stays on loopback, for the LLM container only.
  std::string config = configmap["data"]["micrometrics.yaml"].as<std::string>();
  const std::string metrics_listen =
      "metrics_listen: 0.0.0.0:" + std::to_string(container_port);
  ASSERT_NE(config.find(metrics_listen), std::string::npos) << config;
  EXPECT_NE(config.find("listen: 127.0.0.1:9650"), std::string::npos);
  // The probes, the Service and the ServiceMonitor use that port.
  EXPECT_EQ(sidecar["livenessProbe"]["httpGet"]["port"].as<std::string>(),
            port_name);
  EXPECT_EQ(sidecar["startupProbe"]["httpGet"]["port"].as<std::string>(),
            port_name);
  // No readiness probe: the sidecar's backlog must not take the LLM pod
  // out of its Service (a pod is Ready only when every container is).
  EXPECT_FALSE(sidecar["readinessProbe"]) << "the sidecar gates the pod";
  EXPECT_EQ(service["spec"]["ports"][0]["targetPort"].as<std::string>(),
            port_name);
  EXPECT_EQ(monitor["spec"]["endpoints"][0]["port"].as<std::string>(),
            service["spec"]["ports"][0]["name"].as<std::string>());
  auto annotations = deployment["spec"]["template"]["metadata"]["annotations"];
  EXPECT_EQ(annotations["prometheus.io/port"].as<int>(), container_port);
  // The config file the container is told to read is the ConfigMap's key.
  EXPECT_EQ(sidecar["args"][1].as<std::string>(),
            "/etc/micrometrics/micrometrics.yaml");
  // The alert state lives on the pod's state volume.
  bool state_mounted = false;
  for (const auto& m : sidecar["volumeMounts"]) {
    if (m["mountPath"].as<std::string>() == "/var/lib/micrometrics") {
      state_mounted = true;
    }
  }
  EXPECT_TRUE(state_mounted);
  EXPECT_NE(config.find("state_file: /var/lib/micrometrics/alerts.state"),
            std::string::npos);

  // Start the real binary on that config (paths made local, the metrics
  // port free) and ask it for what the manifests point at.
  std::string dir = MakeTempDir("deploy");
  WriteFile(dir + "/ingest", "secret-token\n");
  auto replace = [&](const std::string& from, const std::string& to) {
    config.replace(config.find(from), from.size(), to);
  };
  replace("/run/secrets/micrometrics/ingest", dir + "/ingest");
  replace("/var/lib/micrometrics/alerts.state", dir + "/alerts.state");
  const int metrics_port = FreePort();
  replace(metrics_listen,
          "metrics_listen: 127.0.0.1:" + std::to_string(metrics_port));
  DaemonProcess daemon(config);
  const std::string liveness =
      sidecar["livenessProbe"]["httpGet"]["path"].as<std::string>();
  const std::string startup =
      sidecar["startupProbe"]["httpGet"]["path"].as<std::string>();
  const std::string scrape =
      monitor["spec"]["endpoints"][0]["path"].as<std::string>();
  EXPECT_EQ(HttpCall(metrics_port, "GET", liveness).status, 200);
  EXPECT_EQ(HttpCall(metrics_port, "GET", startup).status, 200);
  HttpReply metrics = HttpCall(metrics_port, "GET", scrape);
  EXPECT_EQ(metrics.status, 200);
  EXPECT_EQ(annotations["prometheus.io/path"].as<std::string>(), scrape);
  // The ingest token from the Secret is what the service must send.
  EXPECT_EQ(PostJson(daemon.port(), "/v1/events", R"({"output":"x"})").status,
            401);
  EXPECT_EQ(
      HttpCall(daemon.port(), "POST", "/v1/events", R"({"output":"x"})",
               "application/json", {{"Authorization", "Bearer secret-token"}})
          .status,
      202);
}

TEST(Deploy, GrafanaDashboardQueriesOnlySeriesTheDaemonExports) {
  const std::string example = Deploy("micrometrics.example.yaml");
  CommandResult generated = RunCommand(
      {DaemonBinary(), "export", "grafana-dashboard", "--config", example});
  ASSERT_EQ(generated.exit_code, 0) << generated.output;
  auto dashboard = nlohmann::json::parse(generated.output);
  // The committed dashboard is the one the example config generates.
  CommandResult committed =
      RunCommand({"cat", Deploy("grafana/micrometrics.json")});
  EXPECT_EQ(nlohmann::json::parse(committed.output), dashboard);

  std::set<std::string> names;
  // Series names: followed by a selector, a range or the end.
  const std::regex series(
      R"(\b(micrometrics_[a-z_]+|gen_ai_[a-z_]+)(?=[{\[]|$))");
  size_t queries = 0;
  for (const auto& panel : dashboard["panels"]) {
    for (const auto& target : panel["targets"]) {
      std::string expr = target["expr"];
      ++queries;
      for (auto it = std::sregex_iterator(expr.begin(), expr.end(), series);
           it != std::sregex_iterator(); ++it) {
        std::string name = (*it)[1];
        for (const char* suffix : {"_bucket", "_sum", "_count"}) {
          if (name.size() > strlen(suffix) &&
              name.compare(name.size() - strlen(suffix), strlen(suffix),
                           suffix) == 0) {
            name.resize(name.size() - strlen(suffix));
          }
        }
        names.insert(name);
      }
    }
  }
  ASSERT_GT(queries, 20u);
  // Exemplars (docs/TRACES.md) on every metric's fail rate and on the p99
  // of latency and time to first token; the provisioned Prometheus data
  // source opens their trace_id in the tracing data source.
  size_t with_exemplars = 0;
  for (const auto& panel : dashboard["panels"]) {
    for (const auto& target : panel["targets"]) {
      with_exemplars += target.value("exemplar", false) ? 1 : 0;
    }
  }
  const YAML::Node example_config = YAML::LoadFile(example);
  EXPECT_EQ(with_exemplars, example_config["metrics"].size() + 2);
  const YAML::Node datasources =
      YAML::LoadFile(Deploy("grafana/datasources.yaml"));
  const YAML::Node destination = datasources["datasources"][0]["jsonData"]
                                            ["exemplarTraceIdDestinations"][0];
  EXPECT_EQ(destination["name"].as<std::string>(), "trace_id");
  EXPECT_EQ(destination["datasourceUid"].as<std::string>(), "tempo");
  // A daemon on the example config, with some traffic so every family has
  // series, scraped live.
  // Alerts evaluated every 100ms, so that ReplyLanguageMismatch goes
  // pending and micrometrics_alerts has a series.
  std::string config_text = RunCommand({"cat", example}).output;
  const std::string interval = "evaluation_interval: 15s";
  config_text.replace(config_text.find(interval), interval.size(),
                      "evaluation_interval: 100ms");
  DaemonProcess daemon(config_text);
  nlohmann::json batch = nlohmann::json::array();
  for (int i = 0; i < 60; ++i) {
    batch.push_back(
        {{"id", "r" + std::to_string(i)},
         {"model", "gpt-4o-mini"},
         {"prompt_version", "v42"},
         {"input",
          "Wie kündige ich mein Abo? Ich finde die Einstellung nicht."},
         {"output",
          "You can cancel your subscription in the account settings."},
         {"latency_ms", 900},
         {"ttft_ms", 100},
         {"usage", {{"input_tokens", 10}, {"output_tokens", 5}}}});
  }
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events", batch.dump()).status, 202);
  ASSERT_TRUE(daemon.WaitForSample("micrometrics_events_processed_total", 60));
  ASSERT_TRUE(daemon.process().WaitForLog("ReplyLanguageMismatch", 10s))
      << daemon.Log();
  PostJson(daemon.port(), "/v1/feedback",
           R"({"event_id":"r1","kind":"thumbs_down"})");
  std::this_thread::sleep_for(200ms);
  std::string scrape = daemon.Scrape();
  for (const auto& name : names) {
    EXPECT_NE(scrape.find("# TYPE " + name + " "), std::string::npos)
        << name << " is queried by the dashboard but not exported";
  }
  EXPECT_TRUE(names.count("micrometrics_cost_usd_total"));
  EXPECT_TRUE(names.count("micrometrics_alerts"));
}

}  // namespace
}  // namespace micrometrics::testing
