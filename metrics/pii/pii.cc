#include "metrics/pii/pii.h"

#include <arpa/inet.h>
#include <phonenumbers/phonenumbermatch.h>
#include <phonenumbers/phonenumbermatcher.h>
#include <phonenumbers/phonenumberutil.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <array>
#include <map>
#include <stdexcept>

#include "metrics/text/fixed_regex.h"

namespace micrometrics::metrics {
const std::vector<std::string>& PiiCategories() {
  static const std::vector<std::string> all = {
      "email", "phone", "card", "iban", "ssn", "ip", "secret"};
  return all;
}

bool KnownPhoneRegion(const std::string& region) {
  return i18n::phonenumbers::PhoneNumberUtil::GetInstance()
             ->GetCountryCodeForRegion(region) != 0;
}

namespace {

const std::vector<std::string>& AllCategories() { return PiiCategories(); }

// One pass over the text tells which categories have candidates at all;
// only those are then checked in detail. Index = category in AllCategories.
struct Patterns {
  Patterns() : set(Options(), RE2::UNANCHORED) {
    const char* candidates[] = {
        // email
        R"([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})",
        // phone: 7+ digits with phone punctuation
        R"(\+?\(?\d(?:[\d\s().\-/]*\d){6,})",
        // card: 12+ digits with single spaces or dashes
        R"(\d(?:[ -]?\d){11,})",
        // iban
        R"([A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30})",
        // ssn
        R"(\d{3}-\d{2}-\d{4})",
        // ip: v4 or a v6 shape
        R"(\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})",
        // secret
        R"(AKIA|ASIA|ABIA|ACCA|A3T|-----BEGIN|(?i:bearer)\s|sk-|[sr]k_(?:live|test)_|gh[pousr]_|github_pat_|xox[abposre]-|xapp-|hooks\.slack\.com|AIza|gl[a-z]{1,6}-|GR1348941|eyJ)",
    };
    // Fixed patterns: a failure here is a bug, named rather than left for
    // the first Match to dereference a program that does not exist.
    for (const char* p : candidates) {
      if (set.Add(p, nullptr) < 0) throw std::logic_error("pii: bad pattern");
    }
    if (!set.Compile()) throw std::logic_error("pii: candidates: compile");
  }
  static RE2::Options Options() {
    RE2::Options o;
    o.set_log_errors(false);
    return o;
  }
  RE2::Set set;
};

const Patterns& Candidates() {
  static const Patterns p;
  return p;
}

// Where detectors put what they find: spans of `text`, or just the first
// one when only presence matters (the metric's verdict).
struct Found {
  std::vector<PiiSpan>* spans;  // null: stop at the first
  size_t category;
  /// Records [begin, end); true when the caller should stop looking.
  bool Add(size_t begin, size_t end) {
    if (!spans) return true;
    spans->push_back(PiiSpan{begin, end, category});
    return false;
  }
};

size_t Offset(std::string_view text, re2::StringPiece piece) {
  return static_cast<size_t>(piece.data() - text.data());
}

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// Whether `re` (anchored at its end with $) matches the `window` bytes of
// `text` before `start`: the words that introduce a number.
bool MatchesBefore(std::string_view text, size_t start, size_t window,
                   const RE2& re) {
  const size_t from = start >= window ? start - window : 0;
  return RE2::PartialMatch(text.substr(from, start - from), re);
}

// Words that introduce a reference number ("order 4111...", "Bestellnummer
// 415...", "coupon code 4820-1193-55"): digits after them are an order,
// invoice, ticket or voucher number, not a card or a phone number. Looked for
// in the 24 bytes before the number.
bool ReferenceNumberContext(std::string_view text, size_t number_start) {
  static const FixedRegex re(
      R"((?i)(?:order|bestell|auftrag|commande|pedido|ordine|invoice|)"
      R"(rechnung|factur|fattura|tracking|sendung|ticket|case|reference|)"
      R"(referenz|ref\.?|nr\.?|no\.|#|licen[cs]e|passport|permit|account|)"
      R"(acct|member|policy|serial|patient|customer|employee|student|)"
      R"(vin|routing|sort code|zip|postal|postcode|plz|isbn|issn|ean|upc|)"
      R"(gtin|sku|asin|doi|patent|\bid\b|\bids\b|version|\bver\b|build|)"
      R"(release|firmware|kernel|coupon|voucher|promo|discount|gutschein|)"
      R"(rabatt|\bv)[\w-]*)"
      // "account ID 4481-2290-7713", "policy number: 55-123-4567", "the
      // meeting ID is 845 2231 9087".
      R"((?:\s+(?:id|ids|number|num|nr|no|code)\b\.?)?(?:\s+(?:is|was|=))?)"
      R"([\s:#]*$)");
  return MatchesBefore(text, number_start, 32, re);
}

// Words that say the number after them is a payment card ("card #",
// "credit card number", "Kreditkarte", "carte bancaire"): they outweigh a
// reference-number context such as '#'.
bool CardContext(std::string_view text, size_t number_start) {
  static const FixedRegex re(
      R"((?i)(?:card|credit|debit|visa|mastercard|amex|maestro|cc|)"
      R"(karte|carte|tarjeta|carta|cartão|kaart)\b[^.!?\n]{0,20}$)");
  return MatchesBefore(text, number_start, 32, re);
}

// A role address names a function, not a person ("support@", "billing@",
// "noreply@"): a support assistant hands out its company's all day, and it
// is not personal data.
bool RoleAddress(std::string_view address) {
  static const FixedRegex role(
      R"((?i)^(?:support|help|helpdesk|info|contact|hello|hi|service|)"
      R"(customerservice|customer-service|customercare|care|sales|billing|)"
      R"(accounts|invoices?|orders?|shop|store|booking|bookings|reservations?|)"
      R"(noreply|no-reply|donotreply|do-not-reply|privacy|dpo|security|abuse|)"
      R"(postmaster|webmaster|hostmaster|admin|administrator|office|team|)"
      R"(press|media|marketing|careers|jobs|hr|recruiting|legal|compliance|)"
      R"(feedback|returns|refunds|shipping|partners|investors|ir|kundenservice|)"
      R"(kontakt|service-client|atencion|soporte|assistenza)(?:[+.-][^@]*)?@)");
  return RE2::PartialMatch(re2::StringPiece(address.data(), address.size()),
                           role);
}

bool FindEmail(std::string_view text, Found found) {
  static const FixedRegex re(
      R"((?:^|[^\w.+-])([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}))");
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece match;
  bool any = false;
  while (RE2::FindAndConsume(&input, re, &match)) {
    if (RoleAddress(std::string_view(match.data(), match.size()))) continue;
    any = true;
    if (found.Add(Offset(text, match), Offset(text, match) + match.size())) {
      break;
    }
  }
  return any;
}

// Issuer prefixes and lengths of the card networks (Visa, Mastercard, Amex,
// Discover, JCB, Diners, UnionPay, Maestro).
bool PlausibleCard(const std::string& d) {
  const size_t n = d.size();
  auto starts = [&](std::string_view p) { return d.rfind(p, 0) == 0; };
  auto prefix = [&](size_t len) { return std::stoi(d.substr(0, len)); };
  if (starts("4")) return n == 13 || n == 16 || n == 19;
  // JCB's and Diners enRoute's 15-digit ranges, UATP.
  if (starts("1800") || starts("2131") || starts("2014") || starts("2149")) {
    return n == 15;
  }
  if (starts("1")) return n == 15;
  int p2 = prefix(2), p3 = prefix(3), p4 = prefix(4);
  if (p4 >= 2200 && p4 <= 2204) return n >= 16 && n <= 19;  // Mir
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n == 16;
  if (p2 == 34 || p2 == 37) return n == 15;
  if (p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65) {
    return n >= 16 && n <= 19;
  }
  if (p2 == 35) return n >= 16 && n <= 19;  // JCB
  if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39) {
    return n >= 14 && n <= 19;
  }
  if (p2 == 62 || p2 == 81) return n >= 14 && n <= 19;  // UnionPay
  if (p2 == 50 || (p2 >= 56 && p2 <= 69)) return n >= 12 && n <= 19;
  return false;
}

// Digit runs with single space or dash separators, bounded by non-word
// characters; a run of 12 to 19 digits whose grouping, issuer prefix and
// Luhn checksum fit is a card. Order numbers, phone numbers and dates fail
// at least one of those.
bool FindCard(std::string_view text, Found found) {
  const size_t n = text.size();
  bool any = false;
  for (size_t i = 0; i < n;) {
    if (!std::isdigit(static_cast<unsigned char>(text[i])) ||
        (i > 0 && (IsWordChar(text[i - 1]) || text[i - 1] == '.' ||
                   text[i - 1] == '-' || text[i - 1] == '+'))) {
      ++i;
      continue;
    }
    std::string digits;
    std::vector<size_t> groups{0};
    char sep = 0;
    bool mixed = false;
    size_t j = i;
    while (j < n) {
      char c = text[j];
      if (std::isdigit(static_cast<unsigned char>(c))) {
        digits += c;
        ++groups.back();
        ++j;
      } else if ((c == ' ' || c == '-') && j + 1 < n &&
                 std::isdigit(static_cast<unsigned char>(text[j + 1]))) {
        if (sep && sep != c) mixed = true;
        sep = c;
        groups.push_back(0);
        ++j;
      } else {
        break;
      }
    }
    // A sentence's full stop ends a number; a decimal point does not.
    const bool bounded =
        j >= n ||
        !(IsWordChar(text[j]) ||
          ((text[j] == '.' || text[j] == '-' || text[j] == ',') && j + 1 < n &&
           std::isdigit(static_cast<unsigned char>(text[j + 1]))));
    bool grouped = groups.size() == 1;
    if (groups.size() > 1 && !mixed) {
      // 4-4-4-4(-3), Amex 4-6-5, Diners 4-6-4.
      grouped = std::all_of(groups.begin(), groups.end() - 1,
                            [](size_t g) { return g == 4; }) ||
                (groups.size() == 3 && groups[0] == 4 && groups[1] == 6);
    }
    if (bounded && grouped && digits.size() >= 12 && digits.size() <= 19 &&
        PlausibleCard(digits) && LuhnValid(digits) &&
        (CardContext(text, i) || !ReferenceNumberContext(text, i))) {
      any = true;
      if (found.Add(i, j)) return true;
    }
    i = j + 1;
  }
  return any;
}

bool FindIban(std::string_view text, Found found) {
  static const FixedRegex re(
      R"(\b([A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?|[a-z]{2}\d{2}[a-z0-9]{11,30})\b)");
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece candidate;
  bool any = false;
  while (RE2::FindAndConsume(&input, re, &candidate)) {
    if (!IbanValid(std::string_view(candidate.data(), candidate.size()))) {
      continue;
    }
    any = true;
    const size_t at = Offset(text, candidate);
    if (found.Add(at, at + candidate.size())) break;
  }
  return any;
}

bool FindSsn(std::string_view text, Found found) {
  // The trailing boundary is a lookahead in spirit: RE2 has none, so it is
  // matched by a zero-width alternative or one character given back below.
  static const FixedRegex re(
      R"((?:^|[^\w-])((\d{3})-(\d{2})-(\d{4}))(?:$|[^\w-]))");
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece whole, area, group, serial;
  bool any = false;
  while (RE2::FindAndConsume(&input, re, &whole, &area, &group, &serial)) {
    // Give the boundary character back, so "123-45-6789 987-65-4321" finds
    // both.
    const size_t end = Offset(text, whole) + whole.size();
    input = re2::StringPiece(text.data() + end, text.size() - end);
    if (area == "000" || area == "666" || area[0] == '9' || group == "00" ||
        serial == "0000") {
      continue;
    }
    any = true;
    if (found.Add(Offset(text, whole), end)) break;
  }
  return any;
}

// Addresses that point at no one: this host and loopback ("0.0.0.0",
// "127.0.0.1"), and netmasks and broadcast ("255.255.255.0",
// "255.255.255.255"). Private ranges still name a network.
bool IdentifiesNoHost(const unsigned char* a) {
  if (a[0] == 0 || a[0] == 127) return true;
  auto mask_octet = [](unsigned char o) {
    return o == 0 || o == 128 || o == 192 || o == 224 || o == 240 || o == 248 ||
           o == 252 || o == 254 || o == 255;
  };
  return a[0] == 255 && mask_octet(a[1]) && mask_octet(a[2]) &&
         mask_octet(a[3]) && a[2] <= a[1] && a[3] <= a[2];
}

// "::" and "::1".
bool IdentifiesNoHost6(const unsigned char* a) {
  for (int i = 0; i < 15; ++i) {
    if (a[i] != 0) return false;
  }
  return a[15] <= 1;
}

// A name in a scope, in code or about it ("C::f()", "call a::b", "A::B"),
// that happens to be hex: one group of at most two characters on each side
// of a "::", or a call. Real compressed addresses have three groups or more
// ("2001:db8::1") or a longer group ("fe80::1").
bool ScopedName(std::string_view text, re2::StringPiece piece) {
  const size_t end = Offset(text, piece) + piece.size();
  if (end < text.size() && text[end] == '(') return true;
  const std::string_view address(piece.data(), piece.size());
  const size_t scope = address.find("::");
  if (scope == std::string_view::npos) return false;
  const std::string_view left = address.substr(0, scope);
  const std::string_view right = address.substr(scope + 2);
  return left.find(':') == std::string_view::npos &&
         right.find(':') == std::string_view::npos && left.size() <= 2 &&
         right.size() <= 2;
}

bool FindIp(std::string_view text, Found found) {
  bool any = false;
  static const FixedRegex v4(
      R"((?:^|[^\w.])(\d{1,3}(?:\.\d{1,3}){3})(?:$|[^\w.]|\.(?:$|\s)))");
  static const FixedRegex v6(
      R"((?:^|[^\w:])([0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%\w+)?)(?:$|[^\w:]))");
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece piece;
  unsigned char buf[sizeof(in6_addr)];
  static const FixedRegex version_before(
      R"((?i)\b(?:version|release|upgrade|update|v|ver)\b(?:[^.!?]|[.]\S)*$)");
  while (RE2::FindAndConsume(&input, v4, &piece)) {
    // "version 1.13.4.2" is a version, not an address.
    const size_t start = Offset(text, piece);
    std::string_view before =
        text.substr(start >= 40 ? start - 40 : 0, std::min<size_t>(start, 40));
    if (RE2::PartialMatch(before, version_before)) continue;
    const std::string candidate(piece.data(), piece.size());
    if (inet_pton(AF_INET, candidate.c_str(), buf) == 1 &&
        !IdentifiesNoHost(buf)) {
      any = true;
      if (found.Add(start, start + piece.size())) return true;
    }
  }
  input = re2::StringPiece(text.data(), text.size());
  while (RE2::FindAndConsume(&input, v6, &piece)) {
    // "10:30:00" is a time: require a hex letter or a "::" in IPv6.
    const std::string candidate(piece.data(), piece.size());
    // A bare "::" (C++ scopes, Haskell types) is no address.
    bool shaped = (candidate.find("::") != std::string::npos &&
                   std::any_of(candidate.begin(), candidate.end(),
                               [](char c) { return std::isxdigit(c); })) ||
                  std::any_of(candidate.begin(), candidate.end(),
                              [](char c) { return std::isalpha(c); });
    if (shaped && !ScopedName(text, piece) &&
        inet_pton(AF_INET6, candidate.c_str(), buf) == 1 &&
        !IdentifiesNoHost6(buf)) {
      any = true;
      const size_t start = Offset(text, piece);
      if (found.Add(start, start + piece.size())) return true;
    }
  }
  return any;
}

// At least 8 distinct characters: real keys are random, placeholders repeat.
bool Varied(std::string_view secret) {
  bool seen[256] = {};
  int distinct = 0;
  for (unsigned char c : secret) {
    if (!seen[c]) {
      seen[c] = true;
      if (++distinct >= 8) return true;
    }
  }
  return false;
}

bool FindSecret(std::string_view text, Found found) {
  // Group 1 is the secret; a private key is redacted up to its END line.
  static const FixedRegex re(
      R"((?:^|[^A-Za-z0-9])((?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}|A3T[A-Z0-9][0-9A-Z]{16})(?:$|[^A-Za-z0-9]))"
      R"(|(-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----(?s:.*?)(?:-----END (?:[A-Z]+ )*PRIVATE KEY-----|$)))"
      R"(|((?i:bearer)\s+[A-Za-z0-9._~+/-]{20,}=*))"
      R"(|(\bsk-(?:proj-|svcacct-|admin-|live-)?[A-Za-z0-9_-]{20,}))"
      R"(|(\b[sr]k_(?:live|test)_[0-9A-Za-z]{24,}))"
      R"(|(\bgh[pousr]_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{40,}))"
      R"(|(\bxox[abposre]-\d+-[A-Za-z0-9-]{10,}|\bxapp-\d-[A-Za-z0-9-]{10,}))"
      R"(|(https://hooks\.slack\.com/(?:services|workflows|triggers)/T[A-Za-z0-9]+/[A-Za-z0-9]+/[A-Za-z0-9]{8,}))"
      R"(|(\bAIza[0-9A-Za-z_-]{35}))"
      R"(|(\b(?:glpat|gldt|glrt|glrtr|glptt|glcbt|glft|glffct|glsoat|gloas|glimt|glagent|glwt|glcst)-[A-Za-z0-9_-]{20,}|\bGR1348941[A-Za-z0-9_-]{20,}))"
      R"(|(\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.(?:[A-Za-z0-9_-]{10,})?))");
  const int groups = re.NumberOfCapturingGroups();
  std::vector<re2::StringPiece> match(static_cast<size_t>(groups) + 1);
  size_t pos = 0;
  bool any = false;
  while (pos <= text.size() &&
         re.Match(re2::StringPiece(text.data(), text.size()), pos, text.size(),
                  RE2::UNANCHORED, match.data(), groups + 1)) {
    size_t begin = Offset(text, match[0]);
    size_t end = begin + match[0].size();
    for (int g = 1; g <= groups; ++g) {
      if (match[static_cast<size_t>(g)].data()) {
        begin = Offset(text, match[static_cast<size_t>(g)]);
        end = begin + match[static_cast<size_t>(g)].size();
        break;
      }
    }
    pos = std::max(end, Offset(text, match[0]) + 1);
    // "AKIAXXXXXXXXXXXXXXXX", "sk-xxxxxxxx...": placeholders, not keys.
    if (!Varied(text.substr(begin, end - begin))) continue;
    any = true;
    if (found.Add(begin, end)) return true;
  }
  return any;
}

// Written the way people write phone numbers: an international "+", an
// area code in parentheses, or three or more groups ("555-123-4567",
// "030 1234 5678"). "3747 3911" (a street number) and "90010-170" (a postal
// code) are not, without words that say "phone".
bool PhoneShaped(std::string_view run) {
  if (run.empty()) return false;
  if (run[0] == '+' || run[0] == '(') return true;
  // A national trunk prefix: "0961-7596216", "030 901820".
  int groups = 1;
  for (size_t i = 1; i < run.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(run[i])) &&
        std::isdigit(static_cast<unsigned char>(run[i - 1]))) {
      ++groups;
    }
  }
  return groups >= 3 || (groups == 2 && run[0] == '0');
}

