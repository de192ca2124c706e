#include "metrics/language/language_detector.h"

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

#include <cstdio>  // compact_lang_det.h needs it first
#include <cstring>

namespace micrometrics::metrics {

double LanguageGuess::ShareOf(std::string_view lang) const {
  if (lang == language) return share;
  if (lang == second) return second_share;
  return 0;
}

std::string PrimaryLanguage(std::string_view tag) {
  std::string out;
  for (char c : tag) {
    if (c == '-' || c == '_') break;
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return out;
}

LanguageGuess Cld2LanguageDetector::Detect(std::string_view utf8) const {
  LanguageGuess guess;
  CLD2::Language language3[3];
  int percent3[3];
  double normalized3[3];
  int text_bytes = 0;
  bool reliable = false;
  CLD2::CLDHints hints{nullptr, "", CLD2::UNKNOWN_ENCODING,
                       CLD2::UNKNOWN_LANGUAGE};
  CLD2::ExtDetectLanguageSummary(utf8.data(), static_cast<int>(utf8.size()),
                                 /*is_plain_text=*/true, &hints, /*flags=*/0,
                                 language3, percent3, normalized3,
                                 /*resultchunkvector=*/nullptr, &text_bytes,
                                 &reliable);
  if (language3[0] == CLD2::UNKNOWN_LANGUAGE || text_bytes == 0) return guess;
  guess.language = PrimaryLanguage(CLD2::LanguageCode(language3[0]));
  guess.share = percent3[0] / 100.0;
  if (language3[1] != CLD2::UNKNOWN_LANGUAGE && percent3[1] > 0) {
    guess.second = PrimaryLanguage(CLD2::LanguageCode(language3[1]));
    guess.second_share = percent3[1] / 100.0;
  }
  // CLD2 falls back to English on weak evidence and still calls it reliable
  // ("se descarta el ancho inválido de la variable de entorno" -> en 98%).
  // Its normalized score (about 1000 for typical text) gives that away:
  // on the project's corpus real English scored 870 and up, the fallbacks
  // 400 to 690.
  constexpr double kWeakEnglishScore = 800;
  if (guess.language == "en" && normalized3[0] < kWeakEnglishScore) {
    reliable = false;
  }
  guess.reliable = reliable;
  return guess;
}

}  // namespace micrometrics::metrics
