#include "metrics/evaluators/json_valid.h"

#include <simdjson.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

namespace micrometrics::metrics {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
    s.remove_prefix(1);
  }
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
    s.remove_suffix(1);
  }
  return s;
}

class JsonValidEvaluator final : public Evaluator {
 public:
  JsonValidEvaluator(bool strip_fence, std::unique_ptr<valijson::Schema> schema)
      : strip_fence_(strip_fence), schema_(std::move(schema)) {}

  Verdict Evaluate(const Event& event) const override {
    if (!event.output) return Verdict::Skipped("no output");
    std::string_view text =
        strip_fence_ ? StripCodeFence(*event.output) : Trim(*event.output);
    if (text.empty()) return Verdict::Fail("not JSON: empty reply");
    if (!schema_) {
      // Syntax only: simdjson's DOM parser validates the whole document.
      thread_local simdjson::dom::parser parser;
      simdjson::padded_string padded(text);
      simdjson::dom::element root;
      if (auto error = parser.parse(padded).get(root)) {
        return Verdict::Fail(std::string("not JSON: ") +
                             simdjson::error_message(error));
      }
      return Verdict::Pass();
    }
    nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
    if (doc.is_discarded()) return Verdict::Fail("not JSON");
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(doc);
    if (validator.validate(*schema_, target, &results)) return Verdict::Pass();
    // The first error is the innermost: it names the field. Descriptions
    // never quote values of the reply.
    valijson::ValidationResults::Error error;
    std::string where;
    std::string what = "does not match the schema";
    if (results.popError(error)) {
      for (const auto& part : error.context) where += part;
      what = error.description;
    }
    return Verdict::Fail("schema: " + (where.empty() ? "" : where + ": ") +
                         what);
  }

 private:
  bool strip_fence_;
  std::unique_ptr<valijson::Schema> schema_;
};

}  // namespace

std::string_view StripCodeFence(std::string_view text) {
  text = Trim(text);
  if (!text.starts_with("```")) return text;
  size_t newline = text.find('\n');
  if (newline == std::string_view::npos) return text;
  std::string_view body = text.substr(newline + 1);
  body = Trim(body);
  if (body.ends_with("```")) body.remove_suffix(3);
  return Trim(body);
}

std::unique_ptr<Evaluator> JsonValidEvaluatorFactory::Create(
    const Params& params) const {
  params.AllowOnly({"strip_fence", "schema_file"});
  std::unique_ptr<valijson::Schema> schema;
  std::string path = params.GetString("schema_file", "");
  if (!path.empty()) {
    std::ifstream in(path);
    if (!in) params.Fail("schema_file", "cannot read " + path);
    std::stringstream text;
    text << in.rdbuf();
    nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, false);
    if (doc.is_discarded()) params.Fail("schema_file", path + " is not JSON");
    schema = std::make_unique<valijson::Schema>();
    try {
      valijson::SchemaParser parser;
      valijson::adapters::NlohmannJsonAdapter adapter(doc);
      parser.populateSchema(adapter, *schema);
    } catch (const std::exception& e) {
      params.Fail("schema_file",
                  path + " is not a usable JSON Schema: " + e.what());
    }
  }
  return std::make_unique<JsonValidEvaluator>(
      params.GetBool("strip_fence", true), std::move(schema));
}

}  // namespace micrometrics::metrics