// Words that introduce a phone number, in the 32 bytes before it.
bool PhoneContext(std::string_view text, size_t number_start) {
  static const FixedRegex re(
      R"((?i)(?:phone|tel|telephone|call|ring|mobile|cell|fax|hotline|)"
      R"(whatsapp|sms|text|messag|dial|contact|reach|number|telefon|handy|)"
      R"(mobil|rufnummer|anrufen|t[ée]l[ée]phone|portable|appel|tel[ée]fono|)"
      R"(m[óo]vil|llamar|cellulare|telefoon|bellen|nachricht|\x{96FB}\x{8A71}|)"
      R"(\x{7535}\x{8BDD})[^.!?\d]{0,20}$)");
  return MatchesBefore(text, number_start, 32, re);
}

// Digits that continue a token: "DE89 3704 ..." (an IBAN), "INV-2024-000123",
// "SN_555-123-4567" (a letter, or a letter and one joining character, right
// before them).
bool PartOfToken(std::string_view text, size_t start) {
  if (start == 0) return false;
  if (IsWordChar(text[start - 1])) return true;
  const char joiner = text[start - 1];
  return (joiner == '-' || joiner == '_' || joiner == '/') && start >= 2 &&
         std::isalpha(static_cast<unsigned char>(text[start - 2]));
}

