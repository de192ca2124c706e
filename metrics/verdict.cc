#include "metrics/verdict.h"

#include <algorithm>

namespace micrometrics::metrics {

std::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPass:
      return "pass";
    case Outcome::kFail:
      return "fail";
    case Outcome::kSkipped:
      return "skipped";
    case Outcome::kError:
      return "error";
  }
  return "error";
}

void OutcomeCounts::Add(Outcome outcome, uint64_t n) {
  switch (outcome) {
    case Outcome::kPass:
      pass += n;
      break;
    case Outcome::kFail:
      fail += n;
      break;
    case Outcome::kSkipped:
      skipped += n;
      break;
    case Outcome::kError:
      error += n;
      break;
  }
}

uint64_t OutcomeCounts::Count(Outcome outcome) const {
  switch (outcome) {
    case Outcome::kPass:
      return pass;
    case Outcome::kFail:
      return fail;
    case Outcome::kSkipped:
      return skipped;
    case Outcome::kError:
      return error;
  }
  return 0;
}

double OutcomeCounts::FailRate() const {
  return decided() == 0
             ? 0
             : static_cast<double>(fail) / static_cast<double>(decided());
}

void OutcomeCounts::Merge(const OutcomeCounts& other) {
  pass += other.pass;
  fail += other.fail;
  skipped += other.skipped;
  error += other.error;
}

void OutcomeCounts::Subtract(const OutcomeCounts& other) {
  pass -= std::min(pass, other.pass);
  fail -= std::min(fail, other.fail);
  skipped -= std::min(skipped, other.skipped);
  error -= std::min(error, other.error);
}

}  // namespace micrometrics::metrics
