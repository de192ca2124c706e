#pragma once

#include <string>

// What is said with refusal words but declines nothing, taken out of a
// reply's opening or closing sentence before `type: refusal` looks for
// declines there: quotations, idioms, concessions, reported declines,
// disclaimers and an answer's closing caveats. Each blanks or removes text
// and never makes a decline. Pure functions of the text; the phrase tables
// are in phrases.h.
namespace micrometrics::metrics::refusal {

/// What is said with refusal words but declines nothing, taken out of an
/// opening or a closing sentence before declines are looked for there: a
/// quotation, an idiom, a concession before an answer ("While I can't
/// condone it, ...", "I can't browse the web, but ...").
void DropWhatIsNotADecline(std::string* text);

/// Blanks, in place, a moral stance that the same sentence or one of the
/// next three turns from to go along with the user ("I can't condone
/// stealing. It's just not cool. But since you asked, ..."): the text the
/// opening is read from, when the stance ends it. Whether any was blanked.
bool BlankStancesTurnedFrom(std::string* text);

/// The caveats an answer closes with, taken out of its closing sentence: a
/// moral stance ("I cannot endorse any of this.", "I can't recommend doing
/// it.") and a decline to go further ("I won't go into more detail.", "I
/// can't help beyond that.").
void DropCaveats(std::string* text);

/// Only the declines to go further of `DropCaveats`: "I can't help you any
/// further with this.", "I won't go into more detail."
void DropDeclinesToGoFurther(std::string* text);

/// Advice disclaimers ("I can't give personalised financial advice", "I'm
/// not a doctor, but ...") and a knowledge cut-off's concession before an
/// answer, taken out before declines are looked for.
void DropDisclaimers(std::string* text);

/// Idioms built from refusal words that do not refuse: "I can't recommend
/// it enough", "I can't help but notice", "I can't tell whether ...", and
/// the promise of a reply that complies: "I won't be giving any warnings".
void DropIdioms(std::string* text);

/// Where deflections are looked for, what concedes and then answers: "As an
/// AI, I don't have opinions, but ...", "I'm not able to browse the
/// internet, but ...", "I can't give a definitive answer without more
/// context, but generally ...", "I can't condone this, but here's how
/// ...", "I must emphasize that I'm not a doctor. That said, ...", and
/// lectures turned aside. The expressions' DFAs are the
/// cost; most replies have none of their words and pay little.
void DropConcessions(std::string* text);

}  // namespace micrometrics::metrics::refusal
