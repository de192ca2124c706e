#pragma once

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace micrometrics::metrics {

/// Where a value stood in its source file (1-based), so that a bad parameter
/// can be reported as FILE:LINE:COLUMN by the config loader.
struct SourceMark {
  int line = 0;
  int column = 0;
};

/// A parameter tree as written under a metric's `params:`: a scalar (kept as
/// text), a list or a map, each with its source mark. Keeps metrics/ free of
/// any YAML library. Immutable after construction; safe to share.
struct ParamEntry;

struct ParamValue {
  enum class Kind { kScalar, kList, kMap };
  Kind kind = Kind::kMap;
  std::string scalar;
  std::vector<ParamValue> list;
  /// Key and value pairs in document order (a named pair: std::pair of an
  /// incomplete type is not portable; clang rejects it).
  std::vector<ParamEntry> map;
  SourceMark mark;
  /// Marks of the map keys, parallel to `map`.
  std::vector<SourceMark> key_marks;
};

struct ParamEntry {
  ParamEntry(std::string key, ParamValue value)
      : first(std::move(key)), second(std::move(value)) {}
  std::string first;
  ParamValue second;
};

/// A bad parameter, found while creating an evaluator. Thrown at start-up or
/// reload only, never on the data path.
class ParamError : public std::runtime_error {
 public:
  ParamError(const std::string& what, SourceMark mark)
      : std::runtime_error(what), mark_(mark) {}
  SourceMark mark() const { return mark_; }

 private:
  SourceMark mark_;
};

/// Typed, checked access to a metric's params map. Every getter throws
/// ParamError naming the key and the expected type.
class Params {
 public:
  /// `path` names the map in errors: "params", "params.endpoint".
  explicit Params(const ParamValue& root, std::string path = "params");

  /// The map under `key` (errors then say "params.KEY.SUBKEY"); an empty
  /// map when absent.
  Params Sub(std::string_view key) const;

  /// Throws for any key not in `known`, naming the first unknown one.
  void AllowOnly(std::initializer_list<std::string_view> known) const;

  bool Has(std::string_view key) const { return Find(key) != nullptr; }
  std::string GetString(std::string_view key, std::string fallback) const;
  std::string RequireString(std::string_view key) const;
  double GetDouble(std::string_view key, double fallback) const;
  std::optional<double> GetOptionalDouble(std::string_view key) const;
  bool GetBool(std::string_view key, bool fallback) const;
  std::vector<std::string> GetStringList(
      std::string_view key, std::vector<std::string> fallback) const;
  /// A list of lists of strings, e.g. [[no, nb, nn], [sr, hr, bs]].
  std::vector<std::vector<std::string>> GetStringLists(
      std::string_view key) const;
  /// A duration like "20s", "500ms", "1h".
  std::chrono::milliseconds GetDuration(
      std::string_view key, std::chrono::milliseconds fallback) const;
  /// Throws if the value of `key` is not one of `choices`.
  std::string GetChoice(std::string_view key,
                        std::initializer_list<std::string_view> choices,
                        std::string fallback) const;

  /// The keys of the map under `key` with typed access to each value, e.g.
  /// `prices: {gpt-4o: {input: 2.5, output: 10}}`. Empty when absent.
  std::vector<std::pair<std::string, Params>> GetMapOfMaps(
      std::string_view key) const;

  /// Mark of `key`'s value, or of the params map when absent.
  SourceMark MarkOf(std::string_view key) const;
  [[noreturn]] void Fail(std::string_view key, const std::string& what) const;

 private:
  const ParamValue* Find(std::string_view key) const;
  const ParamValue& root_;
  std::string path_;
};

}  // namespace micrometrics::metrics
