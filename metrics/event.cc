#include "metrics/event.h"

#include <array>

namespace micrometrics::metrics {
namespace {

constexpr std::string_view kAttributePrefix = "attributes.";

using StringMember = std::string Event::*;
struct StringField {
  std::string_view name;
  StringMember member;
};

constexpr std::array<StringField, 12> kStringFields{{
    {"id", &Event::id},
    {"conversation_id", &Event::conversation_id},
    {"model", &Event::model},
    {"provider", &Event::provider},
    {"prompt_version", &Event::prompt_version},
    {"route", &Event::route},
    {"tenant", &Event::tenant},
    {"locale", &Event::locale},
    {"channel", &Event::channel},
    {"finish_reason", &Event::finish_reason},
    {"status", &Event::status},
    {"error_type", &Event::error_type},
}};

}  // namespace

std::optional<std::string> Event::Field(std::string_view name) const {
  for (const auto& f : kStringFields) {
    if (f.name == name) {
      const std::string& v = this->*f.member;
      if (v.empty()) return std::nullopt;
      return v;
    }
  }
  if (name == "turn") {
    if (!turn) return std::nullopt;
    return std::to_string(*turn);
  }
  if (name.starts_with(kAttributePrefix)) {
    std::string_view key = name.substr(kAttributePrefix.size());
    for (const auto& [k, v] : attributes) {
      if (k == key) return v;
    }
  }
  return std::nullopt;
}

bool Event::IsSelectableField(std::string_view name) {
  for (const auto& f : kStringFields) {
    if (f.name == name) return true;
  }
  return name == "turn" || (name.starts_with(kAttributePrefix) &&
                            name.size() > kAttributePrefix.size());
}

std::optional<std::string> NormalizeTraceHex(std::string_view hex,
                                             size_t digits) {
  if (hex.size() != digits) return std::nullopt;
  std::string out(hex);
  bool nonzero = false;
  for (char& c : out) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return std::nullopt;
    }
    nonzero = nonzero || c != '0';
  }
  if (!nonzero) return std::nullopt;
  return out;
}

}  // namespace micrometrics::metrics
