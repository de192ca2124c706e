#include "daemon/alerting/alert_state.h"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "daemon/storage/atomic_file.h"

namespace micrometrics::daemon {
namespace {

using json = nlohmann::json;
using metrics::AlertClock;
using metrics::AlertGroupSnapshot;
using metrics::AlertStatus;
using metrics::WindowSnapshot;
using metrics::WindowTotals;

constexpr int kVersion = 1;

int64_t Millis(AlertClock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             t.time_since_epoch())
      .count();
}
AlertClock::time_point Time(const json& j) {
  return AlertClock::time_point(
      std::chrono::duration_cast<AlertClock::duration>(
          std::chrono::milliseconds(j.get<int64_t>())));
}

json Labels(const metrics::AlertLabels& labels) {
  json out = json::array();
  for (const auto& [k, v] : labels) out.push_back({k, v});
  return out;
}
metrics::AlertLabels Labels(const json& j) {
  metrics::AlertLabels out;
  for (const auto& kv : j) {
    out.emplace_back(kv.at(0).get<std::string>(), kv.at(1).get<std::string>());
  }
  return out;
}

// A window: its bucket width and [index, pass, fail, skipped, error,
// [[value bucket, count], ...]] per non-empty bucket.
json Window(const WindowSnapshot& w) {
  json buckets = json::array();
  for (const auto& [index, t] : w.buckets) {
    json b = {index, t.pass, t.fail, t.skipped, t.error};
    if (!t.values.empty()) {
      json values = json::array();
      for (size_t i = 0; i < t.values.size(); ++i) {
        if (t.values[i] != 0) values.push_back({i, t.values[i]});
      }
      b.push_back(std::move(values));
    }
    buckets.push_back(std::move(b));
  }
  // In nanoseconds: a window / 30 is rarely a whole number of ms, and the
  // bucket numbers are only valid for the exact width.
  return {
      {"width_ns",
       std::chrono::duration_cast<std::chrono::nanoseconds>(w.width).count()},
      {"buckets", std::move(buckets)}};
}
WindowSnapshot Window(const json& j) {
  WindowSnapshot w;
  w.width = std::chrono::duration_cast<AlertClock::duration>(
      std::chrono::nanoseconds(j.at("width_ns").get<int64_t>()));
  const size_t value_buckets = metrics::SlidingWindow::ValueBounds().size() + 1;
  for (const auto& b : j.at("buckets")) {
    WindowTotals t;
    t.pass = b.at(1).get<uint64_t>();
    t.fail = b.at(2).get<uint64_t>();
    t.skipped = b.at(3).get<uint64_t>();
    t.error = b.at(4).get<uint64_t>();
    if (b.size() > 5) {
      t.values.assign(value_buckets, 0);
      for (const auto& v : b.at(5)) {
        const auto i = v.at(0).get<size_t>();
        if (i < value_buckets) t.values[i] = v.at(1).get<uint32_t>();
      }
    }
    w.buckets.emplace_back(b.at(0).get<int64_t>(), std::move(t));
  }
  return w;
}

AlertStatus Status(const std::string& name) {
  if (name == "pending") return AlertStatus::kPending;
  if (name == "firing") return AlertStatus::kFiring;
  if (name == "inactive") return AlertStatus::kInactive;
  throw std::runtime_error("unknown alert state '" + name + "'");
}

}  // namespace

std::string EncodeAlertState(const AlertState& state) {
  json rules = json::array();
  for (const auto& rule : state.rules) {
    json groups = json::array();
    for (const auto& g : rule.groups) {
      const auto& a = g.alert;
      json alert = {{"state", std::string(metrics::AlertStatusName(a.status))},
                    {"labels", Labels(a.labels)},
                    {"value", a.value},
                    {"active_at", Millis(a.active_at)},
                    {"fired_at", Millis(a.fired_at)},
                    {"last_true", Millis(a.last_true)}};
      if (a.baseline_value) alert["baseline"] = *a.baseline_value;
      json group = {{"labels", Labels(g.labels)},
                    {"alert", std::move(alert)},
                    {"last_event", Millis(g.last_event)},
                    {"current", Window(g.current)}};
      if (g.history) group["history"] = Window(*g.history);
      if (!g.versions.empty()) {
        json versions = json::array();
        for (const auto& v : g.versions) {
          versions.push_back({{"value", v.value},
                              {"first_seen", Millis(v.first_seen)},
                              {"current", Window(v.current)},
                              {"history", Window(v.history)}});
        }
        group["versions"] = std::move(versions);
      }
      groups.push_back(std::move(group));
    }
    rules.push_back({{"name", rule.name},
                     {"fingerprint", rule.fingerprint},
                     {"groups", std::move(groups)}});
  }
  json sent = json::array();
  for (const auto& s : state.sent) {
    sent.push_back({{"rule", s.rule},
                    {"labels", Labels(s.labels)},
                    {"starts_at", Millis(s.starts_at)},
                    {"last_sent", Millis(s.last_sent)}});
  }
  return json{{"version", kVersion},
              {"saved_at", Millis(state.saved_at)},
              {"rules", std::move(rules)},
              {"sent", std::move(sent)}}
      .dump();
}

