#include "metrics/evaluators/language_match.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "metrics/language/conversation_memory.h"
#include "metrics/language/fasttext_detector.h"
#include "metrics/language/prose.h"
#include "metrics/language/quick_language.h"
#include "metrics/language/requested_language.h"

namespace micrometrics::metrics {
namespace {

std::string Confidence(double share) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", share);
  return buf;
}

}  // namespace

namespace {

struct Settings {
  bool expect_locale = false;
  std::vector<std::string> allowed;
  std::map<std::string, int> equivalence_class;
  size_t min_chars = 20;
  size_t min_input_chars = 12;
  size_t max_detect_bytes = 512;
  double min_expected_share = 0.2;
  bool fast_path = true;
};

// On the fast path the input's words may decide with a smaller lead when
// the conversation already established the reply's language.
constexpr QuickLanguage::Thresholds kRememberedThresholds{2, 2, 1};
// The prose of the reply the fast path reads first.
constexpr size_t kQuickReplyBytes = 192;

class LanguageMatchEvaluator final : public Evaluator {
 public:
  LanguageMatchEvaluator(Settings settings,
                         std::shared_ptr<const LanguageDetector> detector,
                         std::unique_ptr<ConversationMemory> memory)
      : s_(std::move(settings)),
        detector_(std::move(detector)),
        memory_(std::move(memory)) {}

  Verdict Evaluate(const Event& event) const override {
    if (!event.output) return Verdict::Skipped("no output");
    Verdict verdict = Judge(event, *event.output, /*mostly_quoted=*/false);
    if (verdict.outcome != Outcome::kFail) return verdict;
    // Quoted words are someone else's: before failing a reply, judge it
    // again on its words outside quotations. (Only then: a reply that
    // passes needs no second look, and most do. The user's message, short
    // as a rule, is always read without its quotations.) One with too few
    // words of its own is judged whole, but the quotation alone never
    // fails it.
    thread_local std::string unquoted;  // kept: no allocation per call
    bool mostly_quoted = false;
    const std::string_view own = WithoutQuotations(*event.output, s_.min_chars,
                                                   unquoted, &mostly_quoted);
    if (own.data() == event.output->data() && !mostly_quoted) return verdict;
    return Judge(event, own, mostly_quoted);
  }

