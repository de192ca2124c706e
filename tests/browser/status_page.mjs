// Loads the daemon's status page in headless Chromium (Debian's chromium,
// driven by puppeteer-core) and prints what a person would see, as JSON, for
// tests/integration/status_page_test.cc to check:
//   node tests/browser/status_page.mjs PORT SCREENSHOT_DIR PUPPETEER_DIR
// Desktop and phone viewports; every request, console message, page error
// and CSP violation is recorded.
import { createRequire } from "node:module";
import path from "node:path";

const [port, shots, puppeteerDir] = process.argv.slice(2);
const require = createRequire(path.resolve(puppeteerDir, "package.json"));
const puppeteer = require("puppeteer-core");

const origin = `http://127.0.0.1:${port}`;
const report = { requests: [], foreign: [], console: [], errors: [] };
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run"],
});
try {
  const page = await browser.newPage();
  page.on("request", (r) => {
    report.requests.push(r.url());
    if (!r.url().startsWith(origin + "/")) report.foreign.push(r.url());
  });
  page.on("console", (m) => report.console.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => report.errors.push(String(e)));
  // Anything that ran would show here; nothing may.
  await page.evaluateOnNewDocument(() => {
    window.__ran = [];
    window.alert = (x) => window.__ran.push(String(x));
  });
  await page.setViewport({ width: 1280, height: 900 });
  const response = await page.goto(origin + "/", { waitUntil: "load" });
  report.status = response.status();
  report.csp = response.headers()["content-security-policy"] || "";
  report.title = await page.title();
  Object.assign(
    report,
    await page.evaluate(() => {
      const text = (el) => (el ? el.textContent.trim() : "");
      return {
        ran: window.__ran,
        scripts: document.querySelectorAll("script").length,
        images: document.querySelectorAll("img").length,
        injected: document.querySelectorAll("b, h6, marquee, iframe").length,
        stylesheetLoaded: getComputedStyle(document.body).margin === "0px",
        health: Object.fromEntries(
          [...document.querySelectorAll("#health dl div")].map((d) => [
            text(d.querySelector("dt")),
            text(d.querySelector("dd")),
          ]),
        ),
        metrics: [...document.querySelectorAll("tr.metric")].map((r) => ({
          cells: [...r.querySelectorAll("td")].map(text),
          overdue: !!r.querySelector(".overdue"),
          bars: r.querySelectorAll("svg rect").length,
        })),
        alerts: [...document.querySelectorAll("tr.alert")].map((r) =>
          [...r.querySelectorAll("td")].map(text),
        ),
        examples: [...document.querySelectorAll(".example")].map((e) => ({
          meta: text(e.querySelector(".meta")),
          reason: text(e.querySelector(".reason")),
          text: text(e.querySelector("pre")),
        })),
        links: [...document.querySelectorAll("a")].map((a) =>
          a.getAttribute("href"),
        ),
      };
    }),
  );
  await page.screenshot({ path: path.join(shots, "status_page.png"), fullPage: true });
  await page.screenshot({ path: path.join(shots, "status_page_top.png") });

  // A phone: nothing wider than the screen.
  await page.setViewport({ width: 390, height: 844, isMobile: true, deviceScaleFactor: 2 });
  await page.goto(origin + "/", { waitUntil: "load" });
  report.phone = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  await page.screenshot({ path: path.join(shots, "status_page_phone.png"), fullPage: true });
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
