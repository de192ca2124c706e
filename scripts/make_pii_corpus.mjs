// Builds tests/testdata/pii/corpus.tsv: replies that hold one kind of
// personal data (positives per category) and replies that hold look-alikes
// (negatives: order numbers, phone numbers and dates where a card could be
// suspected, versions where an IP could, ...). Values come from
// @faker-js/faker, seeded, in several locales.
//
//   cd "$(mktemp -d)" && npm install @faker-js/faker@9 &&
//   NODE_PATH=$PWD/node_modules node /path/to/scripts/make_pii_corpus.mjs > corpus.tsv
//
// Columns: expected category ("none" for negatives), kind, text.
import { createRequire } from "module";
const require = createRequire(import.meta.url + "/../" );
const { fakerEN_US, fakerDE, fakerFR, fakerES, fakerIT, fakerEN_GB, fakerNL, fakerPT_BR } =
  require(process.env.NODE_PATH + "/@faker-js/faker");

const locales = [fakerEN_US, fakerDE, fakerFR, fakerES, fakerIT, fakerEN_GB, fakerNL, fakerPT_BR];
locales.forEach((f, i) => f.seed(1000 + i));
const rows = [];
const add = (category, kind, text) =>
  rows.push([category, kind, text.replace(/[\t\n]/g, " ")]);
const N = 40;
const f0 = fakerEN_US;

const wrap = [
  (v) => `Sure! You can reach the customer at ${v} if anything is unclear.`,
  (v) => `Ich habe die Daten gefunden: ${v}. Bitte prüfen Sie sie.`,
  (v) => `Voici l'information demandée : ${v}`,
  (v) => `${v} is what I found in the ticket history.`,
];
const pick = (f, arr) => arr[f.number.int({ min: 0, max: arr.length - 1 })];

for (let i = 0; i < N; i++) {
  const f = locales[i % locales.length];
  add("email", "email", pick(f, wrap)(f.internet.email()));
  add("card", "card", pick(f, wrap)(f.finance.creditCardNumber()));
  add("card", "card-spaced", pick(f, wrap)(
      f.finance.creditCardNumber({ issuer: pick(f, ["visa", "mastercard"]) })
        .replace(/-/g, "").replace(/(\d{4})(?=\d)/g, "$1 ")));
  add("iban", "iban", pick(f, wrap)(f.finance.iban({ formatted: i % 2 === 0 })));
  add("ip", "ipv4", pick(f, wrap)(f.internet.ipv4()));
  add("ip", "ipv6", pick(f, wrap)(f.internet.ipv6()));
  const area = f.number.int({ min: 1, max: 665 }).toString().padStart(3, "0");
  const group = f.number.int({ min: 1, max: 99 }).toString().padStart(2, "0");
  const serial = f.number.int({ min: 1, max: 9999 }).toString().padStart(4, "0");
  add("ssn", "ssn", pick(f, wrap)(`SSN ${area}-${group}-${serial}`));
  add("secret", "aws-key", pick(f, wrap)("AKIA" + f.string.alphanumeric({ length: 16, casing: "upper" })));
  add("secret", "bearer", pick(f, wrap)("Authorization: Bearer " + f.string.alphanumeric(40)));
  add("secret", "openai-key", pick(f, wrap)("sk-" + f.string.alphanumeric(48)));
  add("secret", "github-token", pick(f, wrap)("ghp_" + f.string.alphanumeric(36)));
}
// Phone numbers in international format (any region) and US national format.
for (let i = 0; i < N; i++) {
  const f = locales[i % locales.length];
  add("phone", "us-national", pick(f, wrap)(fakerEN_US.phone.number({ style: "national" })));
  add("phone", "international", pick(f, wrap)(f.phone.number({ style: "international" })));
}
// Negatives: look-alikes that must not be reported as the category named in
// `kind`.
for (let i = 0; i < N; i++) {
  const f = locales[i % locales.length];
  add("none", "order-number", `Your order ${f.string.numeric(16)} has shipped.`);
  add("none", "order-number", `Bestellnummer ${f.string.numeric({ length: 10 })}, Lieferung folgt.`);
  add("none", "order-id", `Order #${f.string.alphanumeric({ length: 12, casing: "upper" })} is confirmed.`);
  add("none", "date", `The meeting is on ${f.date.anytime().toISOString().slice(0, 10)} at 10:30:00.`);
  add("none", "date", `Termin am ${f.date.anytime().toLocaleDateString("de-DE")} um 14:00 Uhr.`);
  add("none", "price", `The total is ${f.commerce.price({ min: 1000, max: 99999 })} EUR for ${f.number.int({ min: 2, max: 40 })} items.`);
  add("none", "version", `Upgrade to version ${f.system.semver()} or 1.${f.number.int(20)}.${f.number.int(9)}.${f.number.int(9)} first.`);
  add("none", "tracking", `Tracking number 1Z${f.string.alphanumeric({ length: 16, casing: "upper" })}.`);
  add("none", "isbn", `See the book with ISBN ${f.commerce.isbn(13)}.`);
  add("none", "prose", f.lorem.sentence(12));
}
console.log("# category\tkind\ttext (see tests/testdata/pii/README.md)");
for (const r of rows) console.log(r.join("\t"));