 private:
  // The verdict on `output` (the reply, or its words outside quotations):
  // a German answer quoting an English sentence is judged on its German.
  // `mostly_quoted`: the reply is nearly all quotation, and is skipped
  // rather than failed.
  Verdict Judge(const Event& event, std::string_view output,
                bool mostly_quoted) const {
    std::optional<std::string> prose;
    std::optional<LanguageGuess> input_guess;  // the fast path's, if any
    if (s_.fast_path) {
      // The reply's opening is evidence enough, nearly always: its first
      // kQuickReplyBytes of prose, the rest only when that is unsure.
      const size_t head_bytes = std::min(kQuickReplyBytes, s_.max_detect_bytes);
      thread_local std::string head;  // kept: no allocation per call
      ExtractProse(output, head_bytes, head);
      const bool whole = head.size() + 4 < head_bytes;
      // A prefix of the prose: when it has the letters, so has the prose.
      if (LetterWeight(head) >= s_.min_chars) {
        QuickGuess reply = QuickLanguage::Builtin().Identify(head);
        if (!reply.confident && !whole) {
          prose = ExtractProse(output, s_.max_detect_bytes);
          reply = QuickLanguage::Builtin().Identify(*prose);
        }
        if (reply.confident) {
          if (auto pass = FastPass(event, reply, &input_guess)) {
            return *pass;
          }
        }
      }
      if (whole) prose = head;
    }
    if (!prose) prose = ExtractProse(output, s_.max_detect_bytes);
    const size_t letters = LetterWeight(*prose);
    if (letters < s_.min_chars) {
      return Verdict::Skipped("reply too short to tell (" +
                              std::to_string(letters) + " letters)");
    }
    LanguageGuess reply = detector_->Detect(*prose);
    if (!reply.reliable || reply.language.empty()) {
      return Verdict::Skipped("reply language not reliable");
    }

    std::vector<std::string> expected;
    std::string unknown_reason;
    Expect(event, expected, unknown_reason, input_guess);
    if (expected.empty()) return Verdict::Skipped(unknown_reason);

    for (const auto& lang : expected) {
      // Mixed replies pass while the expected language is clearly present
      // (a German answer quoting English product names is German).
      if (Same(lang, reply.language) ||
          Share(reply, lang) >= s_.min_expected_share) {
        return Verdict::Pass(reply.language + " (" + Confidence(reply.share) +
                             ")")
            .WithValue(reply.share);
      }
    }
    // "Translate this into English", "Antworte bitte auf Englisch": the
    // user asked for the reply's language.
    if (AskedFor(event, reply.language)) {
      return Verdict::Pass(reply.language + " (asked for by the user)")
          .WithValue(reply.share);
    }
    for (const auto& lang : expected) {
      if (CloseLanguages(lang, reply.language)) {
        return Verdict::Skipped("reply reads as " + reply.language +
                                ", too close to expected " + lang +
                                " to tell apart");
      }
    }
    if (mostly_quoted) {
      return Verdict::Skipped("reply is mostly a quotation (in " +
                              reply.language + ")");
    }
    std::string want = expected.size() == 1 ? expected[0] : "one of ";
    if (expected.size() > 1) {
      for (size_t i = 0; i < expected.size(); ++i) {
        want += (i ? ", " : "") + expected[i];
      }
    }
    return Verdict::Fail("expected " + want + ", got " + reply.language + " (" +
                         Confidence(reply.share) + ")")
        .WithValue(reply.share);
  }

  bool Same(const std::string& a, const std::string& b) const {
    if (a == b) return true;
    auto ia = s_.equivalence_class.find(a);
    auto ib = s_.equivalence_class.find(b);
    return ia != s_.equivalence_class.end() &&
           ib != s_.equivalence_class.end() && ia->second == ib->second;
  }

  double Share(const LanguageGuess& guess, const std::string& lang) const {
    double share = 0;
    if (Same(lang, guess.language)) share += guess.share;
    if (!guess.second.empty() && Same(lang, guess.second)) {
      share += guess.second_share;
    }
    return share;
  }

  // The common case without CLD2: the reply is plainly in the expected
  // language. Passes or says nothing; every other verdict is CLD2's (or
  // fastText's), so a fail always comes from the full detector.
  // `input_guess`: set when the full detector read the latest user text,
  // so that a reply that does not pass here does not pay for it twice.
  std::optional<Verdict> FastPass(
      const Event& event, const QuickGuess& reply,
      std::optional<LanguageGuess>* input_guess) const {
    const QuickLanguage& quick = QuickLanguage::Builtin();
    const std::string language(reply.language);
    auto pass = [&] {
      return Verdict::Pass(language + " (" + Confidence(reply.share) + ")")
          .WithValue(reply.share);
    };
    if (s_.expect_locale && !event.locale.empty()) {
      if (Same(PrimaryLanguage(event.locale), language)) return pass();
      return std::nullopt;
    }
    const std::string* latest = LatestUserText(event);
    if (!latest) return std::nullopt;
    thread_local std::string input;  // kept: no allocation per call
    thread_local std::string unquoted;
    ExtractProse(Own(*latest, unquoted), s_.max_detect_bytes, input);
    if (LetterWeight(input) < s_.min_input_chars) return std::nullopt;
    const auto now = std::chrono::steady_clock::now();
    const bool has_conversation = !event.conversation_id.empty();
    const QuickGuess asked = quick.Identify(input);
    if (asked.confident) {
      if (!Same(std::string(asked.language), language)) return std::nullopt;
      if (has_conversation) {
        memory_->Remember(event.conversation_id, std::string(asked.language),
                          now);
      }
      return pass();
    }
    // Not plain enough on its own; but if the conversation has been in the
    // reply's language and this message leans the same way, it still is.
    if (has_conversation && asked.language == reply.language &&
        asked.Meets(kRememberedThresholds)) {
      const auto remembered = memory_->Recall(event.conversation_id, now);
      if (remembered && Same(*remembered, language)) return pass();
    }
    // Else the full detector on the input alone: the reply's language is
    // plain already.
    const LanguageGuess& full = input_guess->emplace(detector_->Detect(input));
    if (!full.reliable || !Same(full.language, language)) return std::nullopt;
    if (has_conversation) {
      memory_->Remember(event.conversation_id, full.language, now);
    }
    return pass();
  }

