#include "metrics/language/requested_language.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace micrometrics::metrics {
namespace {

// A language's names in the languages users most often write in, as they
// follow a preposition: English, German (adjective and noun forms:
// "auf Englisch", "ins Englische"), French, Spanish, Italian, Portuguese,
// Dutch, Japanese and Chinese.
struct Named {
  const char* code;
  const char* names;
};
constexpr Named kNames[] = {
    {"en",
     "english|englisch(?:e[nr]?)?|anglais|ingl[ée]s|inglese|ingl[êe]s|engels|"
     "英語|英文|英语"},
    {"de",
     "german|deutsch(?:e[nr]?)?|allemand|alem[áa]n|tedesco|alem[ãa]o|duits|"
     "ドイツ語|德语|德文"},
    {"fr",
     "french|franz[öo]sisch(?:e[nr]?)?|fran[çc]ais|franc[ée]s|francese|"
     "franc[êe]s|frans|フランス語|法语|法文"},
    {"es",
     "spanish|spanisch(?:e[nr]?)?|espagnol|espa[ñn]ol|spagnolo|espanhol|"
     "spaans|スペイン語|西班牙语|西班牙文"},
    {"it",
     "italian|italienisch(?:e[nr]?)?|italien|italiano|italiaans|イタリア語|"
     "意大利语|意大利文"},
    {"pt",
     "portuguese|portugiesisch(?:e[nr]?)?|portugais|portugu[ée]s|"
     "portoghese|portugu[êe]s|portugees|ポルトガル語|葡萄牙语"},
    {"nl",
     "dutch|niederl[äa]ndisch(?:e[nr]?)?|n[ée]erlandais|neerland[ée]s|"
     "olandese|holand[êe]s|nederlands|オランダ語|荷兰语"},
    {"ja",
     "japanese|japanisch(?:e[nr]?)?|japonais|japon[ée]s|giapponese|"
     "japon[êe]s|japans|日本語|日语|日文"},
    {"zh",
     "chinese|chinesisch(?:e[nr]?)?|chinois|chino|cinese|chin[êe]s|chinees|"
     "中国語|中文|汉语|漢語"},
    {"ko",
     "korean|koreanisch(?:e[nr]?)?|cor[ée]en|coreano|koreaans|韓国語|韩语|"
     "韩文"},
    {"ru", "russian|russisch(?:e[nr]?)?|russe|ruso|russo|ロシア語|俄语|俄文"},
    {"pl",
     "polish|polnisch(?:e[nr]?)?|polonais|polaco|polacco|polon[êe]s|pools"},
    {"tr", "turkish|t[üu]rkisch(?:e[nr]?)?|turc|turco|turks|トルコ語|土耳其语"},
    {"sv", "swedish|schwedisch(?:e[nr]?)?|su[ée]dois|sueco|svedese|zweeds"},
    {"uk",
     "ukrainian|ukrainisch(?:e[nr]?)?|ukrainien|ucraniano|ucraino|oekra[iï]"
     "ens"},
    {"ar",
     "arabic|arabisch(?:e[nr]?)?|arabe|[áa]rabe|arabo|アラビア語|阿拉伯语"},
    {"hi", "hindi|ヒンディー語|印地语"},
};

// One set for all the languages: a message is read once.
const RE2::Set& Patterns() {
  static const RE2::Set* set = [] {
    RE2::Options options;
    options.set_case_sensitive(false);
    options.set_log_errors(false);
    auto* s = new RE2::Set(options, RE2::UNANCHORED);
    for (const Named& n : kNames) {
      // A preposition, then the name: "into English", "auf Englisch", "en
      // anglais"; or the name, then Japanese で/に; or Chinese 用/翻译成.
      const std::string names = n.names;
      std::string error;
      if (s->Add(R"((?:\b(?:in|into|to|auf|ins|en|al|em|para|para o|in het|)"
                 R"(naar het)\s+(?:)" +
                     names + R"()\b|(?:用|翻译成|翻译为|译成|翻成)(?:)" +
                     names + R"()|(?:)" + names + R"()(?:で|に(?:翻訳|訳))))",
                 &error) < 0) {
        throw std::logic_error("requested_language: bad pattern for " +
                               std::string(n.code) + ": " + error);
      }
    }
    if (!s->Compile()) throw std::logic_error("requested_language: compile");
    return s;
  }();
  return *set;
}

}  // namespace

std::vector<std::string> RequestedLanguages(std::string_view user_text) {
  std::vector<int> hits;
  Patterns().Match(re2::StringPiece(user_text.data(), user_text.size()), &hits);
  std::sort(hits.begin(), hits.end());
  std::vector<std::string> asked;
  for (int i : hits) asked.emplace_back(kNames[static_cast<size_t>(i)].code);
  return asked;
}

}  // namespace micrometrics::metrics