// A book number: ISBN-13 (978 or 979, then the EAN check digit), or ISBN-10
// written in its four hyphenated or spaced groups with its mod-11 check
// ("0-306-40615-2"). A phone number passes these checks only by chance.
bool Isbn(std::string_view run) {
  std::string digits;
  int groups = 1;
  for (size_t i = 0; i < run.size(); ++i) {
    const char c = run[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits += c;
    } else if (c == 'X' || c == 'x') {
      digits += 'X';
    } else if (i > 0 && std::isdigit(static_cast<unsigned char>(run[i - 1]))) {
      ++groups;
    }
  }
  if (digits.size() == 13 &&
      (digits.compare(0, 3, "978") == 0 || digits.compare(0, 3, "979") == 0)) {
    int sum = 0;
    for (size_t i = 0; i < 13; ++i) {
      if (digits[i] == 'X') return false;
      sum += (digits[i] - '0') * (i % 2 ? 3 : 1);
    }
    return sum % 10 == 0;
  }
  if (digits.size() == 10 && groups == 4) {
    int sum = 0;
    for (size_t i = 0; i < 10; ++i) {
      if (digits[i] == 'X' && i != 9) return false;
      sum +=
          (digits[i] == 'X' ? 10 : digits[i] - '0') * static_cast<int>(10 - i);
    }
    return sum % 11 == 0;
  }
  return false;
}