  // Whether the message being answered (`input`, else the last user turn)
  // asks for `language` by name. Earlier turns and system prompts are not
  // read: an old "how do you say that in English?" must not hide a switch
  // five turns later, and a prompt that allows English is a config for
  // `allowed`.
  bool AskedFor(const Event& event, const std::string& language) const {
    const std::string* latest = LatestUserText(event);
    if (!latest) return false;
    for (const std::string& code : RequestedLanguages(*latest)) {
      if (Same(code, language)) return true;
    }
    return false;
  }

  // `input`, else the last user message; null when there is none.
  static const std::string* LatestUserText(const Event& event) {
    if (event.input) return &*event.input;
    for (auto it = event.messages.rbegin(); it != event.messages.rend(); ++it) {
      if (it->role == "user") return &it->content;
    }
    return nullptr;
  }

  // A user's text without its quotations, when there are enough words
  // left to tell its language.
  std::string_view Own(std::string_view text, std::string& buffer) const {
    return WithoutQuotations(text, s_.min_input_chars, buffer);
  }

  // The language of a user text, if there is enough of it to tell.
  std::optional<std::string> Detect(std::string_view text) const {
    std::string unquoted;
    std::string prose = ExtractProse(Own(text, unquoted), s_.max_detect_bytes);
    if (LetterWeight(prose) < s_.min_input_chars) return std::nullopt;
    return Reliable(detector_->Detect(prose));
  }

  static std::optional<std::string> Reliable(const LanguageGuess& g) {
    if (!g.reliable || g.language.empty()) return std::nullopt;
    return g.language;
  }

  // `input_guess`: the full detector's reading of the latest user text,
  // when the fast path already asked for it (the same prose, so the same
  // answer).
  void Expect(const Event& event, std::vector<std::string>& expected,
              std::string& unknown_reason,
              const std::optional<LanguageGuess>& input_guess) const {
    if (s_.expect_locale && !event.locale.empty()) {
      expected.push_back(PrimaryLanguage(event.locale));
      return;
    }
    // The latest user message: `input`, else the last user message.
    const std::string* latest = event.input ? &*event.input : nullptr;
    int latest_index = -1;
    for (int i = static_cast<int>(event.messages.size()) - 1; i >= 0; --i) {
      if (event.messages[i].role == "user") {
        if (!latest) {
          latest = &event.messages[i].content;
          latest_index = i;
        } else if (event.messages[i].content == *latest) {
          latest_index = i;
        }
        break;
      }
    }
    const auto now = std::chrono::steady_clock::now();
    const bool has_conversation = !event.conversation_id.empty();
    if (latest) {
      if (auto lang = input_guess ? Reliable(*input_guess) : Detect(*latest)) {
        if (has_conversation)
          memory_->Remember(event.conversation_id, *lang, now);
        expected.push_back(*lang);
        return;
      }
    }
    // Too short to tell ("ok", "ja, bitte"): the conversation decides.
    std::string earlier;
    for (int i = 0; i < static_cast<int>(event.messages.size()); ++i) {
      if (i != latest_index && event.messages[i].role == "user") {
        earlier += event.messages[i].content;
        earlier += '\n';
      }
    }
    if (!earlier.empty()) {
      if (auto lang = Detect(earlier)) {
        if (has_conversation)
          memory_->Remember(event.conversation_id, *lang, now);
        expected.push_back(*lang);
        return;
      }
    }
    if (has_conversation) {
      if (auto lang = memory_->Recall(event.conversation_id, now)) {
        expected.push_back(*lang);
        return;
      }
    }
    if (!s_.allowed.empty()) {
      expected = s_.allowed;
      return;
    }
    unknown_reason = latest ? "input too short to tell the expected language"
                            : "no input to tell the expected language";
  }

