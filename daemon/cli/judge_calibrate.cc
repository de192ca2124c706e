#include "daemon/cli/judge_calibrate.h"

#include <atomic>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <ostream>
#include <thread>
#include <vector>

#include "config/config.h"
#include "daemon/judge/judge_calibration.h"
#include "daemon/judge/judge_call.h"
#include "daemon/judge/judges.h"
#include "metrics/ingest/event_json.h"
#include "metrics/judge/calibration.h"
#include "metrics/registry.h"

namespace micrometrics::daemon {
namespace {

using json = nlohmann::ordered_json;
constexpr int kExitGate = 1;
constexpr int kExitUsage = 2;

struct Labelled {
  metrics::Event event;
  bool human_fail = false;
};

json Optional(const std::optional<double>& v) {
  return v ? json(*v) : json(nullptr);
}

std::string Fixed(const std::optional<double>& v, const char* format) {
  if (!v) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, format, *v);
  return buf;
}

}  // namespace

int RunCalibrate(const CalibrateArgs& args, std::ostream& out,
                 std::ostream& err) {
  metrics::EvaluatorRegistry registry;
  metrics::RegisterBuiltinEvaluators(registry);
  config::Config config;
  try {
    config = config::LoadConfigFile(args.config_path, registry);
  } catch (const config::ConfigError& e) {
    err << e.what() << "\n";
    return kExitUsage;
  }
  const metrics::MicroMetric* metric = nullptr;
  for (const auto& m : config.metrics) {
    if (m.name == args.metric) metric = &m;
  }
  if (!metric || !JudgeSpecOf(*metric)) {
    err << "--metric: no judge metric '" << args.metric << "' in "
        << config.source << "\n";
    return kExitUsage;
  }
  std::string key;
  try {
    const Judges::Keys keys = Judges::ReadKeys({*metric});
    if (auto it = keys.find(metric->name); it != keys.end()) key = it->second;
  } catch (const std::exception& e) {
    err << e.what() << "\n";
    return kExitUsage;
  }

  // The labelled file: each line an event with a "label" (pass or fail).
  std::ifstream in(args.input);
  if (!in) {
    err << args.input << ": cannot read\n";
    return kExitUsage;
  }
  std::vector<Labelled> rows;
  metrics::EventParser parser;
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    json item = json::parse(line, nullptr, false);
    auto bad = [&](const std::string& what) {
      err << args.input << ":" << number << ": " << what << "\n";
      return kExitUsage;
    };
    if (!item.is_object()) return bad("not a JSON object");
    auto label = item.find("label");
    if (label == item.end() || !label->is_string() ||
        (*label != "pass" && *label != "fail")) {
      return bad("\"label\" must be \"pass\" or \"fail\"");
    }
    const bool human_fail = *label == "fail";
    item.erase("label");
    std::string event = item.dump();
    metrics::ParsedBody parsed =
        parser.Parse(event, metrics::BodyFormat::kJson);
    if (parsed.document_error || parsed.events.size() != 1) {
      return bad(parsed.errors.empty() ? "not an event"
                                       : parsed.errors[0].message);
    }
    rows.push_back({std::move(parsed.events[0]), human_fail});
  }
  if (rows.empty()) {
    err << args.input << ": no labelled events\n";
    return kExitUsage;
  }

  // Every row is asked (no sampling), `concurrency` at a time.
  BlockingJudge judge(*metric, key);
  const size_t threads = args.concurrency > 0
                             ? static_cast<size_t>(args.concurrency)
                             : judge.spec().concurrency;
  std::vector<std::optional<metrics::Verdict>> verdicts(rows.size());
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  for (size_t t = 0; t < std::min(threads, rows.size()); ++t) {
    pool.emplace_back([&] {
      for (size_t i = next++; i < rows.size(); i = next++) {
        std::string why;
        verdicts[i] = judge.Judge(rows[i].event, false, &why);
      }
    });
  }
  for (auto& t : pool) t.join();

  metrics::Confusion c;
  size_t unknown = 0, errors = 0, not_asked = 0;
  uint64_t human_fails = 0;
  std::string first_error;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!verdicts[i]) {
      ++not_asked;  // the budget or the breaker
      continue;
    }
    if (verdicts[i]->outcome == metrics::Outcome::kError) {
      if (errors++ == 0) first_error = verdicts[i]->reason;
      continue;
    }
    if (!c.Add(verdicts[i]->outcome, rows[i].human_fail)) {
      ++unknown;
      continue;
    }
    human_fails += rows[i].human_fail;
  }
  const double n = static_cast<double>(c.n());
  const std::optional<double> judge_rate =
      c.n() ? std::optional<double>(static_cast<double>(c.tp + c.fp) / n)
            : std::nullopt;
  const std::optional<double> human_rate =
      c.n() ? std::optional<double>(static_cast<double>(human_fails) / n)
            : std::nullopt;
  const std::optional<double> corrected =
      judge_rate ? metrics::CorrectedFailRate(*judge_rate, c) : std::nullopt;

  if (args.format == "json") {
    json report = {{"metric", metric->name},
                   {"model", judge.spec().model},
                   {"rubric_version", judge.spec().rubric_version},
                   {"labelled", rows.size()},
                   {"unknown", unknown},
                   {"errors", errors},
                   {"not_asked", not_asked}};
    report.update(AgreementJson(c));
    report.update(json{{"judge_fail_rate", Optional(judge_rate)},
                       {"human_fail_rate", Optional(human_rate)},
                       {"corrected_fail_rate", Optional(corrected)},
                       {"tokens", judge.tokens()},
                       {"cost_usd", judge.cost_usd()}});
    out << report.dump(2) << "\n";
  } else {
    out << "judge " << metric->name << " (model " << judge.spec().model
        << ", rubric " << judge.spec().rubric_version << ") on " << args.input
        << "\n"
        << "  " << rows.size() << " labelled events: " << c.n() << " judged, "
        << unknown << " unknown, " << errors << " errors, " << not_asked
        << " not asked (budget or breaker)\n"
        << "  judge fail, people fail: " << c.tp
        << "    judge fail, people pass: " << c.fp << "\n"
        << "  judge pass, people fail: " << c.fn
        << "    judge pass, people pass: " << c.tn << "\n"
        << "  true positive rate " << Fixed(c.TruePositiveRate(), "%.3f")
        << " (" << c.tp << "/" << c.tp + c.fn << "), true negative rate "
        << Fixed(c.TrueNegativeRate(), "%.3f") << " (" << c.tn << "/"
        << c.tn + c.fp << ")\n"
        << "  Cohen's kappa " << Fixed(c.Kappa(), "%.3f") << " (n=" << c.n()
        << ")\n"
        << "  fail rate: judge " << Fixed(judge_rate, "%.3f") << ", people "
        << Fixed(human_rate, "%.3f") << ", judge corrected "
        << Fixed(corrected, "%.3f") << "\n"
        << "  " << judge.tokens() << " tokens, "
        << Fixed(judge.cost_usd(), "$%.4f") << "\n";
    if (errors > 0) out << "  first error: " << first_error << "\n";
  }
  if (args.min_kappa) {
    const auto kappa = c.Kappa();
    if (!kappa || *kappa < *args.min_kappa) {
      err << "kappa " << Fixed(kappa, "%.3f") << " is below --min-kappa "
          << Fixed(args.min_kappa, "%.3f") << "\n";
      return kExitGate;
    }
  }
  return 0;
}

}  // namespace micrometrics::daemon
