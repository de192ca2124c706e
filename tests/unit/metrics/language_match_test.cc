#include "metrics/evaluators/language_match.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>

#include "metrics/language/conversation_memory.h"
#include "metrics/language/fasttext_detector.h"
#include "metrics/language/prose.h"
#include "metrics/language/quick_language.h"
#include "metrics/language/requested_language.h"
#include "tests/support/language_accuracy.h"
#include "tests/support/test_params.h"

namespace micrometrics::metrics {
namespace {

using namespace std::chrono_literals;

const char* kGermanInput =
    "Wie kündige ich mein Abo? Ich finde die Einstellung im Konto nicht.";
const char* kGermanReply =
    "Sie können Ihr Abo jederzeit in den Kontoeinstellungen unter "
    "Abonnement kündigen. Die Kündigung wird zum Ende des "
    "Abrechnungszeitraums wirksam.";
const char* kEnglishReply =
    "You can cancel your subscription at any time in the account settings "
    "under Subscription. The cancellation takes effect at the end of the "
    "billing period.";

Event Turn(const std::string& input, const std::string& output,
           const std::string& conversation = "") {
  Event e;
  e.input = input;
  e.output = output;
  e.conversation_id = conversation;
  return e;
}

TEST(LanguageMatch, FlagsEnglishReplyToGermanUser) {
  auto e = MakeEvaluator("language_match");
  Verdict v = e->Evaluate(Turn(kGermanInput, kEnglishReply));
  EXPECT_EQ(v.outcome, Outcome::kFail);
  EXPECT_EQ(v.reason.substr(0, 23), "expected de, got en (0.");
  ASSERT_TRUE(v.value);
  EXPECT_GT(*v.value, 0.9);
  EXPECT_EQ(e->Evaluate(Turn(kGermanInput, kGermanReply)).outcome,
            Outcome::kPass);
}

TEST(LanguageMatch, TurnFiveShortInputUsesTheEarlierUserMessages) {
  auto e = MakeEvaluator("language_match");
  Event ev = Turn("ja, bitte", kEnglishReply);
  ev.turn = 5;
  ev.messages = {{"system", "You are a helpful support assistant."},
                 {"user", kGermanInput},
                 {"assistant", kGermanReply},
                 {"user", "Und was passiert mit meinen Daten danach?"},
                 {"assistant", "Ihre Daten werden nach 30 Tagen gelöscht."},
                 {"user", "ja, bitte"}};
  Verdict v = e->Evaluate(ev);
  EXPECT_EQ(v.outcome, Outcome::kFail) << v.reason;
  EXPECT_EQ(v.reason.substr(0, 20), "expected de, got en ");
}

TEST(LanguageMatch, ShortInputUsesTheLanguageRememberedForTheConversation) {
  auto e = MakeEvaluator("language_match");
  ASSERT_EQ(e->Evaluate(Turn(kGermanInput, kGermanReply, "conv-77")).outcome,
            Outcome::kPass);
  Verdict v = e->Evaluate(Turn("ok", kEnglishReply, "conv-77"));
  EXPECT_EQ(v.outcome, Outcome::kFail) << v.reason;
  // Another conversation knows nothing: the short input cannot tell.
  Verdict other = e->Evaluate(Turn("ok", kEnglishReply, "conv-78"));
  EXPECT_EQ(other.outcome, Outcome::kSkipped);
  EXPECT_EQ(other.reason, "input too short to tell the expected language");
}

TEST(LanguageMatch, ExpectedFromLocaleWhenConfigured) {
  auto e = MakeEvaluator("language_match", {{"expected", "locale"}});
  Event ev = Turn("ok", kEnglishReply);
  ev.locale = "de-DE";
  EXPECT_EQ(e->Evaluate(ev).outcome, Outcome::kFail);
  ev.locale = "en_US";
  EXPECT_EQ(e->Evaluate(ev).outcome, Outcome::kPass);
}

TEST(LanguageMatch, AllowedListIsTheLastResort) {
  ParamValue params = ScalarParams({});
  ParamValue allowed;
  allowed.kind = ParamValue::Kind::kList;
  for (const char* l : {"de", "fr"}) {
    ParamValue item;
    item.kind = ParamValue::Kind::kScalar;
    item.scalar = l;
    allowed.list.push_back(item);
  }
  params.map.emplace_back("allowed", allowed);
  params.key_marks.push_back({1, 1});
  auto e = LanguageMatchEvaluatorFactory().Create(Params(params));
  Verdict v = e->Evaluate(Turn("ok", kEnglishReply));
  EXPECT_EQ(v.outcome, Outcome::kFail);
  EXPECT_EQ(v.reason.substr(0, 32), "expected one of de, fr, got en (");
  EXPECT_EQ(e->Evaluate(Turn("ok", kGermanReply)).outcome, Outcome::kPass);
}

TEST(LanguageMatch, ShortOrCodeOnlyRepliesAreSkippedNeverFailed) {
  auto e = MakeEvaluator("language_match");
  Verdict short_reply = e->Evaluate(Turn(kGermanInput, "OK!"));
  EXPECT_EQ(short_reply.outcome, Outcome::kSkipped);
  EXPECT_EQ(short_reply.reason, "reply too short to tell (2 letters)");
  Verdict code = e->Evaluate(
      Turn(kGermanInput,
           "```python\nimport requests\nresponse = requests.get(url)\n"
           "print(response.status_code)\n```\n`pip install requests`"));
  EXPECT_EQ(code.outcome, Outcome::kSkipped);
  Event no_output;
  no_output.input = kGermanInput;
  EXPECT_EQ(e->Evaluate(no_output).reason, "no output");
}

TEST(LanguageMatch, CodeHeavyGermanReplyPasses) {
  auto e = MakeEvaluator("language_match");
  const char* reply =
      "Führen Sie zuerst den folgenden Befehl aus, um die Abhängigkeiten zu "
      "installieren:\n```bash\nnpm install --save-dev typescript "
      "@types/node eslint prettier\nnpx tsc --init\n```\nDanach finden Sie "
      "die Konfiguration in `tsconfig.json`, siehe "
      "https://www.typescriptlang.org/docs/handbook/tsconfig-json.html";
  Verdict v = e->Evaluate(Turn(kGermanInput, reply));
  EXPECT_EQ(v.outcome, Outcome::kPass) << v.reason;
}

TEST(LanguageMatch, MixedReplyPassesWhileTheExpectedLanguageIsPresent) {
  auto e = MakeEvaluator("language_match");
  // German with an English product name and a quoted English error.
  const char* reply =
      "Bitte öffnen Sie das Admin Dashboard und klicken Sie auf Billing "
      "Settings. Wenn dort die Meldung \"Payment method declined\" steht, "
      "aktualisieren Sie bitte Ihre Zahlungsdaten.";
  EXPECT_EQ(e->Evaluate(Turn(kGermanInput, reply)).outcome, Outcome::kPass);
}

TEST(LanguageMatch, CloseLanguagesAreSkippedUnlessConfiguredEquivalent) {
  EXPECT_TRUE(CloseLanguages("da", "no"));
  EXPECT_TRUE(CloseLanguages("id", "ms"));
  EXPECT_FALSE(CloseLanguages("de", "en"));
  auto e = MakeEvaluator("language_match");
  const char* danish_input =
      "Hvordan opsiger jeg mit abonnement? Jeg kan ikke finde indstillingen.";
  const char* norwegian_reply =
      "Du kan si opp abonnementet ditt når som helst under kontoinnstillinger. "
      "Oppsigelsen gjelder fra slutten av faktureringsperioden, og du får "
      "beskjed på e-post.";
  Verdict v = e->Evaluate(Turn(danish_input, norwegian_reply));
  EXPECT_NE(v.outcome, Outcome::kFail) << v.reason;
}

TEST(LanguageMatch, BadParamsAreRefused) {
  EXPECT_THROW(MakeEvaluator("language_match", {{"expected", "moon"}}),
               ParamError);
  EXPECT_THROW(MakeEvaluator("language_match", {{"min_chars", "0"}}),
               ParamError);
  try {
    MakeEvaluator("language_match", {{"model_path", "/nonexistent/lid.ftz"}});
    FAIL() << "no error";
  } catch (const ParamError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(
                  "params.model_path: cannot load the fastText model: ", 0),
              0u)
        << e.what();
  }
}

// The optional fastText backend with the lid.176 model that
// scripts/setup.sh fetches (scripts/fetch_lid_model.sh).
TEST(LanguageMatchFastText, DetectsTheMismatchWithTheLid176Model) {
  const std::string model =
      std::string(MICROMETRICS_SOURCE_DIR) + "/.cache/models/lid.176.ftz";
  auto e = MakeEvaluator("language_match", {{"model_path", model}});
  Verdict v = e->Evaluate(Turn(kGermanInput, kEnglishReply));
  EXPECT_EQ(v.outcome, Outcome::kFail) << v.reason;
  EXPECT_EQ(v.reason.substr(0, 20), "expected de, got en ");
  EXPECT_EQ(e->Evaluate(Turn(kGermanInput, kGermanReply)).outcome,
            Outcome::kPass);
  FastTextLanguageDetector detector(model);
  EXPECT_EQ(
      detector.Detect("Привет, как у тебя дела? Надеюсь, всё хорошо.").language,
      "ru");
  EXPECT_EQ(
      detector.Detect("这是一个关于订阅取消的问题，请帮我看看。").language,
      "zh");
  EXPECT_THROW(FastTextLanguageDetector("/nonexistent"), std::exception);
}

TEST(Prose, StripsWhatIsNotProse) {
  EXPECT_EQ(ExtractProse("Siehe https://example.com/a?b=1 oder mail an "
                         "a.b@example.org, Ticket #4711 vom 27.11.2026.",
                         1000),
            "Siehe oder mail an , Ticket vom .");
  EXPECT_EQ(ExtractProse("**Wichtig:** Nutzen Sie `git --version` und\n"
                         "```\ncode here\n```\n- Punkt eins",
                         1000),
            "Wichtig: Nutzen Sie und - Punkt eins");
  EXPECT_EQ(ExtractProse("Grüße aus München", 8), "Grüße");
}

TEST(Prose, QuotedSentencesAreSetAside) {
  std::string buffer;
  auto without = [&](std::string_view text) {
    return std::string(WithoutQuotations(text, 0, buffer));
  };
  EXPECT_EQ(without("Er sagte: \"We hold these truths to be self-evident.\" "
                    "Dann ging er."),
            "Er sagte:   Dann ging er.");
  EXPECT_EQ(without("Sie schrieb \u201eI will not be coming back home.\u201c "
                    "und ging."),
            "Sie schrieb   und ging.");
  EXPECT_EQ(without("Il a dit \u00ab I am not coming back today \u00bb hier."),
            "Il a dit   hier.");
  EXPECT_EQ(without("> We hold these truths to be self-evident.\nDas ist "
                    "der Anfang."),
            " \nDas ist der Anfang.");
  // German guillemets point inwards; a straight quote followed by a space
  // opens nothing, and one after a space closes nothing.
  EXPECT_EQ(
      without("Er schrieb \u00bbI will not be coming back home\u00ab und ging. "
              "Die Datei \u00bb\u00ab fehlt."),
      "Er schrieb   und ging. Die Datei \u00bb\u00ab fehlt.");
  EXPECT_EQ(without("Die Option \"\" ist leer und die Option \"\" auch."),
            "Die Option \"\" ist leer und die Option \"\" auch.");
  EXPECT_EQ(without("Ein 12\" und ein 15\" Laptop, beide mit \"sehr guten "
                    "Bildschirmen für wenig Geld\"."),
            "Ein 12\" und ein 15\" Laptop, beide mit  .");
  // Labels and titles are kept: they are mostly in the language around them.
  EXPECT_EQ(without("Klicken Sie auf \"Speichern\" und dann \"Weiter\"."),
            "Klicken Sie auf \"Speichern\" und dann \"Weiter\".");
  // Unclosed, across a paragraph, or the whole text: kept.
  EXPECT_EQ(without("Ein 12\" Bildschirm ist klein."),
            "Ein 12\" Bildschirm ist klein.");
  EXPECT_EQ(without("\"a b c d\n\ne f g h\" x"), "\"a b c d\n\ne f g h\" x");
  EXPECT_EQ(without("\"Sie können Ihr Abo jederzeit kündigen.\""),
            "\"Sie können Ihr Abo jederzeit kündigen.\"");
}

// A German answer that quotes an English sentence is German; an English
// answer that quotes a German one is still English.
TEST(LanguageMatch, QuotedWordsAreNotTheReplysLanguage) {
  auto e = MakeEvaluator("language_match");
  const std::string quote =
      "\"We hold these truths to be self-evident, that all men are created "
      "equal, that they are endowed by their Creator with certain "
      "unalienable Rights.\"";
  Verdict v =
      e->Evaluate(Turn("Zitiere bitte den Anfang der Unabhängigkeitserklärung.",
                       "Der Anfang der Erklärung von 1776 lautet: " + quote +
                           " Er stammt von Thomas Jefferson."));
  EXPECT_EQ(v.outcome, Outcome::kPass) << v.reason;
  // Only the quotation and a few words around it: never a fail.
  v = e->Evaluate(Turn("Zitiere bitte den Anfang der Unabhängigkeitserklärung.",
                       "Der Anfang lautet: " + quote));
  EXPECT_EQ(v.outcome, Outcome::kSkipped) << v.reason;
  EXPECT_EQ(v.reason, "reply is mostly a quotation (in en)");
  // The user's own words set the expected language, not what they quote.
  const std::string asks =
      "Was bedeutet die Redewendung \"It is raining cats and dogs all day "
      "long\" auf Deutsch?";
  v = e->Evaluate(Turn(asks,
                       "It means that it is raining very heavily, and people "
                       "use it in everyday conversation."));
  EXPECT_EQ(v.reason.rfind("expected de, got en", 0), 0u) << v.reason;
  // An English reply that fails stays failed when its quotation is set
  // aside.
  v = e->Evaluate(
      Turn(kGermanInput, std::string(kEnglishReply) + " " + kEnglishReply +
                             " The button is labelled \"Abo jetzt sofort "
                             "kündigen\" and sits at the top of the page."));
  EXPECT_EQ(v.outcome, Outcome::kFail) << v.reason;
  EXPECT_EQ(v.reason.rfind("expected de, got en", 0), 0u) << v.reason;
}

TEST(RequestedLanguages, NamedAfterAPrepositionInNineLanguages) {
  using V = std::vector<std::string>;
  EXPECT_EQ(RequestedLanguages("Please translate this into English."), V{"en"});
  EXPECT_EQ(RequestedLanguages("Antworte bitte auf Englisch."), V{"en"});
  EXPECT_EQ(RequestedLanguages("Übersetze das ins Französische."), V{"fr"});
  EXPECT_EQ(RequestedLanguages("Traduis en anglais, s'il te plaît."), V{"en"});
  EXPECT_EQ(RequestedLanguages("Tradúcelo al alemán."), V{"de"});
  EXPECT_EQ(RequestedLanguages("Traduci in inglese."), V{"en"});
  EXPECT_EQ(RequestedLanguages("Traduza para o inglês."), V{"en"});
  EXPECT_EQ(RequestedLanguages("Vertaal dit in het Engels."), V{"en"});
  EXPECT_EQ(RequestedLanguages("この文を英語に翻訳してください。"), V{"en"});
  EXPECT_EQ(RequestedLanguages("请翻译成英文。"), V{"en"});
  EXPECT_EQ(RequestedLanguages("Write it in Spanish and in German."),
            (V{"de", "es"}));
  // Mentioned, not asked for.
  EXPECT_TRUE(RequestedLanguages("I love English literature.").empty());
  EXPECT_TRUE(RequestedLanguages("Ich lese ein Buch über englische Geschichte.")
                  .empty());
}

// "Translate this into English" is answered in English, rightly.
TEST(LanguageMatch, AReplyInTheLanguageTheUserAskedForPasses) {
  auto e = MakeEvaluator("language_match");
  Verdict v = e->Evaluate(
      Turn("Übersetze bitte ins Englische: Ich habe heute leider keine Zeit, "
           "weil ich arbeiten muss.",
           "Unfortunately I don't have time today because I have to work."));
  EXPECT_EQ(v.outcome, Outcome::kPass) << v.reason;
  EXPECT_EQ(v.reason, "en (asked for by the user)");
  // Another language than the one asked for still fails.
  v = e->Evaluate(
      Turn("Übersetze bitte ins Französische: Ich habe heute leider keine "
           "Zeit, weil ich arbeiten muss.",
           "Unfortunately I don't have time today because I have to work."));
  EXPECT_EQ(v.outcome, Outcome::kFail) << v.reason;
  // Only the message being answered counts: an earlier "in English?" does
  // not excuse a switch later in the conversation.
  Event later = Turn("ok", kEnglishReply);
  later.input.reset();
  later.messages = {
      {"user",
       "Wie sagt man Kündigung auf Englisch? Ich brauche es für einen "
       "Brief an meinen Vermieter."},
      {"assistant", "Auf Englisch sagt man termination oder cancellation."},
      {"user", "Danke. Und wie kündige ich mein Abo im Konto?"}};
  v = e->Evaluate(later);
  EXPECT_EQ(v.outcome, Outcome::kFail) << v.reason;
}

TEST(Prose, LetterWeightCountsCjkHigher) {
  EXPECT_EQ(LetterWeight("abc, 123"), 3u);
  EXPECT_EQ(LetterWeight("こんにちは"), 15u);
  EXPECT_EQ(LetterWeight("Grüße"), 5u);
}

TEST(ConversationMemory, ExpiresAndStaysBounded) {
  ConversationMemory memory(32, std::chrono::seconds(60));
  auto t0 = std::chrono::steady_clock::time_point{};
  memory.Remember("c1", "de", t0);
  EXPECT_EQ(memory.Recall("c1", t0 + 59s), "de");
  EXPECT_EQ(memory.Recall("c1", t0 + 61s), std::nullopt);
  for (int i = 0; i < 1000; ++i) {
    memory.Remember("conv-" + std::to_string(i), "fr", t0);
  }
  EXPECT_LE(memory.size(), 32u);
  EXPECT_GE(memory.evictions(), 1000u - 32u);
}

// Counts the calls of the full detector under the evaluator.
class CountingDetector final : public LanguageDetector {
 public:
  LanguageGuess Detect(std::string_view utf8) const override {
    ++calls;
    return cld2.Detect(utf8);
  }
  mutable std::atomic<int> calls{0};
  Cld2LanguageDetector cld2;
};

std::unique_ptr<Evaluator> WithDetector(
    std::shared_ptr<const LanguageDetector> detector,
    std::initializer_list<std::pair<std::string, std::string>> params = {}) {
  return LanguageMatchEvaluatorFactory(std::move(detector))
      .Create(Params(ScalarParams(params)));
}

TEST(LanguageMatchFastPath, APlainSameLanguagePairNeedsNoFullDetector) {
  auto detector = std::make_shared<CountingDetector>();
  auto e = WithDetector(detector);
  Verdict v = e->Evaluate(Turn(kGermanInput, kGermanReply));
  EXPECT_EQ(v.outcome, Outcome::kPass);
  EXPECT_EQ(v.reason.substr(0, 4), "de (") << v.reason;
  ASSERT_TRUE(v.value);
  EXPECT_GT(*v.value, 0.5);
  EXPECT_EQ(detector->calls, 0);
}

TEST(LanguageMatchFastPath, AFailAlwaysComesFromTheFullDetector) {
  auto detector = std::make_shared<CountingDetector>();
  auto e = WithDetector(detector);
  Verdict v = e->Evaluate(Turn(kGermanInput, kEnglishReply));
  EXPECT_EQ(v.outcome, Outcome::kFail);
  EXPECT_EQ(v.reason.substr(0, 23), "expected de, got en (0.") << v.reason;
  EXPECT_EQ(detector->calls, 2) << "the reply and the input";
}

TEST(LanguageMatchFastPath, AnUnsureInputCostsOneFullDetection) {
  auto detector = std::make_shared<CountingDetector>();
  auto e = WithDetector(detector);
  // Too few frequent words to be sure of alone.
  const std::string input = "Geht das auch monatlich?";
  ASSERT_FALSE(QuickLanguage::Builtin().Identify(input).confident);
  Verdict v = e->Evaluate(Turn(input, kGermanReply));
  EXPECT_EQ(v.outcome, Outcome::kPass) << v.reason;
  EXPECT_EQ(detector->calls, 1) << "the input only";
}

TEST(LanguageMatchFastPath, AnUnsureInputIsReadOnceWhenTheReplyFails) {
  auto detector = std::make_shared<CountingDetector>();
  auto e = WithDetector(detector);
  const std::string input = "Geht das auch monatlich?";
  ASSERT_FALSE(QuickLanguage::Builtin().Identify(input).confident);
  Verdict v = e->Evaluate(Turn(input, kEnglishReply));
  EXPECT_EQ(v.outcome, Outcome::kFail) << v.reason;
  EXPECT_EQ(v.reason.substr(0, 23), "expected de, got en (0.") << v.reason;
  // The input once (on the fast path, kept for the verdict), the reply once.
  EXPECT_EQ(detector->calls, 2);
}

TEST(LanguageMatchFastPath, TheConversationsLanguageBacksALeaningInput) {
  auto detector = std::make_shared<CountingDetector>();
  auto e = WithDetector(detector);
  ASSERT_EQ(e->Evaluate(Turn(kGermanInput, kGermanReply, "c1")).outcome,
            Outcome::kPass);
  ASSERT_EQ(detector->calls, 0);
  // Leans German, not by enough alone: the conversation settles it.
  const std::string leaning = "Dauert das lange?";
  ASSERT_FALSE(QuickLanguage::Builtin().Identify(leaning).confident);
  ASSERT_EQ(QuickLanguage::Builtin().Identify(leaning).language, "de");
  EXPECT_EQ(e->Evaluate(Turn(leaning, kGermanReply, "c1")).outcome,
            Outcome::kPass);
  EXPECT_EQ(detector->calls, 0);
  // Without the conversation, the full detector reads the input.
  EXPECT_EQ(e->Evaluate(Turn(leaning, kGermanReply, "other")).outcome,
            Outcome::kPass);
  EXPECT_EQ(detector->calls, 1);
}

TEST(LanguageMatchFastPath, CanBeTurnedOffAndThenEveryCallIsFull) {
  auto detector = std::make_shared<CountingDetector>();
  auto e = WithDetector(detector, {{"fast_path", "false"}});
  EXPECT_EQ(e->Evaluate(Turn(kGermanInput, kGermanReply)).outcome,
            Outcome::kPass);
  EXPECT_EQ(detector->calls, 2);
  EXPECT_THROW(WithDetector(detector, {{"fast_path", "sometimes"}}),
               ParamError);
}

// The verdicts with and without the fast path, on every same-language and
// switched pair of the corpus: the fast path only ever turns a verdict
// into a pass where CLD2 did not fail it.
TEST(LanguageMatchFastPath, NeverTurnsAFullDetectorFailIntoAPass) {
  auto corpus =
      testing::LoadLanguageCorpus(std::string(MICROMETRICS_SOURCE_DIR) +
                                  "/tests/testdata/language/corpus.tsv");
  auto fast = MakeEvaluator("language_match");
  auto full = MakeEvaluator("language_match", {{"fast_path", "false"}});
  Cld2LanguageDetector detector;
  auto with = testing::MeasureLanguageMatch(corpus, *fast, detector);
  auto without = testing::MeasureLanguageMatch(corpus, *full, detector);
  for (const char* bucket : {"short", "medium", "long"}) {
    EXPECT_LE(with[bucket].same_fail, without[bucket].same_fail) << bucket;
    EXPECT_EQ(with[bucket].mismatch_fail, without[bucket].mismatch_fail)
        << bucket;
  }
}

// The targets of docs/METRICS.md, on the committed corpus of real text.
TEST(LanguageMatchAccuracy, MeetsItsTargetsOnTheMultilingualCorpus) {
  auto corpus =
      testing::LoadLanguageCorpus(std::string(MICROMETRICS_SOURCE_DIR) +
                                  "/tests/testdata/language/corpus.tsv");
  std::set<std::string> languages;
  for (const auto& s : corpus) languages.insert(s.language);
  ASSERT_GE(languages.size(), 15u);
  auto evaluator = MakeEvaluator("language_match");
  Cld2LanguageDetector detector;
  auto result = testing::MeasureLanguageMatch(corpus, *evaluator, detector);
  const auto& medium = result["medium"];
  const auto& longer = result["long"];
  // False fails on same-language pairs of 60+ characters: at most 0.5%.
  const int same_fail = medium.same_fail + longer.same_fail;
  const int same_pairs = medium.same_pairs + longer.same_pairs;
  EXPECT_LE(same_fail * 200, same_pairs) << same_fail << " of " << same_pairs;
  // Mismatches of 200+ characters caught: at least 97%.
  EXPECT_GE(longer.mismatch_fail * 100, longer.mismatch_pairs * 97)
      << longer.mismatch_fail << " of " << longer.mismatch_pairs;
}

}  // namespace
}  // namespace micrometrics::metrics