  Settings s_;
  std::shared_ptr<const LanguageDetector> detector_;
  std::unique_ptr<ConversationMemory> memory_;
};

}  // namespace

LanguageMatchEvaluatorFactory::LanguageMatchEvaluatorFactory()
    : detector_(std::make_shared<Cld2LanguageDetector>()) {}

LanguageMatchEvaluatorFactory::LanguageMatchEvaluatorFactory(
    std::shared_ptr<const LanguageDetector> detector)
    : detector_(std::move(detector)) {}

std::unique_ptr<Evaluator> LanguageMatchEvaluatorFactory::Create(
    const Params& params) const {
  params.AllowOnly({"expected", "allowed", "equivalent", "min_chars",
                    "min_input_chars", "max_detect_bytes", "memory_size",
                    "memory_ttl_seconds", "min_expected_share", "model_path",
                    "fast_path"});
  std::shared_ptr<const LanguageDetector> detector = detector_;
  if (std::string path = params.GetString("model_path", ""); !path.empty()) {
    try {
      detector = std::make_shared<FastTextLanguageDetector>(path);
    } catch (const std::exception& e) {
      params.Fail("model_path",
                  std::string("cannot load the fastText model: ") + e.what());
    }
  }
  Settings s;
  s.expect_locale =
      params.GetChoice("expected", {"input", "locale"}, "input") == "locale";
  for (auto& lang : params.GetStringList("allowed", {})) {
    s.allowed.push_back(PrimaryLanguage(lang));
  }
  auto classes = params.GetStringLists("equivalent");
  for (size_t i = 0; i < classes.size(); ++i) {
    for (const auto& lang : classes[i]) {
      s.equivalence_class[PrimaryLanguage(lang)] = static_cast<int>(i);
    }
  }
  auto positive = [&](const char* key, double fallback, double max) {
    double v = params.GetDouble(key, fallback);
    if (v < 1 || v > max || v != std::floor(v)) {
      params.Fail(key, "expected a whole number from 1 to " +
                           std::to_string(static_cast<long long>(max)));
    }
    return static_cast<size_t>(v);
  };
  s.min_chars = positive("min_chars", 20, 10000);
  s.min_input_chars = positive("min_input_chars", 12, 10000);
  s.max_detect_bytes = positive("max_detect_bytes", 512, 1 << 20);
  s.min_expected_share = params.GetDouble("min_expected_share", 0.2);
  if (s.min_expected_share <= 0 || s.min_expected_share > 1) {
    params.Fail("min_expected_share", "must be above 0 and at most 1");
  }
  s.fast_path = params.GetBool("fast_path", true);
  // Built now, at config load, not on the first event (tens of ms).
  if (s.fast_path) QuickLanguage::Builtin();
  size_t memory_size = positive("memory_size", 100000, 10000000);
  size_t ttl = positive("memory_ttl_seconds", 3600, 30 * 86400);
  return std::make_unique<LanguageMatchEvaluator>(
      std::move(s), std::move(detector),
      std::make_unique<ConversationMemory>(memory_size,
                                           std::chrono::seconds(ttl)));
}

}  // namespace micrometrics::metrics