// A quantity: the number is followed by a unit ("100-200-300 mg",
// "2 000 000 km", "120 ms").
bool FollowedByUnit(std::string_view text, size_t end) {
  static const FixedRegex unit(
      R"(^ ?(?:mg|mcg|µg|g|kg|ml|cl|dl|mm|cm|m|km|ft|oz|lbs?|ms|µs|ns|s|)"
      R"(sec|min|hrs?|kb|mb|gb|tb|kib|mib|gib|tib|bytes?|px|hz|khz|mhz|)"
      R"(ghz|kw|kwh|mah|rpm|fps|dpi|%|°)(?:$|[^A-Za-z]))");
  const std::string_view after = text.substr(std::min(end, text.size()), 8);
  return RE2::PartialMatch(re2::StringPiece(after.data(), after.size()), unit);
}

// Part of a URL or a path: "https://example.com/item/4155552671".
bool InsideUrl(std::string_view text, size_t start) {
  size_t token = start;
  while (token > 0 &&
         !std::isspace(static_cast<unsigned char>(text[token - 1]))) {
    --token;
  }
  std::string_view before = text.substr(token, start - token);
  return before.find("://") != std::string_view::npos ||
         before.find("www.") != std::string_view::npos ||
         before.find('/') != std::string_view::npos ||
         before.find('=') != std::string_view::npos;
}

