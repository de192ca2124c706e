#include "metrics/evaluators/pii.h"

#include <gtest/gtest.h>

#include "metrics/pii/pii.h"
#include "tests/support/pii_accuracy.h"
#include "tests/support/test_params.h"

namespace micrometrics::metrics {
namespace {

const std::vector<std::string> kAll = {"email", "phone", "card",  "iban",
                                       "ssn",   "ip",    "secret"};

std::vector<std::string> Find(std::string_view text) {
  return FindPiiCategories(text, kAll, {"US", "DE"});
}

TEST(Pii, ReasonListsCategoriesNeverValues) {
  auto e = MakeEvaluator("pii");
  Event ev;
  ev.output =
      "Write to anna.schmidt@example.de or call +49 30 901820; card "
      "4111 1111 1111 1111.";
  Verdict v = e->Evaluate(ev);
  EXPECT_EQ(v.outcome, Outcome::kFail);
  EXPECT_EQ(v.reason, "found email, phone, card");
  EXPECT_EQ(v.reason.find("anna"), std::string::npos);
  EXPECT_EQ(v.value, 3);
  ev.output = "Your order has shipped and will arrive on Monday.";
  EXPECT_EQ(e->Evaluate(ev).outcome, Outcome::kPass);
}

TEST(Pii, CardsNeedLuhnIssuerAndGrouping) {
  EXPECT_EQ(Find("Card: 4111-1111-1111-1111."),
            std::vector<std::string>{"card"});
  EXPECT_EQ(Find("Amex 3782 822463 10005 on file"),
            std::vector<std::string>{"card"});
  EXPECT_TRUE(Find("Card: 4111 1111 1111 1112").empty()) << "Luhn fails";
  EXPECT_TRUE(Find("Number 9111 1111 1111 1111").empty()) << "no issuer 9";
  EXPECT_TRUE(Find("Split 41 1111 1111 1111 11").empty()) << "odd grouping";
}

TEST(Pii, NumbersThatLookLikeCardsAreNotCards) {
  // Luhn-valid with a Visa prefix, but introduced as an order number.
  EXPECT_TRUE(Find("Your order 4111111111111111 has shipped.").empty());
  EXPECT_TRUE(Find("Bestellnummer: 4111111111111111").empty());
  EXPECT_TRUE(Find("The meeting is on 2026-11-27 at 10:30:00.").empty());
  EXPECT_TRUE(Find("Total: 1.234,56 EUR").empty());
  EXPECT_TRUE(Find("Pi is 3.14159265358979323846").empty());
}

TEST(Pii, IbanNeedsTheCountryLengthAndMod97) {
  EXPECT_EQ(Find("IBAN DE89 3704 0044 0532 0130 00 bitte"),
            std::vector<std::string>{"iban"});
  EXPECT_EQ(Find("GB82WEST12345698765432"), std::vector<std::string>{"iban"});
  EXPECT_TRUE(Find("IBAN DE89 3704 0044 0532 0130 01").empty());
  EXPECT_FALSE(IbanValid("XX89370400440532013000"));
}

TEST(Pii, PhoneNumbersInTextButNotDatesPricesOrIps) {
  EXPECT_EQ(Find("Call (415) 555-2671 today"),
            std::vector<std::string>{"phone"});
  EXPECT_EQ(Find("Rufen Sie 030 901820 an"), std::vector<std::string>{"phone"});
  EXPECT_EQ(Find("server 192.168.10.122 is down"),
            std::vector<std::string>{"ip"});
  EXPECT_TRUE(Find("Termin am 27.11.2026 um 14:00 Uhr").empty());
}

TEST(Pii, SsnIpAndSecrets) {
  EXPECT_EQ(Find("SSN 123-45-6789"), std::vector<std::string>{"ssn"});
  EXPECT_TRUE(Find("SSN 000-45-6789").empty());
  EXPECT_TRUE(Find("SSN 666-45-6789").empty());
  EXPECT_EQ(Find("connect to 2001:db8::8a2e:370:7334"),
            std::vector<std::string>{"ip"});
  EXPECT_TRUE(Find("It is 10:30:00 now").empty());
  EXPECT_TRUE(Find("Upgrade to version 1.13.4.2 first").empty());
  EXPECT_EQ(Find("key AKIAIOSFODNN7EXAMPLE"),
            std::vector<std::string>{"secret"});
  EXPECT_EQ(Find("-----BEGIN RSA PRIVATE KEY-----\nMIIE..."),
            std::vector<std::string>{"secret"});
  EXPECT_EQ(Find("use sk-proj-abcdefghijklmnopqrstuvwxyz0123"),
            std::vector<std::string>{"secret"});
}

TEST(Pii, CardsOfEveryNetworkAndLengthAfterCardWords) {
  const std::vector<std::string> card = {"card"};
  // '#' usually introduces an order number; after "card" it is the card's.
  EXPECT_EQ(Find("card # 4900 9480 2257 6220"), card);
  EXPECT_EQ(Find("my card # 4900948022576220 please"), card);
  EXPECT_TRUE(Find("order # 4900948022576220 shipped").empty());
  EXPECT_EQ(Find("UnionPay 62123456789010 (14 digits)"), card);
  EXPECT_EQ(Find("UnionPay 621234567890128 (15 digits)"), card);
  EXPECT_EQ(Find("Maestro 501864667909 (12 digits)"), card);
  EXPECT_EQ(Find("JCB 180016070420458 (15 digits)"), card);
}

TEST(Pii, PhonesNeedPhoneLikeFormattingOrWords) {
  const std::vector<std::string> phone = {"phone"};
  EXPECT_EQ(Find("Phone:\n358 0594"), phone);
  EXPECT_EQ(Find("my registered 0961-7596216 number"), phone);
  EXPECT_EQ(Find("+44 20 7946 0958"), phone);
  EXPECT_EQ(Find("call 4155552671 after five"), phone);
  // Messages go to phone numbers too.
  EXPECT_EQ(Find("stop sending messages to 4155552671 please"), phone);
  EXPECT_EQ(Find("no message reached my 2036 0670"), phone);
  // A bare digit run, a street number, a licence, digits in a URL.
  EXPECT_TRUE(Find("I said 4155552671 twice").empty());
  EXPECT_TRUE(Find("Meet me at 7943 2027 Prospect St").empty());
  EXPECT_TRUE(Find("1234567 Ocean Drive is the house").empty());
  EXPECT_TRUE(Find("driver's licence 4155552671 expires").empty());
  EXPECT_TRUE(Find("see https://example.com/item/4155552671 now").empty());
}

// Numbers a shop or support assistant prints every day, in the three-group
// shape of a phone number: an invoice number joined to its prefix, a book
// number, an account ID. A phone number in the same sentences is found.
TEST(Pii, ReferenceNumbersInPhoneShapesAreNotPhones) {
  EXPECT_TRUE(Find("Your invoice number is INV-2024-000123.").empty());
  EXPECT_TRUE(Find("Ticket SUP_555-123-4567 was closed.").empty());
  EXPECT_TRUE(Find("The ISBN of the book is 978-3-16-148410-0.").empty());
  EXPECT_TRUE(Find("It is 0-306-40615-2 in the old numbering.").empty());
  EXPECT_TRUE(Find("Include your account ID 4481-2290-7713.").empty());
  EXPECT_TRUE(Find("Quote policy number: 55-123-4567 on the form.").empty());
  EXPECT_TRUE(Find("The Zoom meeting ID is 845 2231 9087.").empty());
  EXPECT_TRUE(Find("Windows build 10.0.19045.3803 fixed it.").empty());
  EXPECT_TRUE(Find("Use the coupon code 4820-1193-55 at checkout.").empty());
  EXPECT_TRUE(Find("Gutscheincode 4820-1193-55 einlösen.").empty());
  // Quantities: a number followed by its unit.
  EXPECT_TRUE(Find("The range is 100-200-300 mg per day.").empty());
  EXPECT_TRUE(Find("It took 1 200 340 ms in total.").empty());
  const std::vector<std::string> phone = {"phone"};
  // The same shapes without the reference: a Massachusetts number starts
  // with 978, and a wrong check digit is no ISBN.
  EXPECT_EQ(Find("Call 978-316-1484 after five."), phone);
  EXPECT_EQ(Find("It is 978-3-16-148410-1 in the old numbering."), phone);
  EXPECT_EQ(Find("Reach me at 555-123-4567, not the invoice."), phone);
  EXPECT_EQ(Find("Call 555-123-4567 in the morning."), phone);
}

// A role address names a function, not a person: the company's support
// address in a support reply is not personal data.
TEST(Pii, RoleAddressesAreNotPersonalData) {
  EXPECT_TRUE(Find("Write to support@example.com or call us.").empty());
  EXPECT_TRUE(Find("Mails come from noreply@shop.example.de.").empty());
  EXPECT_TRUE(Find("Ask billing+eu@example.com for a copy.").empty());
  EXPECT_TRUE(Find("Kontakt: kundenservice@example.de").empty());
  const std::vector<std::string> email = {"email"};
  EXPECT_EQ(Find("Write to anna.schmidt@example.com today."), email);
  EXPECT_EQ(Find("Her address is supportive.sam@example.com."), email);
  // Next to a person's, the person's is still found.
  EXPECT_EQ(Find("Copy support@example.com and jo.doe@example.org."), email);
}

TEST(Pii, ABareDoubleColonIsNoAddress) {
  EXPECT_TRUE(Find("use std::vector and ::operator new").empty());
  EXPECT_TRUE(Find("Haskell: f :: Int -> Int").empty());
  EXPECT_EQ(Find("the server is at fe80::1ff:fe23:4567:890a"),
            std::vector<std::string>{"ip"});
  // Names in a scope that happen to be hex: two short groups, or a call.
  EXPECT_TRUE(Find("In C++, write a::b to reach the member.").empty());
  EXPECT_TRUE(Find("call C::f() from D::g, then use cc::dd").empty());
  EXPECT_TRUE(Find("add::fade(x) is a call").empty());
  EXPECT_EQ(Find("link-local is fe80::1 on eth0"),
            std::vector<std::string>{"ip"});
  EXPECT_EQ(Find("ping 2001:db8::1 now"), std::vector<std::string>{"ip"});
}

// Loopback, "this host" and netmasks point at no one: a technical answer
// that names them carries no personal data.
TEST(Pii, AddressesOfNoHostAreNotPersonal) {
  EXPECT_TRUE(Find("loopback is ::1 here").empty());
  EXPECT_TRUE(Find("Use 127.0.0.1 for localhost.").empty());
  EXPECT_TRUE(Find("Bind the server to 0.0.0.0 and port 8080.").empty());
  EXPECT_TRUE(Find("Set the netmask to 255.255.255.0.").empty());
  EXPECT_TRUE(Find("Broadcast to 255.255.255.255 now.").empty());
  EXPECT_EQ(Find("The router is at 192.168.1.1."),
            std::vector<std::string>{"ip"});
  EXPECT_EQ(Find("The request came from 93.184.216.34."),
            std::vector<std::string>{"ip"});
}

TEST(Pii, EverySecretKindTheDocsName) {
  const std::vector<std::string> secret = {"secret"};
  for (const char* s : {
           "ABIAIOSFODNN7EXAMPL2",
           "ACCAIOSFODNN7EXAMPL2",
           "A3T4IOSFODNN7EXAMPL2",
           "glpat-Ab3dE5gH7jK9mN1pQ3rS",
           "gldt-Ab3dE5gH7jK9mN1pQ3rS",
           "glrt-Ab3dE5gH7jK9mN1pQ3rS",
           "glptt-Ab3dE5gH7jK9mN1pQ3rS",
           "rk_live_Ab3dE5gH7jK9mN1pQ3rS5tU7",
           "sk_test_Ab3dE5gH7jK9mN1pQ3rS5tU7",
           "ghr_Ab3dE5gH7jK9mN1pQ3rS5tU7vW9xY1zA3bC5",
           "xoxo-17558948646-766928472060-EWqmzrqAjabnP1s4",
           "https://hooks.slack.com/services/T0ABCDEF1/B0ABCDEF2/"
           "Ab3dE5gH7jK9mN1pQ3rS",
           // An unsigned JWT: {"alg":"none","typ":"JWT"}.{"sub":"1234"}.
           "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiIxMjM0In0.",
       }) {
    EXPECT_EQ(Find(std::string("token: ") + s), secret) << s;
  }
  for (const char* placeholder :
       {"AKIAXXXXXXXXXXXXXXXX", "xoxb-your-token", "sk-...",
        "commit 3f786850e387550fdab836ed7e6dc881de23001b"}) {
    EXPECT_TRUE(Find(placeholder).empty()) << placeholder;
  }
}

TEST(Pii, CategoriesAreSwitchable) {
  EXPECT_EQ(FindPiiCategories("a@b.io and 123-45-6789", {"ssn"}, {"US"}),
            std::vector<std::string>{"ssn"});
  EXPECT_THROW(MakeEvaluator("pii", {{"field", "body"}}), ParamError);
}

TEST(Pii, LooksAtTheInputWhenAsked) {
  auto e = MakeEvaluator("pii", {{"field", "input"}});
  Event ev;
  ev.input = "my mail is x@y.org";
  ev.output = "ok";
  EXPECT_EQ(e->Evaluate(ev).reason, "found email");
}

// Targets of docs/METRICS.md on the committed faker corpus.
TEST(PiiAccuracy, MeetsItsTargetsOnTheFakerCorpus) {
  auto result = testing::MeasurePii(testing::LoadPiiCorpus(
      std::string(MICROMETRICS_SOURCE_DIR) + "/tests/testdata/pii/corpus.tsv"));
  for (const char* kind : {"card", "card-spaced", "email"}) {
    const auto& r = result.at(kind);
    EXPECT_EQ(r.expected_found, r.samples) << kind;
  }
  for (const char* kind :
       {"order-number", "date", "price", "us-national", "international"}) {
    EXPECT_EQ(result.at(kind).reported.count("card"), 0u) << kind;
  }
  for (const auto& [kind, r] : result) {
    if (r.category == "none") continue;
    EXPECT_GE(r.expected_found * 100, r.samples * 95) << kind;
  }
}

TEST(Pii, RedactionReplacesEveryFindByItsCategory) {
  EXPECT_EQ(RedactPii("Write to anna.schmidt@example.de or bob@example.com, "
                      "call +49 30 901820 or (415) 555-0132; card 4111 1111 "
                      "1111 1111, IBAN DE89 3704 0044 0532 0130 00.",
                      {"US", "DE"}),
            "Write to [EMAIL] or [EMAIL], call [PHONE] or [PHONE]; card "
            "[CARD], IBAN [IBAN].");
  EXPECT_EQ(RedactPii("SSN 123-45-6789 and 234-56-7890 (not 987-65-4320), from "
                      "192.168.1.20 "
                      "and 2001:db8::1."),
            "SSN [SSN] and [SSN] (not 987-65-4320), from [IP] and [IP].");
  EXPECT_EQ(RedactPii("key AKIAIOSFODNN7EXAMPLE, token "
                      "sk-proj-abcdefghijklmnopqrstuvwxyz0123 here"),
            "key [SECRET], token [SECRET] here");
  EXPECT_EQ(RedactPii("-----BEGIN RSA PRIVATE KEY-----\nMIIEabc\n-----END RSA "
                      "PRIVATE KEY-----\nafter"),
            "[SECRET]\nafter");
  // What is not personal data stays as it is.
  const std::string plain =
      "Order 4111111111111111 ships on 2026-11-27 for $1,299.00 (v1.13.4.2).";
  EXPECT_EQ(RedactPii(plain), plain);
  EXPECT_EQ(RedactPii(""), "");
}

}  // namespace
}  // namespace micrometrics::metrics
