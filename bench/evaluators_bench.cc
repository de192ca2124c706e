// Each built-in evaluator on a 2 KB, a 1.5 KB and a 200-character reply,
// and the whole default pack on replies of 2 KB to 200 characters with a
// 200-character input; both on the events of a file too (below).
//   build/bench/evaluators_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "config/config.h"
#include "metrics/evaluation.h"
#include "metrics/ingest/event_json.h"
#include "metrics/language/prose.h"
#include "metrics/language/quick_language.h"
#include "metrics/registry.h"

namespace {

using namespace micrometrics;

const char* kInput =
    "Guten Tag, ich möchte mein Abo kündigen, weil ich umziehe. Wie mache "
    "ich das am besten, und bekomme ich für den Rest des Monats Geld zurück?";

std::string Reply(size_t bytes) {
  const std::string paragraph =
      "Sie können Ihr Abo jederzeit in den Kontoeinstellungen unter "
      "\"Abonnement\" kündigen. Die Kündigung wird zum Ende des "
      "Abrechnungszeitraums wirksam, eine anteilige Erstattung ist leider "
      "nicht vorgesehen. Wenn Sie umziehen, können Sie alternativ Ihre "
      "Adresse ändern und das Abo behalten. Bei Fragen erreichen Sie uns "
      "montags bis freitags zwischen 8 und 18 Uhr. ";
  std::string out;
  while (out.size() < bytes) out += paragraph;
  out.resize(bytes);
  while (!out.empty() &&
         (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) {
    out.pop_back();  // keep UTF-8 whole
  }
  if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) {
    out.pop_back();
  }
  return out;
}

metrics::Event MakeEvent(size_t reply_bytes) {
  metrics::Event e;
  e.conversation_id = "conv-1";
  e.model = "gpt-4o-mini";
  e.input = kInput;
  e.output = Reply(reply_bytes);
  e.latency_ms = 1840;
  e.ttft_ms = 212;
  e.usage = {812, 96};
  e.finish_reason = "stop";
  e.status = "ok";
  return e;
}

// One metric per type, as a team would configure it.
const char* kCatalog = R"(
metrics:
  - {name: language_match, type: language_match}
  - {name: pii, type: pii, params: {phone_regions: [US, GB, DE, FR]}}
  - {name: refusal, type: refusal}
  - {name: json_valid, type: json_valid}
  - {name: markdown, type: markdown}
  - {name: repetition, type: repetition}
  - {name: keywords, type: keywords, params: {words: [CompetitorX, guaranteed refund]}}
  - {name: prompt_injection, type: prompt_injection}
  - {name: prompt_injection_rules, type: prompt_injection, params: {classifier: false}}
  - {name: cost, type: cost, params: {prices: {gpt-4o-mini: {input: 0.15, output: 0.6}}}}
  - {name: throughput, type: throughput}
  - {name: regex, type: regex, params: {pattern: '\b\d{3}-\d{2}-\d{4}\b'}}
  - {name: length, type: length, params: {max: 4000}}
  - {name: empty_output, type: empty_output}
  - {name: truncation, type: truncation}
  - {name: error_status, type: error_status}
  - {name: latency, type: latency, params: {max_ms: 10000}}
)";

const config::Config& Catalog() {
  static const config::Config config = [] {
    metrics::EvaluatorRegistry registry;
    metrics::RegisterBuiltinEvaluators(registry);
    return config::ParseConfig(kCatalog, "bench", registry);
  }();
  return config;
}

void BM_Evaluator(benchmark::State& state, size_t index, size_t bytes) {
  const auto& metric = Catalog().metrics[index];
  metrics::Event event = MakeEvent(bytes);
  for (auto _ : state) {
    benchmark::DoNotOptimize(metric.evaluator->Evaluate(event));
  }
}

void BM_DefaultPack(benchmark::State& state) {
  metrics::EvaluatorRegistry registry;
  metrics::RegisterBuiltinEvaluators(registry);
  config::Config config =
      config::ParseConfig(config::DefaultConfigYaml(), "<default>", registry);
  metrics::Event event = MakeEvent(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    metrics::EvaluateEvent(config.metrics, event,
                           [](size_t, const metrics::Verdict& v, double) {
                             benchmark::DoNotOptimize(v);
                           });
  }
  state.SetLabel(std::to_string(config.metrics.size()) + " metrics");
}
BENCHMARK(BM_DefaultPack)
    ->Arg(2048)
    ->Arg(1536)
    ->Arg(1024)
    ->Arg(200)
    ->Unit(benchmark::kMicrosecond);

