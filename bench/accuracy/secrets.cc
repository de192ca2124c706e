#include "bench/accuracy/secrets.h"

#include <functional>
#include <random>

namespace micrometrics::accuracy {
namespace {

constexpr std::string_view kUpperDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kAlnum =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kHex = "0123456789abcdef";
constexpr std::string_view kBase64Url =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

class Maker {
 public:
  explicit Maker(uint32_t seed) : rng_(seed) {}
  std::string Pick(std::string_view alphabet, size_t n) {
    std::uniform_int_distribution<size_t> d(0, alphabet.size() - 1);
    std::string s;
    for (size_t i = 0; i < n; ++i) s += alphabet[d(rng_)];
    return s;
  }
  std::string Digits(size_t n) { return Pick("0123456789", n); }
  template <typename T>
  const T& OneOf(const std::vector<T>& v) {
    std::uniform_int_distribution<size_t> d(0, v.size() - 1);
    return v[d(rng_)];
  }
  std::string Base64UrlJson(const std::string& json) {
    static constexpr std::string_view k = kBase64Url;
    std::string out;
    uint32_t buf = 0;
    int bits = 0;
    for (unsigned char c : json) {
      buf = (buf << 8) | c;
      bits += 8;
      while (bits >= 6) {
        out += k[(buf >> (bits - 6)) & 63];
        bits -= 6;
      }
    }
    if (bits > 0) out += k[(buf << (6 - bits)) & 63];
    return out;
  }

