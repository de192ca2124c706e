// libFuzzer target: the text cleaning in front of language detection must
// accept any bytes, stay within its byte budget, and return valid UTF-8
// when given valid UTF-8 (and so must setting quotations aside); the quick
// language test must accept any bytes
// and name a language only with its evidence.
#include <cstddef>
#include <cstdint>
#include <string>

#include "metrics/language/prose.h"
#include "metrics/language/quick_language.h"
#include "metrics/language/requested_language.h"
#include "metrics/text/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (size_t budget : {size_t{64}, size_t{4096}}) {
    const std::string prose = micrometrics::metrics::ExtractProse(text, budget);
    if (prose.size() > budget + 4) __builtin_trap();
    if (micrometrics::metrics::FindInvalidUtf8(text) == std::string::npos &&
        micrometrics::metrics::FindInvalidUtf8(prose) != std::string::npos) {
      __builtin_trap();
    }
  }
  // Setting quotations aside never grows the text, and keeps valid UTF-8
  // valid (it cuts only at ASCII or at whole quotation marks).
  std::string buffer;
  bool mostly_quoted = false;
  const std::string_view own = micrometrics::metrics::WithoutQuotations(
      text, size % 32, buffer, &mostly_quoted);
  if (own.size() > text.size()) __builtin_trap();
  if (micrometrics::metrics::FindInvalidUtf8(text) == std::string::npos &&
      micrometrics::metrics::FindInvalidUtf8(own) != std::string::npos) {
    __builtin_trap();
  }
  for (const std::string& code :
       micrometrics::metrics::RequestedLanguages(text)) {
    if (code.size() != 2) __builtin_trap();
  }
  (void)micrometrics::metrics::LetterWeight(text);
  const auto guess =
      micrometrics::metrics::QuickLanguage::Builtin().Identify(text);
  if (guess.confident && (guess.language.empty() || guess.hits < 1 ||
                          guess.share <= 0 || guess.share > 1)) {
    __builtin_trap();
  }
  return 0;
}
