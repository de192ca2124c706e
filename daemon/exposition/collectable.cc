#include "daemon/exposition/collectable.h"

#include <prometheus/text_serializer.h>

#include <sstream>

namespace micrometrics::daemon {

void Exposition::Register(const Collectable& part) {
  std::lock_guard lock(mu_);
  parts_.push_back(&part);
}

void Exposition::Write(TextWriter& out) const {
  std::vector<const Collectable*> parts;
  {
    std::lock_guard lock(mu_);
    parts = parts_;  // scrapes run side by side
  }
  for (const Collectable* part : parts) part->Collect(out);
  out.Flush();
}

std::string Serialize(const Collectable& part) {
  std::string text;
  TextWriter out([&](std::string_view chunk) { text += chunk; });
  part.Collect(out);
  out.Flush();
  return text;
}

std::string Serialize(const Exposition& exposition) {
  std::string text;
  TextWriter out([&](std::string_view chunk) { text += chunk; });
  exposition.Write(out);
  return text;
}

void WriteFamilies(TextWriter& out,
                   const std::vector<prometheus::MetricFamily>& families) {
  std::ostringstream text;
  prometheus::TextSerializer().Serialize(text, families);
  out.Raw(text.view());
}

void WriteSingle(TextWriter& out, const series::Name& name, double value) {
  out.Family(name);
  out.Sample(name.name, {}, {}, value);
}

}  // namespace micrometrics::daemon