bool FindPhone(std::string_view text, const std::vector<std::string>& regions,
               Found found) {
  bool any = false;
  using i18n::phonenumbers::PhoneNumberMatch;
  using i18n::phonenumbers::PhoneNumberMatcher;
  using i18n::phonenumbers::PhoneNumberUtil;
  static const FixedRegex candidate(R"((\+?\(?\d(?:[\d\s().\-/]*\d){6,}))");
  // Dates, times and IPv4 addresses have the digits of a phone number.
  static const FixedRegex not_phone(
      R"(^\d{1,3}(?:\.\d{1,3}){3}$|^\d{4}-\d{2}-\d{2}|)"
      R"(^\d{1,2}[./]\d{1,2}[./]\d{2,4}$|^\d+(?:[.,]\d{3})*[.,]\d{2}$|)"
      R"(^\d{3}-\d{2}-\d{4}$)");
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece piece;
  // libphonenumber is thorough and slow (tens of microseconds per call), so
  // it only sees the digit runs that could be numbers, one at a time.
  while (RE2::FindAndConsume(&input, candidate, &piece)) {
    std::string run(piece.data(), piece.size());
    while (!run.empty() && (run.back() == ' ' || run.back() == '.')) {
      run.pop_back();
    }
    const size_t start = Offset(text, piece);
    // Part of a token such as an IBAN ("DE89 3704 ..."), a date, a time, a
    // price, or an order number: not a phone number.
    if (PartOfToken(text, start) || RE2::PartialMatch(run, not_phone) ||
        ReferenceNumberContext(text, start) || InsideUrl(text, start) ||
        Isbn(run) || FollowedByUnit(text, start + run.size()) ||
        !(PhoneShaped(run) || PhoneContext(text, start))) {
      continue;
    }
    std::string digits;
    for (char c : run) {
      if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
    }
    if (digits.size() >= 13 && digits.size() <= 19 && PlausibleCard(digits) &&
        LuhnValid(digits)) {
      continue;  // a card, reported as such
    }
    const size_t run_digits = std::count_if(
        run.begin(), run.end(), [](char c) { return std::isdigit(c); });
    bool phone = false;
    for (size_t r = 0; r < regions.size() && !phone; ++r) {
      const std::string& region = regions[r];
      // POSSIBLE: the length fits the region's plan. VALID would also ask
      // for an assigned area code, which misses numbers the metadata lacks.
      PhoneNumberMatcher matcher(util, run, region,
                                 PhoneNumberMatcher::POSSIBLE, 5);
      PhoneNumberMatch match;
      while (matcher.HasNext() && matcher.Next(&match)) {
        const std::string& raw = match.raw_string();
        // The whole digit run must be the number: 16 digits holding a
        // possible 10-digit number are an order number, not a phone.
        if (static_cast<size_t>(std::count_if(
                raw.begin(), raw.end(),
                [](char c) { return std::isdigit(c); })) == run_digits) {
          phone = true;
          break;
        }
      }
    }
    if (phone) {
      any = true;
      if (found.Add(start, start + run.size())) return true;
    }
  }
  return any;
}

}  // namespace

