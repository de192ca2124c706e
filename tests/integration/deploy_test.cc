// The deploy kit names what the daemon really serves: the Kubernetes
// manifests' ports and probes, checked against the real binary started with
// the ConfigMap's config.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>

#include "tests/support/http_client.h"
#include "tests/support/process.h"

namespace micrometrics::testing {
namespace {

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

  // The ConfigMap's config listens where the container port says.
  std::string config = configmap["data"]["micrometrics.yaml"].as<std::string>();
  EXPECT_NE(config.find("listen: 0.0.0.0:" + std::to_string(container_port)),
            std::string::npos);
  // The probes, the Service and the ServiceMonitor use that port.
  EXPECT_EQ(sidecar["livenessProbe"]["httpGet"]["port"].as<std::string>(),
            port_name);
  EXPECT_EQ(sidecar["readinessProbe"]["httpGet"]["port"].as<std::string>(),
            port_name);
  EXPECT_EQ(service["spec"]["ports"][0]["targetPort"].as<std::string>(),
            port_name);
  EXPECT_EQ(monitor["spec"]["endpoints"][0]["port"].as<std::string>(),
            service["spec"]["ports"][0]["name"].as<std::string>());
  auto annotations = deployment["spec"]["template"]["metadata"]["annotations"];
  EXPECT_EQ(annotations["prometheus.io/port"].as<int>(), container_port);
  // The config file the container is told to read is the ConfigMap's key.
  EXPECT_EQ(sidecar["args"][1].as<std::string>(),
            "/etc/micrometrics/micrometrics.yaml");

  // Start the real binary on that config (token path made local) and ask it
  // for what the manifests point at.
  std::string dir = MakeTempDir("deploy");
  WriteFile(dir + "/ingest", "secret-token\n");
  const std::string token_path = "/run/secrets/micrometrics/ingest";
  config.replace(config.find(token_path), token_path.size(), dir + "/ingest");
  DaemonProcess daemon(config);
  const std::string liveness =
      sidecar["livenessProbe"]["httpGet"]["path"].as<std::string>();
  const std::string readiness =
      sidecar["readinessProbe"]["httpGet"]["path"].as<std::string>();
  const std::string scrape =
      monitor["spec"]["endpoints"][0]["path"].as<std::string>();
  EXPECT_EQ(HttpCall(daemon.port(), "GET", liveness).status, 200);
  EXPECT_EQ(HttpCall(daemon.port(), "GET", readiness).status, 200);
  HttpReply metrics = HttpCall(daemon.port(), "GET", scrape);
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

}  // namespace
}  // namespace micrometrics::testing