 private:
  std::mt19937 rng_;
};

// Sentences a model might put a value in.
const std::vector<std::string>& Frames() {
  static const std::vector<std::string> frames = {
      "Here is the config you asked for: {}",
      "Set the environment variable like this: export TOKEN={}",
      "The key `{}` should be rotated now.",
      "I found this in the log: {} (line 42).",
      "Klar, hier ist der Wert: {}. Bitte sicher aufbewahren.",
  };
  return frames;
}

std::string InFrame(Maker& m, const std::string& value) {
  std::string f = m.OneOf(Frames());
  return f.replace(f.find("{}"), 2, value);
}

}  // namespace

std::vector<SecretSample> MakeSecretSamples(int per_kind, uint32_t seed) {
  Maker m(seed);
  using Make = std::function<std::string()>;
  // Formats as the vendors document them (prefix, alphabet, length).
  const std::vector<std::pair<std::string, Make>> secrets = {
      {"aws-access-key (AKIA/ASIA/ABIA/ACCA)",
       [&] {
         return m.OneOf<std::string>({"AKIA", "ASIA", "ABIA", "ACCA"}) +
                m.Pick(kUpperDigits, 16);
       }},
      {"aws-access-key (A3T)",
       [&] { return "A3T" + m.Pick(kUpperDigits, 17); }},
      {"private-key",
       [&] {
         return "-----BEGIN " +
                m.OneOf<std::string>({"RSA ", "EC ", "OPENSSH ", ""}) +
                "PRIVATE KEY-----\n" + m.Pick(kAlnum, 64) + "\n" +
                m.Pick(kAlnum, 40) + "==\n-----END PRIVATE KEY-----";
       }},
      {"bearer-token",
       [&] { return "Authorization: Bearer " + m.Pick(kAlnum, 40); }},
      {"openai-key",
       [&] {
         return m.OneOf<std::string>({"sk-", "sk-proj-", "sk-svcacct-"}) +
                m.Pick(kBase64Url, 48);
       }},
      {"stripe-secret (sk_live_/rk_live_/sk_test_)",
       [&] {
         return m.OneOf<std::string>(
                    {"sk_live_", "rk_live_", "sk_test_", "rk_test_"}) +
                m.Pick(kAlnum, 24 + m.Digits(1)[0] % 76);
       }},
      {"github-token (ghp_/gho_/ghu_/ghs_/ghr_)",
       [&] {
         return m.OneOf<std::string>({"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}) +
                m.Pick(kAlnum, 36);
       }},
      {"github-fine-grained (github_pat_)",
       [&] {
         return "github_pat_" + m.Pick(kAlnum, 22) + "_" + m.Pick(kAlnum, 59);
       }},
      {"slack-token (xoxb/xoxp/xoxa/xoxr/xoxs/xoxo/xoxe)",
       [&] {
         return m.OneOf<std::string>({"xoxb-", "xoxp-", "xoxa-", "xoxr-",
                                      "xoxs-", "xoxo-", "xoxe-"}) +
                m.Digits(11) + "-" + m.Digits(12) + "-" + m.Pick(kAlnum, 24);
       }},
      {"slack-webhook",
       [&] {
         return "https://hooks.slack.com/services/T" +
                m.Pick(kUpperDigits, 10) + "/B" + m.Pick(kUpperDigits, 10) +
                "/" + m.Pick(kAlnum, 24);
       }},
      {"google-api-key", [&] { return "AIza" + m.Pick(kBase64Url, 35); }},
      {"gitlab-token (glpat/gldt/glrt/glptt/glcbt/glft/glsoat/gloas)",
       [&] {
         return m.OneOf<std::string>({"glpat-", "gldt-", "glrt-", "glptt-",
                                      "glcbt-", "glft-", "glsoat-", "gloas-"}) +
                m.Pick(kBase64Url, 20);
       }},
      {"jwt (signed)",
       [&] {
         return m.Base64UrlJson(R"({"alg":"HS256","typ":"JWT"})") + "." +
                m.Base64UrlJson(R"({"sub":")" + m.Digits(10) +
                                R"(","name":"x","iat":)" + m.Digits(10) + "}") +
                "." + m.Pick(kBase64Url, 43);
       }},
      {"jwt (unsigned, alg none)",
       [&] {
         return m.Base64UrlJson(R"({"alg":"none","typ":"JWT"})") + "." +
                m.Base64UrlJson(R"({"sub":")" + m.Digits(8) + R"("})") + ".";
       }},
  };
  // Strings a careful reader would not call a secret.
  const std::vector<std::pair<std::string, Make>> look_alikes = {
      {"git sha", [&] { return "commit " + m.Pick(kHex, 40); }},
      {"uuid",
       [&] {
         return m.Pick(kHex, 8) + "-" + m.Pick(kHex, 4) + "-4" +
                m.Pick(kHex, 3) + "-a" + m.Pick(kHex, 3) + "-" +
                m.Pick(kHex, 12);
       }},
      {"sha256 digest", [&] { return "sha256:" + m.Pick(kHex, 64); }},
      {"ticket id with a key-like prefix",
       [&] {
         return m.OneOf<std::string>(
                    {"AKIA-", "ASIA-", "sk-", "gh-", "xoxo "}) +
                m.Digits(5);
       }},
      {"words with key-like prefixes",
       [&] {
         return m.OneOf<std::string>(
             {"use sk-learn for the pipeline", "the task-sk-force met",
              "love you, xoxo-Jenny", "the bearer of this letter",
              "ask-me-anything threads", "AKIAN is a rare surname",
              "a glpat-style name is fine", "the eyJ prefix marks base64 JSON",
              "the bearer bond matures in " + m.Digits(4)});
       }},
      {"base64 blob",
       [&] { return "data:image/png;base64,iVBOR" + m.Pick(kAlnum, 60); }},
      {"base64 json (not a token)",
       [&] {
         return m.Base64UrlJson(R"({"page":)" + m.Digits(3) + R"(,"cursor":")" +
                                m.Digits(6) + R"("})");
       }},
      {"placeholder key",
       [&] {
         return m.OneOf<std::string>(
             {"sk-...", "sk-YOUR_KEY_HERE", "AKIAXXXXXXXXXXXXXXXX", "ghp_xxx",
              "Bearer <token>", "Bearer $TOKEN", "xoxb-your-token",
              "sk_live_...", "AIza...",
              "https://hooks.slack.com/services/..."});
       }},
      {"random identifier", [&] { return "request id " + m.Pick(kAlnum, 32); }},
  };
  std::vector<SecretSample> out;
  for (int i = 0; i < per_kind; ++i) {
    for (const auto& [kind, make] : secrets) {
      out.push_back({kind, true, InFrame(m, make())});
    }
    for (const auto& [kind, make] : look_alikes) {
      out.push_back({"look-alike: " + kind, false, InFrame(m, make())});
    }
  }
  return out;
}

}  // namespace micrometrics::accuracy