bool LuhnValid(std::string_view number) {
  int sum = 0;
  int count = 0;
  bool double_it = false;
  for (auto it = number.rbegin(); it != number.rend(); ++it) {
    if (!std::isdigit(static_cast<unsigned char>(*it))) continue;
    int d = *it - '0';
    if (double_it) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    double_it = !double_it;
    ++count;
  }
  return count > 1 && sum % 10 == 0;
}

bool IbanValid(std::string_view iban) {
  static const std::map<std::string, size_t, std::less<>> kLengths = {
      {"AD", 24}, {"AE", 23}, {"AT", 20}, {"BE", 16}, {"BG", 22}, {"BH", 22},
      {"BR", 29}, {"CH", 21}, {"CY", 28}, {"CZ", 24}, {"DE", 22}, {"DK", 18},
      {"EE", 20}, {"ES", 24}, {"FI", 18}, {"FR", 27}, {"GB", 22}, {"GI", 23},
      {"GR", 27}, {"HR", 21}, {"HU", 28}, {"IE", 22}, {"IL", 23}, {"IS", 26},
      {"IT", 27}, {"LI", 21}, {"LT", 20}, {"LU", 20}, {"LV", 21}, {"MC", 27},
      {"MT", 31}, {"NL", 18}, {"NO", 15}, {"PL", 28}, {"PT", 25}, {"RO", 24},
      {"SA", 24}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"TR", 26},
      {"UA", 29}, {"AL", 28}, {"AZ", 28}, {"BA", 20}, {"BI", 27}, {"BY", 28},
      {"CR", 22}, {"DJ", 27}, {"DO", 28}, {"EG", 29}, {"FK", 18}, {"FO", 18},
      {"GE", 22}, {"GL", 18}, {"GT", 28}, {"IQ", 23}, {"JO", 30}, {"KW", 30},
      {"KZ", 20}, {"LB", 28}, {"LC", 32}, {"LY", 25}, {"MD", 24}, {"ME", 22},
      {"MK", 19}, {"MN", 20}, {"MR", 27}, {"MU", 30}, {"NI", 28}, {"OM", 23},
      {"PK", 24}, {"PS", 29}, {"QA", 29}, {"RS", 22}, {"RU", 33}, {"SC", 31},
      {"SD", 18}, {"SO", 23}, {"ST", 25}, {"SV", 28}, {"TL", 23}, {"TN", 24},
      {"VA", 22}, {"VG", 24}, {"XK", 20}, {"YE", 30}};
  std::string s;
  for (char c : iban) {
    if (c != ' ')
      s += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (s.size() < 15) return false;
  auto it = kLengths.find(std::string_view(s).substr(0, 2));
  if (it == kLengths.end() || it->second != s.size()) return false;
  // Move the first four characters to the end; letters count A=10 .. Z=35.
  std::string moved = s.substr(4) + s.substr(0, 4);
  int rem = 0;
  for (char c : moved) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      rem = (rem * 10 + (c - '0')) % 97;
    } else if (c >= 'A' && c <= 'Z') {
      rem = (rem * 100 + (c - 'A' + 10)) % 97;
    } else {
      return false;
    }
  }
  return rem == 1;
}