// The default pack over the events of a JSONL file (MICROMETRICS_BENCH_EVENTS,
// e.g. from bench/make_events.py), round robin: the evaluators' own cost per
// event on the traffic bench/overhead.sh sends to the daemon.
const std::vector<metrics::Event>* BenchEvents(benchmark::State& state) {
  static std::vector<metrics::Event> events = [] {
    std::vector<metrics::Event> out;
    const char* path = std::getenv("MICROMETRICS_BENCH_EVENTS");
    if (!path) return out;
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    std::string body = text.str();
    metrics::EventParser parser;
    return parser.Parse(body, metrics::BodyFormat::kNdjson).events;
  }();
  if (events.empty()) {
    state.SkipWithError(
        "set MICROMETRICS_BENCH_EVENTS to a JSONL file of events");
    return nullptr;
  }
  return &events;
}

void RunOnEvents(benchmark::State& state, const std::string& config_yaml) {
  const auto* events = BenchEvents(state);
  if (!events) return;
  metrics::EvaluatorRegistry registry;
  metrics::RegisterBuiltinEvaluators(registry);
  config::Config config = config::ParseConfig(config_yaml, "bench", registry);
  size_t i = 0;
  for (auto _ : state) {
    metrics::EvaluateEvent(config.metrics, (*events)[i],
                           [](size_t, const metrics::Verdict& v, double) {
                             benchmark::DoNotOptimize(v);
                           });
    if (++i == events->size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(std::to_string(events->size()) + " events");
}

void BM_DefaultPackOnEvents(benchmark::State& state) {
  RunOnEvents(state, std::string(config::DefaultConfigYaml()));
}
BENCHMARK(BM_DefaultPackOnEvents)->Unit(benchmark::kMicrosecond);

// The metrics of a config file (MICROMETRICS_BENCH_CONFIG) on those
// events: what bench/python_peer.sh's daemon evaluates.
void BM_ConfigOnEvents(benchmark::State& state) {
  const char* path = std::getenv("MICROMETRICS_BENCH_CONFIG");
  if (!path) {
    state.SkipWithError("set MICROMETRICS_BENCH_CONFIG to a config file");
    return;
  }
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  RunOnEvents(state, text.str());
}
BENCHMARK(BM_ConfigOnEvents)->Unit(benchmark::kMicrosecond);

// language_match alone on those events, with the fast path (the default)
// and without it (CLD2 on every reply and input, as before it).
void BM_LanguageMatchOnEvents(benchmark::State& state) {
  RunOnEvents(state, state.range(0)
                         ? "metrics: [{name: lm, type: language_match}]\n"
                         : "metrics: [{name: lm, type: language_match, "
                           "params: {fast_path: false}}]\n");
}
BENCHMARK(BM_LanguageMatchOnEvents)
    ->ArgName("fast_path")
    ->Arg(1)
    ->Arg(0)
    ->Unit(benchmark::kMicrosecond);

// language_match with the fastText backend (scripts/fetch_lid_model.sh).
void BM_LanguageMatchFastText(benchmark::State& state) {
  metrics::EvaluatorRegistry registry;
  metrics::RegisterBuiltinEvaluators(registry);
  config::Config config = config::ParseConfig(
      "metrics: [{name: lm, type: language_match, params: {model_path: " +
          std::string(MICROMETRICS_SOURCE_DIR) +
          "/.cache/models/lid.176.ftz}}]\n",
      "bench", registry);
  metrics::Event event = MakeEvent(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(config.metrics[0].evaluator->Evaluate(event));
  }
}
BENCHMARK(BM_LanguageMatchFastText)
    ->Arg(2048)
    ->Arg(200)
    ->Unit(benchmark::kMicrosecond);

// The parts of language_match's fast path: the prose of a reply (at most
// 512 bytes of it, as the evaluator takes), and the quick identification.
void BM_ExtractProse(benchmark::State& state) {
  const std::string reply = Reply(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(metrics::ExtractProse(reply, 512));
  }
}
BENCHMARK(BM_ExtractProse)->Arg(2048)->Arg(200)->Unit(benchmark::kMicrosecond);

void BM_QuickLanguage(benchmark::State& state) {
  const std::string prose =
      metrics::ExtractProse(Reply(static_cast<size_t>(state.range(0))), 512);
  const auto& quick = metrics::QuickLanguage::Builtin();
  for (auto _ : state) benchmark::DoNotOptimize(quick.Identify(prose));
}
BENCHMARK(BM_QuickLanguage)->Arg(2048)->Arg(200)->Unit(benchmark::kMicrosecond);

const bool kRegistered = [] {
  for (size_t i = 0; i < Catalog().metrics.size(); ++i) {
    for (size_t bytes : {size_t{2048}, size_t{1536}, size_t{200}}) {
      benchmark::RegisterBenchmark(
          ("BM_Evaluator/" + Catalog().metrics[i].name + "/" +
           std::to_string(bytes))
              .c_str(),
          BM_Evaluator, i, bytes)
          ->Unit(benchmark::kMicrosecond);
    }
  }
  return true;
}();

}  // namespace

BENCHMARK_MAIN();
