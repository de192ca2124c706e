// libFuzzer target: the text detectors (refusal with its voice splitter and
// classifier, prompt_injection, pii with redaction, markdown) on any bytes:
// no crash, no error verdict, spans inside the text and in order, voices
// that tile the reply. libFuzzer's -timeout catches a detector gone
// super-linear.
#include <cstddef>
#include <cstdint>
#include <string>

#include "metrics/evaluators/pii.h"
#include "metrics/evaluators/refusal.h"
#include "metrics/pii/pii.h"
#include "metrics/refusal/reading.h"
#include "tests/support/test_params.h"

namespace {

using micrometrics::metrics::Outcome;

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace m = micrometrics::metrics;
  static const auto refusal = m::MakeEvaluator("refusal");
  static const auto injection = m::MakeEvaluator("prompt_injection");
  static const auto pii = m::MakeEvaluator("pii");
  static const auto markdown = m::MakeEvaluator("markdown");
  const std::string text(reinterpret_cast<const char*>(data), size);
  m::Event event;
  event.input = text;
  event.output = text;
  for (const auto* e : {&refusal, &injection, &pii, &markdown}) {
    const m::Verdict v = (*e)->Evaluate(event);
    Check(v.outcome == Outcome::kPass || v.outcome == Outcome::kFail);
  }
  const auto voices = m::refusal::SplitVoices(text);
  Check(!voices.empty());
  size_t at = 0;
  for (std::string_view voice : voices) {
    Check(voice.data() == text.data() + at);
    at += voice.size();
  }
  Check(at == text.size());
  size_t last = 0;
  for (const m::PiiSpan& span : m::FindPii(text, {"US", "DE"})) {
    Check(span.begin < span.end && span.end <= text.size());
    Check(span.begin >= last);
    last = span.begin;
  }
  (void)m::RedactPii(text);
  return 0;
}
