#include "metrics/alerting/condition.h"

#include <charconv>
#include <cmath>
#include <sstream>

namespace micrometrics::metrics {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::optional<double> Number(std::string_view s) {
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

}  // namespace

bool Condition::Holds(double lhs, double rhs) const {
  switch (op) {
    case Op::kGreater:
      return lhs > rhs;
    case Op::kGreaterEqual:
      return lhs >= rhs;
    case Op::kLess:
      return lhs < rhs;
    case Op::kLessEqual:
      return lhs <= rhs;
  }
  return false;
}

std::string Condition::ToString() const {
  static const char* kSubjects[] = {"fail_rate", "fail_count", "value_p95",
                                    "value_p99", "events"};
  static const char* kOps[] = {">", ">=", "<", "<="};
  std::ostringstream out;
  out << kSubjects[static_cast<int>(subject)] << ' '
      << kOps[static_cast<int>(op)] << ' ' << threshold;
  if (relative_to_baseline) out << " * baseline";
  return out.str();
}

std::optional<Condition> ParseCondition(std::string_view text,
                                        std::string* error) {
  Condition c;
  size_t op_pos = text.find_first_of("<>");
  if (op_pos == std::string_view::npos) {
    *error = "expected SUBJECT OP VALUE, e.g. 'fail_rate > 0.02'";
    return std::nullopt;
  }
  std::string_view subject = Trim(text.substr(0, op_pos));
  size_t op_len = op_pos + 1 < text.size() && text[op_pos + 1] == '=' ? 2 : 1;
  std::string_view op = text.substr(op_pos, op_len);
  std::string_view rhs = Trim(text.substr(op_pos + op_len));
  if (subject == "fail_rate") {
    c.subject = Condition::Subject::kFailRate;
  } else if (subject == "fail_count") {
    c.subject = Condition::Subject::kFailCount;
  } else if (subject == "value_p95") {
    c.subject = Condition::Subject::kValueP95;
  } else if (subject == "value_p99") {
    c.subject = Condition::Subject::kValueP99;
  } else if (subject == "events") {
    c.subject = Condition::Subject::kEvents;
  } else {
    *error = "unknown subject '" + std::string(subject) +
             "' (use fail_rate, fail_count, value_p95, value_p99 or events)";
    return std::nullopt;
  }
  c.op = op == ">"    ? Condition::Op::kGreater
         : op == ">=" ? Condition::Op::kGreaterEqual
         : op == "<"  ? Condition::Op::kLess
                      : Condition::Op::kLessEqual;
  if (rhs.ends_with("baseline")) {
    if (c.subject != Condition::Subject::kFailRate ||
        (c.op != Condition::Op::kGreater &&
         c.op != Condition::Op::kGreaterEqual)) {
      *error = "baseline works with 'fail_rate > K * baseline' only";
      return std::nullopt;
    }
    c.relative_to_baseline = true;
    std::string_view factor = Trim(rhs.substr(0, rhs.size() - 8));
    if (factor.empty()) {
      c.threshold = 1;
    } else if (factor.back() == '*') {
      auto k = Number(Trim(factor.substr(0, factor.size() - 1)));
      if (!k || *k <= 0) {
        *error = "expected a positive factor before '* baseline'";
        return std::nullopt;
      }
      c.threshold = *k;
    } else {
      *error = "expected 'K * baseline'";
      return std::nullopt;
    }
    return c;
  }
  auto v = Number(rhs);
  if (!v) {
    *error = "expected a number after '" + std::string(op) + "', got '" +
             std::string(rhs) + "'";
    return std::nullopt;
  }
  if (c.subject == Condition::Subject::kFailRate && (*v < 0 || *v > 1)) {
    *error = "a fail rate is between 0 and 1";
    return std::nullopt;
  }
  c.threshold = *v;
  return c;
}

}  // namespace micrometrics::metrics
