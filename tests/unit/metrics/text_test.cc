#include "metrics/text.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace micrometrics::metrics
