#include "config/http_url.h"

#include <gtest/gtest.h>

#include "config/config.h"
#include "metrics/registry.h"

namespace micrometrics::config {
namespace {

HttpUrl Parse(const std::string& text) {
  std::string error;
  auto url = ParseHttpUrl(text, &error);
  EXPECT_TRUE(url) << text << ": " << error;
  return url.value_or(HttpUrl{});
}

std::string Error(const std::string& text) {
  std::string error;
  EXPECT_FALSE(ParseHttpUrl(text, &error)) << text;
  return error;
}

TEST(HttpUrl, SplitsHostPortAndTarget) {
  HttpUrl u = Parse("http://alertmanager:9093/prefix/");
  EXPECT_EQ(u.host, "alertmanager");
  EXPECT_EQ(u.port, "9093");
  EXPECT_EQ(u.target, "/prefix/");
  EXPECT_EQ(u.authority, "alertmanager:9093");
  EXPECT_EQ(u.Join("/api/v2/alerts"), "/prefix/api/v2/alerts");

  u = Parse("http://example.org");
  EXPECT_EQ(u.port, "80");
  EXPECT_EQ(u.target, "/");
  EXPECT_EQ(u.Join("/api/v1/metrics"), "/api/v1/metrics");

  u = Parse("http://[::1]:8080/hook?x=1#frag");
  EXPECT_EQ(u.host, "::1");
  EXPECT_EQ(u.port, "8080");
  EXPECT_EQ(u.target, "/hook?x=1");
  EXPECT_EQ(u.authority, "[::1]:8080");

  u = Parse("http://[fe80::1]");
  EXPECT_EQ(u.host, "fe80::1");
  EXPECT_EQ(u.port, "80");

  EXPECT_EQ(Parse("http://h:1?q").target, "/?q");
}

TEST(HttpUrl, RefusesWhatCannotBeRequested) {
  EXPECT_EQ(Error("ftp://h/"), "must start with http:// or https://");
  HttpUrl tls = Parse("https://api.openai.com/v1/chat/completions");
  EXPECT_TRUE(tls.tls);
  EXPECT_EQ(tls.port, "443");
  EXPECT_EQ(tls.host, "api.openai.com");
  EXPECT_EQ(tls.target, "/v1/chat/completions");
  EXPECT_FALSE(Parse("http://h/").tls);
  EXPECT_EQ(Error("http:///x"), "has no host");
  EXPECT_EQ(Error("http://:80/"), "has no host");
  EXPECT_EQ(Error("http://h:/"), "has an empty port");
  EXPECT_EQ(Error("http://h:99999/"), "has a bad port '99999'");
  EXPECT_EQ(Error("http://h:0/"), "has a bad port '0'");
  EXPECT_EQ(Error("http://h:8o/"), "has a bad port '8o'");
  EXPECT_EQ(Error("http://[::1/"), "has an unclosed '[' in its host");
  EXPECT_EQ(Error("http://[::1]x/"), "has text after ']' that is not a port");
  EXPECT_EQ(Error("http://user:pw@h/"), "must not hold user information");
}

TEST(HttpUrl, ANotifierUrlIsParsedOnceAtLoadWithFileLineColumnErrors) {
  metrics::EvaluatorRegistry registry;
  metrics::RegisterBuiltinEvaluators(registry);
  Config c = ParseConfig(R"(
notifiers: [{name: am, type: alertmanager, url: "http://am:9093/base"}]
metrics: []
)",
                         "n.yaml", registry);
  ASSERT_EQ(c.notifiers.size(), 1u);
  EXPECT_EQ(c.notifiers[0].endpoint.host, "am");
  EXPECT_EQ(c.notifiers[0].endpoint.Join("/api/v2/alerts"),
            "/base/api/v2/alerts");
  try {
    ParseConfig("notifiers: [{name: x, type: webhook, url: 'http://h:70000/'}]",
                "n.yaml", registry);
    FAIL() << "a bad port must not load";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(),
                 "n.yaml:1:43: notifier 'x': url has a bad port '70000'");
  }
}

}  // namespace
}  // namespace micrometrics::config
