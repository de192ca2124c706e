#include "metrics/params.h"

#include <charconv>
#include <cmath>
#include <utility>

#include "metrics/ingest/time.h"

namespace micrometrics::metrics {
namespace {

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

}  // namespace

Params::Params(const ParamValue& root, std::string path)
    : root_(root), path_(std::move(path)) {
  if (root.kind != ParamValue::Kind::kMap) {
    throw ParamError(path_ + " must be a map", root.mark);
  }
}

Params Params::Sub(std::string_view key) const {
  static const ParamValue kEmpty;
  const ParamValue* v = Find(key);
  if (v && v->kind != ParamValue::Kind::kMap) Fail(key, "expected a map");
  return Params(v ? *v : kEmpty, path_ + "." + std::string(key));
}

std::chrono::milliseconds Params::GetDuration(
    std::string_view key, std::chrono::milliseconds fallback) const {
  if (!Has(key)) return fallback;
  const std::string s = GetString(key, "");
  auto d = ParseDuration(s);
  if (!d) Fail(key, "expected a duration like 20s, got " + Quote(s));
  return *d;
}

const ParamValue* Params::Find(std::string_view key) const {
  for (const auto& [k, v] : root_.map) {
    if (k == key) return &v;
  }
  return nullptr;
}

SourceMark Params::MarkOf(std::string_view key) const {
  const ParamValue* v = Find(key);
  return v ? v->mark : root_.mark;
}

void Params::Fail(std::string_view key, const std::string& what) const {
  throw ParamError(path_ + "." + std::string(key) + ": " + what, MarkOf(key));
}

void Params::AllowOnly(std::initializer_list<std::string_view> known) const {
  for (size_t i = 0; i < root_.map.size(); ++i) {
    const std::string& key = root_.map[i].first;
    bool ok = false;
    std::string list;
    for (std::string_view k : known) {
      ok = ok || k == key;
      list += list.empty() ? "" : ", ";
      list += k;
    }
    if (!ok) {
      SourceMark mark = i < root_.key_marks.size() ? root_.key_marks[i]
                                                   : root_.map[i].second.mark;
      throw ParamError("unknown key " + Quote(key) + " in " + path_ +
                           " (known: " + (list.empty() ? "none" : list) + ")",
                       mark);
    }
  }
}

std::string Params::GetString(std::string_view key,
                              std::string fallback) const {
  const ParamValue* v = Find(key);
  if (!v) return fallback;
  if (v->kind != ParamValue::Kind::kScalar) Fail(key, "expected a string");
  return v->scalar;
}

std::string Params::RequireString(std::string_view key) const {
  const ParamValue* v = Find(key);
  if (!v) {
    throw ParamError(path_ + "." + std::string(key) + " is required",
                     root_.mark);
  }
  return GetString(key, {});
}

std::optional<double> Params::GetOptionalDouble(std::string_view key) const {
  const ParamValue* v = Find(key);
  if (!v) return std::nullopt;
  if (v->kind != ParamValue::Kind::kScalar) Fail(key, "expected a number");
  const std::string& s = v->scalar;
  double out = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(out)) {
    Fail(key, "expected a number, got " + Quote(s));
  }
  return out;
}

double Params::GetDouble(std::string_view key, double fallback) const {
  return GetOptionalDouble(key).value_or(fallback);
}

bool Params::GetBool(std::string_view key, bool fallback) const {
  const ParamValue* v = Find(key);
  if (!v) return fallback;
  if (v->kind == ParamValue::Kind::kScalar) {
    if (v->scalar == "true") return true;
    if (v->scalar == "false") return false;
  }
  Fail(key, "expected true or false");
}

std::vector<std::string> Params::GetStringList(
    std::string_view key, std::vector<std::string> fallback) const {
  const ParamValue* v = Find(key);
  if (!v) return fallback;
  if (v->kind != ParamValue::Kind::kList) Fail(key, "expected a list");
  std::vector<std::string> out;
  for (const auto& item : v->list) {
    if (item.kind != ParamValue::Kind::kScalar) {
      throw ParamError(
          "params." + std::string(key) + ": expected a list of strings",
          item.mark);
    }
    out.push_back(item.scalar);
  }
  return out;
}

std::vector<std::vector<std::string>> Params::GetStringLists(
    std::string_view key) const {
  const ParamValue* v = Find(key);
  if (!v) return {};
  if (v->kind != ParamValue::Kind::kList) Fail(key, "expected a list of lists");
  std::vector<std::vector<std::string>> out;
  for (const auto& inner : v->list) {
    if (inner.kind != ParamValue::Kind::kList) {
      throw ParamError("params." + std::string(key) +
                           ": expected a list of lists of strings",
                       inner.mark);
    }
    auto& row = out.emplace_back();
    for (const auto& item : inner.list) {
      if (item.kind != ParamValue::Kind::kScalar) {
        throw ParamError("params." + std::string(key) +
                             ": expected a list of lists of strings",
                         item.mark);
      }
      row.push_back(item.scalar);
    }
  }
  return out;
}

std::vector<std::pair<std::string, Params>> Params::GetMapOfMaps(
    std::string_view key) const {
  const ParamValue* v = Find(key);
  if (!v) return {};
  if (v->kind != ParamValue::Kind::kMap) Fail(key, "expected a map");
  std::vector<std::pair<std::string, Params>> out;
  for (const auto& [name, value] : v->map) {
    if (value.kind != ParamValue::Kind::kMap) {
      throw ParamError(
          path_ + "." + std::string(key) + "." + name + ": expected a map",
          value.mark);
    }
    out.emplace_back(
        name, Params(value, path_ + "." + std::string(key) + "." + name));
  }
  return out;
}

std::string Params::GetChoice(std::string_view key,
                              std::initializer_list<std::string_view> choices,
                              std::string fallback) const {
  std::string v = GetString(key, fallback);
  std::string list;
  for (std::string_view c : choices) {
    if (c == v) return v;
    list += list.empty() ? "" : ", ";
    list += c;
  }
  Fail(key, "expected one of " + list + ", got " + Quote(v));
}

}  // namespace micrometrics::metrics
