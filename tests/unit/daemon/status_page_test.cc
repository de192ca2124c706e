// The status page's renderer: escaping (markup, attribute breakers, bad
// UTF-8, control characters) and what a row shows.
#include "daemon/status/status_page.h"

#include <gtest/gtest.h>

namespace micrometrics::daemon {
namespace {

TEST(EscapeHtml, MarkupAndQuotesBecomeEntities) {
  EXPECT_EQ(EscapeHtml("<script>alert('x')</script>"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  EXPECT_EQ(EscapeHtml("\"><img src=x onerror=y>"),
            "&quot;&gt;&lt;img src=x onerror=y&gt;");
  EXPECT_EQ(EscapeHtml("&amp;"), "&amp;amp;");
  EXPECT_EQ(EscapeHtml("Grüße 日本 🙂\tok\n"),
            "Grüße 日本 🙂\tok\n");
}

TEST(EscapeHtml, BadUtf8AndControlCharactersBecomeReplacementCharacters) {
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(EscapeHtml("a\xff"
                       "b"),
            "a" + r + "b");
  EXPECT_EQ(EscapeHtml("\xC3"), r);                          // cut sequence
  EXPECT_EQ(EscapeHtml("\xC0\xBC"), r + r);                  // overlong '<'
  EXPECT_EQ(EscapeHtml("\xED\xA0\x80"), r + r + r);          // a surrogate
  EXPECT_EQ(EscapeHtml("\xF4\x90\x80\x80"), r + r + r + r);  // > U+10FFFF
  EXPECT_EQ(EscapeHtml(std::string("x\0y", 3)), "x" + r + "y");
  EXPECT_EQ(EscapeHtml("\x1b[31m"), r + "[31m");
}

TEST(StatusPage, RendersEveryPartEscaped) {
  StatusPage page;
  page.now = "2026-12-02T10:00:00Z";
  page.health.version = "1.2.3";
  page.health.config_source = "/etc/<x>.yaml";
  page.health.reload_failed_at = "2026-12-02T09:59:00Z";
  page.health.reload_error = "a.yaml:3:5: unknown key 'x'";
  StatusPage::Metric m;
  m.name = "reply_language";
  m.type = "language_match";
  m.stage = "active";
  m.owner = "<b>team</b>";
  m.review_by = "2026-01-01";
  m.review_overdue = true;
  m.hour_evaluated = 200;
  m.hour_fails = 10;
  m.minutes[59] = {100, 10};
  m.minutes[58] = {100, 0};
  m.worst.push_back({{{"route", "r\"1"}}, 9, 10});
  m.examples.push_back({"2026-12-02T09:58:00Z",
                        "e1",
                        {{"prompt_version", "v<2>"}},
                        "why",
                        "<i>reply</i>"});
  page.metrics.push_back(m);
  page.alerts.push_back({"Lang",
                         "reply_language",
                         "firing",
                         "fail_rate > 0.02",
                         "page",
                         {{"route", "<r>"}},
                         "2026-12-02T09:55:00Z",
                         0.05});
  const std::string html = RenderStatusPage(page);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find("<i>"), std::string::npos);
  EXPECT_EQ(html.find("<r>"), std::string::npos);
  EXPECT_NE(html.find("/etc/&lt;x&gt;.yaml"), std::string::npos);
  EXPECT_NE(html.find("unknown key &#39;x&#39;"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;team&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(html.find("2026-01-01 (overdue)"), std::string::npos);
  EXPECT_NE(html.find("5.0%"), std::string::npos);  // 10 of 200
  EXPECT_NE(html.find("route=r&quot;1</span> 90%"), std::string::npos);
  EXPECT_NE(html.find("this minute: 10 of 100"), std::string::npos);
  EXPECT_NE(html.find("1 min ago: 0 of 100"), std::string::npos);
  EXPECT_NE(html.find("<title>(1 firing) micrometrics</title>"),
            std::string::npos);
  EXPECT_NE(html.find("&lt;i&gt;reply&lt;/i&gt;"), std::string::npos);
  EXPECT_NE(html.find("<meta http-equiv=\"refresh\" content=\"10\">"),
            std::string::npos);
  // Nothing that runs or loads from elsewhere.
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("style=\""), std::string::npos)
      << "CSP: style-src 'self'";

  page.examples_hidden = true;
  EXPECT_NE(RenderStatusPage(page).find("Examples need the admin token"),
            std::string::npos);
}

}  // namespace
}  // namespace micrometrics::daemon
