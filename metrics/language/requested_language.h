#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace micrometrics::metrics {

/// The languages a user's message asks for by name: "translate this into
/// English", "antworte bitte auf Englisch", "ins Französische", "en
/// anglais", "al inglés", "in inglese", "em inglês", "in het Engels",
/// 「英語で」, "用英文", "翻译成英文". Returns CLD2 codes ("en", "fr"), in the
/// order of the table, each once; empty when none is named after one of
/// those prepositions. A language only mentioned ("I love English
/// literature") is not asked for. Thread-safe.
std::vector<std::string> RequestedLanguages(std::string_view user_text);

}  // namespace micrometrics::metrics
