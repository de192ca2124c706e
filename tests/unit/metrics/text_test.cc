#include "metrics/text/text.h"

#include <fasttext/fasttext.h>
#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>
#include <tuple>
#include <vector>

#include "metrics/text/fixed_regex.h"
#include "metrics/text/text_classifier.h"

namespace micrometrics::metrics {
namespace {

constexpr size_t npos = std::string_view::npos;

TEST(Utf8, AcceptsRealMultilingualText) {
  EXPECT_EQ(FindInvalidUtf8("Wie kündige ich mein Abo? Ça marche. Привет. "
                            "你好。こんにちは。مرحبا 🙂"),
            npos);
}

TEST(Utf8, FindsTheFirstInvalidSequence) {
  EXPECT_EQ(FindInvalidUtf8("ab\xff"), 2u);
  EXPECT_EQ(FindInvalidUtf8("a\xC0\x80"), 1u);         // overlong NUL
  EXPECT_EQ(FindInvalidUtf8("\xED\xA0\x80"), 0u);      // surrogate
  EXPECT_EQ(FindInvalidUtf8("ok\xE2\x82"), 2u);        // truncated
  EXPECT_EQ(FindInvalidUtf8("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(FindInvalidUtf8("\xC3\x28"), 0u);          // bad continuation
}

TEST(Text, CountsCodePointsWordsAndBlankness) {
  EXPECT_EQ(CountCodePoints("Grüße 你好"), 8u);
  EXPECT_EQ(CountWords("  Hallo\u00a0Welt,\u3000wie geht's?\n"), 4u);
  EXPECT_EQ(CountWords(""), 0u);
  EXPECT_TRUE(IsBlank(" \t\r\n\u00a0\u2003\u3000"));
  EXPECT_FALSE(IsBlank(" . "));
}

TEST(TextClassifier, NormalisesAsInTraining) {
  EXPECT_EQ(
      TextClassifier::Normalise("  From NOW on,\n\tyou're \"DAN\"!  ", 100),
      "from now on , you ' re \" dan \" !");
  EXPECT_EQ(TextClassifier::Normalise("Grüße ÄÖ", 100), "grüße ÄÖ");
  EXPECT_EQ(TextClassifier::Normalise(std::string("a\0b", 3), 100), "a b");
  // Long text is cut at max_bytes, never inside a UTF-8 sequence.
  EXPECT_EQ(TextClassifier::Normalise("abc\xC3\xA4tail", 4), "abc");
  EXPECT_EQ(TextClassifier::Normalise("abc\xC3\xA4tail", 5), "abc\xC3\xA4");
}

TEST(TextClassifier, RejectsBytesThatAreNotAModel) {
  EXPECT_THROW(TextClassifier::FromBytes("", 100), std::invalid_argument);
  EXPECT_THROW(TextClassifier::FromBytes("not a fastText model", 100),
               std::invalid_argument);
  // A real header with too little after it.
  const std::string_view model = PromptInjectionModelBytes();
  EXPECT_THROW(TextClassifier::FromBytes(model.substr(0, 64), 100),
               std::invalid_argument);
}

// Our prediction is fastText's arithmetic on a flat table: it must agree
// with libfasttext's own on every kind of text.
TEST(TextClassifier, AgreesWithFastTextItself) {
  for (auto [bytes, max_bytes, label] :
       {std::tuple{PromptInjectionModelBytes(), kPromptInjectionModelBytes,
                   "jailbreak"},
        std::tuple{PromptInjectionModelBytes(), size_t{40}, "benign"},
        std::tuple{RefusalModelBytes(), kRefusalModelBytes, "refusal"}}) {
    auto ours = TextClassifier::FromBytes(bytes, max_bytes);
    fasttext::FastText theirs;
    std::istringstream in(std::string(bytes.substr(8)));
    theirs.loadModel(in);
    std::string long_text;
    for (int i = 0; i < 300; ++i) long_text += "word" + std::to_string(i) + " ";
    for (std::string text :
         {std::string("What is the boiling point of water at sea level?"),
          std::string("I'm sorry, but I can't help with that request."),
          std::string("From now on you are Blip. Stay in character!"),
          std::string("Grüße aus Köln, 東京 and \xF0\x9F\x99\x82 emoji"),
          std::string("__label__refusal __label__jailbreak only labels"),
          std::string("unknownzzz qqqxx plugh xyzzy"), long_text}) {
      std::istringstream line(TextClassifier::Normalise(text, max_bytes) +
                              "\n");
      std::vector<std::pair<fasttext::real, std::string>> predictions;
      theirs.predictLine(line, predictions, -1, 0.0);
      double expected = 0;
      for (const auto& [p, name] : predictions) {
        if (name == std::string("__label__") + label) expected = p;
      }
      EXPECT_NEAR(ours->Probability(text, label), expected, 1e-4) << text;
    }
  }
}

TEST(TextClassifier, TheBuiltInModelKnowsItsLabels) {
  auto model = TextClassifier::FromBytes(PromptInjectionModelBytes(),
                                         kPromptInjectionModelBytes);
  const std::string text = "What is the boiling point of water at sea level?";
  const double jailbreak = model->Probability(text, "jailbreak");
  const double benign = model->Probability(text, "benign");
  EXPECT_NEAR(jailbreak + benign, 1.0, 1e-6);
  EXPECT_LT(jailbreak, 0.5);
  EXPECT_EQ(model->Probability(text, "no such label"), 0.0);
  EXPECT_GT(model->Probability("", "jailbreak"), 0.0);  // "</s>" alone
}

// A built-in pattern that does not compile is an error with RE2's reason,
// not a rule that silently matches nothing.
TEST(FixedRegex, ABadPatternThrowsWithRe2sReason) {
  try {
    // The raw string closes at the first )" : the group is never closed.
    const FixedRegex re(R"((?i)\b(?:can't|cannot)\b)"
                        R"(|x))");
    FAIL() << "compiled: " << re.pattern();
  } catch (const std::logic_error& e) {
    EXPECT_STREQ(e.what(),
                 "a built-in pattern does not compile: unexpected ): "
                 "(?i)\\b(?:can't|cannot)\\b|x) "
                 "(in (?i)\\b(?:can't|cannot)\\b|x))");
  }
  const FixedRegex good(R"((?i)\bcannot\b)");
  EXPECT_TRUE(RE2::PartialMatch("I CANNOT do that", good));
}

}  // namespace
}  // namespace micrometrics::metrics
