#include "metrics/evaluators/prompt_injection.h"

#include <string>
#include <vector>

#include "metrics/phrase_set.h"

namespace micrometrics::metrics {
namespace {

// Label = the kind of attack, reported in the reason.
std::vector<PhraseSet::Phrase> BuiltinPatterns() {
  const std::string earlier =
      R"((?:previous|prior|above|earlier|preceding|initial|original|system))";
  const std::string rules =
      R"((?:instructions?|prompts?|rules|directions|guidelines|messages|context))";
  return {
      {R"(\b(?:ignore|disregard|forget|skip|override|bypass)\s+(?:all\s+|any\s+|every\s+|the\s+|your\s+|of\s+)*)" +
           earlier + R"(\s+)" + rules,
       "instruction override"},
      {R"(\bforget\s+(?:everything|all)\s+(?:you\s+(?:were|have\s+been)\s+told|above|before)\b)",
       "instruction override"},
      {R"(\bnew\s+instructions?\s*:)", "instruction override"},
      {R"(\bignoriere\s+(?:alle\s+)?(?:vorherigen|bisherigen|obigen|vorigen)\s+(?:anweisungen|instruktionen|regeln))",
       "instruction override"},
      {R"(\bignore[zr]?\s+(?:toutes\s+)?les\s+instructions\s+pr[ée]c[ée]dentes)",
       "instruction override"},
      {R"(\bignora\s+(?:todas\s+)?las\s+instrucciones\s+anteriores)",
       "instruction override"},
      {R"(\b(?:you\s+are\s+now|act\s+as|pretend\s+(?:to\s+be|you\s+are)|roleplay\s+as|from\s+now\s+on\s+you\s+are)\s+(?:an?\s+)?(?:DAN|unrestricted|unfiltered|uncensored|evil|jailbroken|amoral)\b)",
       "role-play override"},
      {R"(\bdo\s+anything\s+now\b)", "role-play override"},
      {R"(\b(?:developer|god|debug|sudo)\s+mode\s+(?:enabled|on|activated)\b|\benable\s+(?:developer|god|debug)\s+mode\b)",
       "role-play override"},
      {R"(\bjailbreak(?:ed|ing)?\b)", "jailbreak"},
      {R"(\b(?:reveal|show|print|repeat|output|tell\s+me|what\s+(?:is|are))\s+(?:me\s+)?(?:your|the)\s+(?:full\s+|exact\s+|hidden\s+|secret\s+)?(?:system\s+prompt|initial\s+(?:instructions|prompt)|hidden\s+instructions|instructions\s+above))",
       "system prompt extraction"},
      {R"(<\|im_start\|>\s*system|\[/?(?:system|INST)\]|<<SYS>>|^\s*###\s*(?:system|instruction)\s*:?)",
       "fake system message"},
      {R"(\b(?:override|disable|bypass|turn\s+off)\s+(?:your\s+|the\s+|all\s+)?(?:safety|content|moderation)\s+(?:policy|policies|filters?|guidelines|rules)\b)",
       "safety bypass"},
  };
}

class PromptInjectionEvaluator final : public Evaluator {
 public:
  explicit PromptInjectionEvaluator(std::unique_ptr<PhraseSet> patterns)
      : patterns_(std::move(patterns)) {}

  Verdict Evaluate(const Event& event) const override {
    // The latest user message: `input`, else the last user message.
    const std::string* text = event.input ? &*event.input : nullptr;
    for (auto it = event.messages.rbegin();
         !text && it != event.messages.rend(); ++it) {
      if (it->role == "user") text = &it->content;
    }
    if (!text) return Verdict::Skipped("no input");
    auto labels = patterns_->Match(NormaliseQuotes(*text));
    if (labels.empty()) return Verdict::Pass();
    std::string reason;
    for (const auto& l : labels) reason += (reason.empty() ? "" : ", ") + l;
    return Verdict::Fail(reason);
  }

 private:
  std::unique_ptr<PhraseSet> patterns_;
};

}  // namespace

std::unique_ptr<Evaluator> PromptInjectionEvaluatorFactory::Create(
    const Params& params) const {
  params.AllowOnly({"extra_patterns", "builtin"});
  std::vector<PhraseSet::Phrase> patterns;
  if (params.GetBool("builtin", true)) patterns = BuiltinPatterns();
  for (const auto& p : params.GetStringList("extra_patterns", {})) {
    patterns.push_back({p, "custom pattern"});
  }
  if (patterns.empty()) {
    params.Fail("extra_patterns",
                "no patterns: builtin is false and none given");
  }
  try {
    return std::make_unique<PromptInjectionEvaluator>(
        std::make_unique<PhraseSet>(std::move(patterns)));
  } catch (const std::invalid_argument& e) {
    params.Fail("extra_patterns", e.what());
  }
}

}  // namespace micrometrics::metrics
