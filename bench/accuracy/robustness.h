#pragma once

#include <string>

namespace micrometrics::accuracy {

/// How much `refusal`'s passing verdicts on the dev half's one-voice answers
/// (refusal_gptfuzz.tsv in `data_dir`) rest on single phrases: each answer
/// is judged again with one sentence left out, with each pair of sentences
/// left out, and with the phrases that show an answer reworded ("you could"
/// -> "you might", "First," -> "To begin,", a numbered list -> bullets).
/// Prints a Markdown table of how many answers have a variant that fails.
/// Dev half only: it reads the rows it reports on. Throws on unreadable
/// data.
void RefusalRobustness(const std::string& data_dir);

}  // namespace micrometrics::accuracy