AlertState DecodeAlertState(std::string_view text) {
  try {
    const json j = json::parse(text);
    if (j.at("version").get<int>() != kVersion) {
      throw std::runtime_error("unknown version " + j.at("version").dump());
    }
    AlertState state;
    state.saved_at = Time(j.at("saved_at"));
    for (const auto& r : j.at("rules")) {
      AlertState::Rule rule{r.at("name").get<std::string>(),
                            r.at("fingerprint").get<std::string>(),
                            {}};
      for (const auto& g : r.at("groups")) {
        AlertGroupSnapshot group;
        group.labels = Labels(g.at("labels"));
        const json& a = g.at("alert");
        group.alert.status = Status(a.at("state").get<std::string>());
        group.alert.labels = Labels(a.at("labels"));
        group.alert.value = a.at("value").get<double>();
        if (a.contains("baseline")) {
          group.alert.baseline_value = a.at("baseline").get<double>();
        }
        group.alert.active_at = Time(a.at("active_at"));
        group.alert.fired_at = Time(a.at("fired_at"));
        group.alert.last_true = Time(a.at("last_true"));
        group.last_event = Time(g.at("last_event"));
        group.current = Window(g.at("current"));
        if (g.contains("history")) group.history = Window(g.at("history"));
        if (g.contains("versions")) {
          for (const auto& v : g.at("versions")) {
            // Files of earlier builds have no first_seen: keep their order,
            // a millisecond apart, ending at the group's last event.
            AlertClock::time_point first_seen =
                group.last_event -
                std::chrono::milliseconds(g.at("versions").size() -
                                          group.versions.size());
            if (v.contains("first_seen")) first_seen = Time(v.at("first_seen"));
            group.versions.push_back({v.at("value").get<std::string>(),
                                      Window(v.at("current")),
                                      Window(v.at("history")), first_seen});
          }
        }
        rule.groups.push_back(std::move(group));
      }
      state.rules.push_back(std::move(rule));
    }
    for (const auto& s : j.at("sent")) {
      state.sent.push_back({s.at("rule").get<std::string>(),
                            Labels(s.at("labels")), Time(s.at("starts_at")),
                            Time(s.at("last_sent"))});
    }
    return state;
  } catch (const json::exception& e) {
    throw std::runtime_error(e.what());
  }
}

AlertStateFile::AlertStateFile(std::string path) : path_(std::move(path)) {
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    for (;;) {
      cv_.wait(lock, [this] { return stopping_ || pending_.has_value(); });
      if (!pending_) return;  // stopping, nothing left to write
      std::string data = std::move(*pending_);
      pending_.reset();
      lock.unlock();
      Write(data);
      lock.lock();
    }
  });
}

AlertStateFile::~AlertStateFile() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

std::optional<AlertState> AlertStateFile::Read() const {
  std::error_code ec;
  if (!std::filesystem::exists(path_, ec)) return std::nullopt;
  if (std::filesystem::is_directory(path_, ec)) {
    throw std::runtime_error("is a directory");
  }
  std::ifstream in(path_, std::ios::binary);
  if (!in) throw std::runtime_error(std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return DecodeAlertState(text.str());
}

void AlertStateFile::Submit(std::string encoded) {
  {
    std::lock_guard lock(mu_);
    pending_ = std::move(encoded);  // an older one not yet written is moot
  }
  cv_.notify_one();
}

bool AlertStateFile::WriteNow(const std::string& encoded) {
  {
    std::lock_guard lock(mu_);
    pending_.reset();
  }
  return Write(encoded);
}

bool AlertStateFile::Write(const std::string& encoded) {
  std::lock_guard lock(write_mu_);
  const std::string error = WriteFileAtomically(path_, encoded);
  if (error.empty()) {
    ok_.fetch_add(1);
    if (last_failed_) spdlog::info("alert state: writing {} again", path_);
    last_failed_ = false;
    return true;
  }
  failed_.fetch_add(1);
  // Logged once per run of failures, not every evaluation.
  if (!last_failed_) {
    spdlog::error(
        "alert state: {} (alert states will not survive a restart "
        "until this is fixed)",
        error);
  }
  last_failed_ = true;
  return false;
}

}  // namespace micrometrics::daemon