namespace {

// Runs the detectors of the enabled categories that have candidates at all.
// spans == nullptr: presence only (stops at each category's first find).
std::vector<size_t> Detect(std::string_view text,
                           const std::vector<std::string>& enabled,
                           const std::vector<std::string>& phone_regions,
                           std::vector<PiiSpan>* spans) {
  std::vector<int> hits;
  Candidates().set.Match(re2::StringPiece(text.data(), text.size()), &hits);
  std::vector<size_t> present;
  for (size_t i = 0; i < AllCategories().size(); ++i) {
    const std::string& category = AllCategories()[i];
    if (std::find(hits.begin(), hits.end(), static_cast<int>(i)) ==
            hits.end() ||
        std::find(enabled.begin(), enabled.end(), category) == enabled.end()) {
      continue;
    }
    Found found{spans, i};
    bool any = false;
    switch (i) {
      case 0:
        any = FindEmail(text, found);
        break;
      case 1:
        any = FindPhone(text, phone_regions, found);
        break;
      case 2:
        any = FindCard(text, found);
        break;
      case 3:
        any = FindIban(text, found);
        break;
      case 4:
        any = FindSsn(text, found);
        break;
      case 5:
        any = FindIp(text, found);
        break;
      case 6:
        any = FindSecret(text, found);
        break;
    }
    if (any) present.push_back(i);
  }
  return present;
}

}  // namespace

