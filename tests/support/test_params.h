#pragma once

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "metrics/params.h"
#include "metrics/registry.h"

namespace micrometrics::metrics {

/// A params map of scalars, as config would build it from YAML.
inline ParamValue ScalarParams(
    std::initializer_list<std::pair<std::string, std::string>> entries) {
  ParamValue root;
  root.kind = ParamValue::Kind::kMap;
  root.mark = {1, 1};
  int line = 2;
  for (const auto& [k, v] : entries) {
    ParamValue value;
    value.kind = ParamValue::Kind::kScalar;
    value.scalar = v;
    value.mark = {line, 10};
    root.map.emplace_back(k, value);
    root.key_marks.push_back({line, 3});
    ++line;
  }
  return root;
}

/// Adds `key: [values...]` to a params map.
inline void AddListParam(ParamValue& root, const std::string& key,
                         const std::vector<std::string>& values) {
  ParamValue list;
  list.kind = ParamValue::Kind::kList;
  for (const auto& v : values) {
    ParamValue item;
    item.kind = ParamValue::Kind::kScalar;
    item.scalar = v;
    list.list.push_back(item);
  }
  root.map.emplace_back(key, list);
  root.key_marks.push_back({1, 1});
}

/// The built-in registry, made once.
inline const EvaluatorRegistry& RegistryForTests() {
  static const EvaluatorRegistry* registry = [] {
    auto* r = new EvaluatorRegistry;
    RegisterBuiltinEvaluators(*r);
    return r;
  }();
  return *registry;
}

/// An evaluator of a built-in type, made the way config makes it.
inline std::unique_ptr<Evaluator> MakeEvaluator(
    const std::string& type,
    std::initializer_list<std::pair<std::string, std::string>> params = {}) {
  ParamValue root = ScalarParams(params);
  return RegistryForTests().Find(type)->Create(Params(root));
}

/// The verdict of `e` on an event with only this output.
inline Verdict Judge(const Evaluator& e, const std::string& output) {
  Event ev;
  ev.output = output;
  return e.Evaluate(ev);
}

}  // namespace micrometrics::metrics
