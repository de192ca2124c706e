#pragma once

#include <string>
#include <string_view>
#include <vector>

// The PII library: the detectors behind the `pii` metric and the redaction
// of failing examples (metrics/reports/examples.cc). Pure functions of the
// text; thread-safe.
namespace micrometrics::metrics {

/// email, phone, card, iban, ssn, ip, secret: the categories in their
/// fixed order (PiiSpan::category indexes this).
const std::vector<std::string>& PiiCategories();

/// True for a region libphonenumber knows (ISO 3166 codes: US, DE, ...).
bool KnownPhoneRegion(const std::string& region);

/// The PII categories found in `text`, in a fixed order (email, phone, card,
/// iban, ssn, ip, secret), restricted to `enabled`. Exposed for tests and
/// the accuracy measurement.
std::vector<std::string> FindPiiCategories(
    std::string_view text, const std::vector<std::string>& enabled,
    const std::vector<std::string>& phone_regions);

/// One piece of personal data in a text: bytes [begin, end) and its
/// category (an index into email, phone, card, iban, ssn, ip, secret).
struct PiiSpan {
  size_t begin = 0;
  size_t end = 0;
  size_t category = 0;
};

/// Every piece of personal data in `text`, by the same detectors as the
/// metric, ordered by position.
std::vector<PiiSpan> FindPii(std::string_view text,
                             const std::vector<std::string>& phone_regions);
std::string_view PiiCategoryName(size_t category);

/// `text` with each piece of personal data replaced by its category in
/// capitals: "[EMAIL]", "[PHONE]", "[CARD]", "[IBAN]", "[SSN]", "[IP]",
/// "[SECRET]". For failing examples shown to people. With `categories`,
/// only those (e.g. {"email", "card"}); all when empty.
std::string RedactPii(std::string_view text,
                      const std::vector<std::string>& phone_regions = {"US"},
                      const std::vector<std::string>& categories = {});

/// Luhn checksum over the digits of `number` (separators ignored).
bool LuhnValid(std::string_view number);
/// IBAN mod-97 check with the country's length (spaces ignored).
bool IbanValid(std::string_view iban);

}  // namespace micrometrics::metrics
