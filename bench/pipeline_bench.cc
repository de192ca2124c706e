// The per-event work of the daemon, stage by stage, on realistic events:
// parse a batch (I/O thread), evaluate the default pack and record the
// series (worker thread).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "config/config.h"
#include "daemon/exposition/series.h"
#include "metrics/evaluation.h"
#include "metrics/ingest/event_json.h"
#include "metrics/labels.h"
#include "metrics/registry.h"

namespace {

using namespace micrometrics;

std::string OneEvent(int i) {
  return R"({"id":"req-)" + std::to_string(i) +
         R"(","timestamp":"2026-11-27T10:00:00Z","conversation_id":"conv-)" +
         std::to_string(i / 5) + R"(","turn":)" + std::to_string(1 + i % 8) +
         R"(,"model":"gpt-4o-mini","provider":"openai","prompt_version":"support-v)" +
         std::to_string(40 + i % 3) +
         R"(","route":"billing","locale":"de-DE","channel":"chat",)"
         R"("input":"Wie kündige ich mein Abo? Ich habe es im März abgeschlossen.",)"
         R"("messages":[{"role":"system","content":"Du bist ein hilfreicher Assistent."},)"
         R"({"role":"user","content":"Wie kündige ich mein Abo?"}],)"
         R"("output":"Sie können Ihr Abo jederzeit in den Kontoeinstellungen unter )"
         R"(\"Abonnement\" kündigen. Die Kündigung wird zum Ende des )"
         R"(Abrechnungszeitraums wirksam. Kann ich sonst noch helfen?",)"
         R"("latency_ms":1840.5,"ttft_ms":212,"usage":{"input_tokens":812,)"
         R"("output_tokens":96},"finish_reason":"stop","status":"ok",)"
         R"("attributes":{"experiment":"b"}})";
}

std::string Batch(int n) {
  std::string body = "[";
  for (int i = 0; i < n; ++i) {
    if (i) body += ",";
    body += OneEvent(i);
  }
  return body + "]";
}

config::Config DefaultConfig() {
  metrics::EvaluatorRegistry registry;
  metrics::RegisterBuiltinEvaluators(registry);
  return config::ParseConfig(config::DefaultConfigYaml(), "<default>",
                             registry);
}

void BM_ParseBatch(benchmark::State& state) {
  const std::string body = Batch(static_cast<int>(state.range(0)));
  metrics::EventParser parser;
  for (auto _ : state) {
    std::string copy = body;
    auto parsed = parser.Parse(copy, metrics::BodyFormat::kJson);
    benchmark::DoNotOptimize(parsed.events.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(body.size()));
}
BENCHMARK(BM_ParseBatch)->Arg(1)->Arg(100);

// What a worker does with one event: evaluate every metric, record it all.
void EvaluateAndRecord(const config::Config& config,
                       daemon::Series::Recorder& recorder,
                       const metrics::Event& event) {
  recorder.BeginEvent(event);
  metrics::EvaluateEvent(
      config.metrics, event,
      [&](size_t index, const metrics::Verdict& v, double seconds) {
        recorder.RecordCheck(index, v, seconds);
      });
  recorder.EndEvent(event);
}

void BM_EvaluateAndRecord(benchmark::State& state) {
  config::Config config = DefaultConfig();
  metrics::LabelSchema labels(config.labels, config.label_max_values);
  daemon::Series series(config, labels);
  daemon::Series::Recorder recorder(series);
  std::string body = Batch(100);
  metrics::EventParser parser;
  auto events = parser.Parse(body, metrics::BodyFormat::kJson).events;
  size_t i = 0;
  for (auto _ : state) {
    EvaluateAndRecord(config, recorder, events[i++ % events.size()]);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateAndRecord);

void BM_Scrape(benchmark::State& state) {
  config::Config config = DefaultConfig();
  metrics::LabelSchema labels(config.labels, config.label_max_values);
  daemon::Series series(config, labels);
  daemon::Series::Recorder recorder(series);
  std::string body = Batch(100);
  metrics::EventParser parser;
  for (auto& event : parser.Parse(body, metrics::BodyFormat::kJson).events) {
    EvaluateAndRecord(config, recorder, event);
  }
  for (auto _ : state) benchmark::DoNotOptimize(daemon::Serialize(series));
}
BENCHMARK(BM_Scrape);

}  // namespace

BENCHMARK_MAIN();
