#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/event.h"
#include "metrics/params.h"
#include "metrics/verdict.h"

// The LLM judge as pure computation: its params, the request it sends, the
// strict reading of the answer. The daemon's judge runner (daemon/judge/)
// does the I/O; replay uses the same functions.
namespace micrometrics::metrics {

/// How the endpoint is told to answer with the verdict's JSON schema:
/// OpenAI, vLLM and Azure take `response_format`; llama.cpp's server also
/// takes a top-level `json_schema`; Ollama's native API takes `format`.
/// With kNone the answer is still parsed strictly.
enum class StructuredOutput { kResponseFormat, kJsonSchema, kFormat, kNone };

/// USD per million tokens of the judge model.
struct JudgePrice {
  double input = 0;
  double output = 0;
};

/// `type: judge` params, checked (docs/METRICS.md "judge").
struct JudgeSpec {
  // endpoint:
  std::string url;  ///< http[s]://HOST[:PORT]/v1/chat/completions
  std::string model;
  std::string api_key_file;  ///< empty for none; read by the daemon
  /// How the key is sent: "authorization" (Bearer KEY: OpenAI, vLLM, ...)
  /// or "api-key" (Azure OpenAI's header).
  std::string api_key_header = "authorization";
  std::string ca_file;  ///< https: CAs to trust instead of the system's
  std::chrono::milliseconds timeout{20000};
  double temperature = 0;
  int max_tokens = 200;
  StructuredOutput structured = StructuredOutput::kResponseFormat;
  // The question, answered pass (yes), fail (no) or unknown.
  std::string rubric;
  std::string rubric_version;
  std::vector<std::string> redact;  ///< PII categories replaced before sending
  /// Only events one of these metrics failed are judged (then sampled).
  std::vector<std::string> flagged_by;
  size_t max_chars = 8000;  ///< of the conversation and of the reply
  // sample:
  double rate = 0.01;
  bool by_conversation = false;  ///< hash the conversation id, not the event's
  std::string stratum;           ///< an event field, e.g. prompt_version
  uint64_t min_per_stratum = 0;  ///< judged per stratum per hour, at least
  // Bounds:
  size_t queue_capacity = 1000;
  size_t concurrency = 2;
  // budget: (0: none)
  uint64_t tokens_per_hour = 0;
  uint64_t tokens_per_day = 0;
  double usd_per_hour = 0;
  double usd_per_day = 0;
  std::optional<JudgePrice> price;  ///< of `model`, from `budget.prices`
  // Failures:
  int retries = 2;  ///< after a 429, a 5xx or a timeout
  int breaker_failures = 5;
  std::chrono::milliseconds breaker_cooldown{30000};
  size_t cache_entries = 10000;

  /// Everything that changes what the judge would answer (model, rubric
  /// and its version, temperature, max_tokens, structured output): the
  /// cache key's prefix.
  std::string Identity() const;
};

/// Reads `type: judge` params; throws ParamError naming the key.
JudgeSpec ParseJudgeSpec(const Params& params);

/// What the judge is shown of `event`: the conversation before the reply
/// (`messages`, else `input`) and the reply, each cut to `max_chars` from
/// the end (the conversation) or the start (the reply), with the `redact`
/// categories of personal data replaced ("[EMAIL]"). Empty when the event
/// has no reply.
std::string JudgeTranscript(const JudgeSpec& spec, const Event& event);

/// The chat completions request body that asks `spec.rubric` about
/// `transcript`.
std::string JudgeRequestBody(const JudgeSpec& spec,
                             std::string_view transcript);

/// A judge's answer read strictly.
struct JudgeAnswer {
  /// pass or fail with the judge's reason; skipped for "unknown"; error
  /// when the reply does not parse (never a default pass or fail).
  Verdict verdict;
  int64_t input_tokens = 0;   ///< usage.prompt_tokens, 0 when absent
  int64_t output_tokens = 0;  ///< usage.completion_tokens
};

/// Reads a chat completions response (OpenAI's shape, or Ollama's native
/// `message`): the content must be a JSON object {"verdict": "pass" |
/// "fail" | "unknown", "reason": "..."} (a ```json fence around it is
/// allowed), nothing else. The reason is redacted and cut to one line of
/// 200 characters.
JudgeAnswer ParseJudgeReply(std::string_view body);

/// The cache key of a transcript under a spec: Identity() + a hash of the
/// transcript (64-bit FNV-1a of both, in hex, twice with different seeds).
std::string JudgeCacheKey(const JudgeSpec& spec, std::string_view transcript);

/// The family of a model name ("gpt", "claude", "gemini", "llama",
/// "mistral", "qwen", "gemma", "phi", "deepseek", "command"), ignoring a
/// vendor prefix ("meta-llama/Llama-3.1-8B" -> "llama"); empty when
/// unknown. A judge of the judged model's family favours its answers.
std::string ModelFamily(std::string_view model);

}  // namespace micrometrics::metrics