std::vector<std::string> FindPiiCategories(
    std::string_view text, const std::vector<std::string>& enabled,
    const std::vector<std::string>& phone_regions) {
  std::vector<std::string> found;
  for (size_t i : Detect(text, enabled, phone_regions, nullptr)) {
    found.push_back(AllCategories()[i]);
  }
  return found;
}

std::vector<PiiSpan> FindPii(std::string_view text,
                             const std::vector<std::string>& phone_regions) {
  std::vector<PiiSpan> spans;
  Detect(text, AllCategories(), phone_regions, &spans);
  std::sort(spans.begin(), spans.end(), [](const PiiSpan& a, const PiiSpan& b) {
    return a.begin < b.begin || (a.begin == b.begin && a.end > b.end);
  });
  return spans;
}

std::string_view PiiCategoryName(size_t category) {
  return AllCategories().at(category);
}

std::string RedactPii(std::string_view text,
                      const std::vector<std::string>& phone_regions,
                      const std::vector<std::string>& categories) {
  std::string out;
  out.reserve(text.size());
  size_t at = 0;
  for (const PiiSpan& span : FindPii(text, phone_regions)) {
    if (span.begin < at) continue;  // inside one already redacted
    if (!categories.empty() &&
        std::find(categories.begin(), categories.end(),
                  PiiCategoryName(span.category)) == categories.end()) {
      continue;
    }
    out.append(text.substr(at, span.begin - at));
    std::string tag(PiiCategoryName(span.category));
    for (char& c : tag) c = static_cast<char>(std::toupper(c));
    out += "[" + tag + "]";
    at = span.end;
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace micrometrics::metrics
