#include "daemon/exposition/text_writer.h"

#include <charconv>
#include <cmath>

namespace micrometrics::daemon {
namespace {

void AppendEscaped(std::string& out, std::string_view s, bool quote) {
  for (char c : s) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

void AppendValue(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "NaN";
  } else if (std::isinf(v)) {
    out += v < 0 ? "-Inf" : "+Inf";
  } else {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
  }
}

void AppendValue(std::string& out, uint64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

}  // namespace

TextWriter::TextWriter(Sink sink, size_t chunk_bytes)
    : sink_(std::move(sink)), chunk_bytes_(chunk_bytes) {
  buffer_.reserve(chunk_bytes_ + 4096);
}

TextWriter::~TextWriter() { Flush(); }

void TextWriter::Flush() {
  if (buffer_.empty()) return;
  sink_(buffer_);
  buffer_.clear();
}

void TextWriter::MaybeFlush() {
  if (buffer_.size() >= chunk_bytes_) Flush();
}

void TextWriter::Family(std::string_view name, std::string_view help,
                        std::string_view type) {
  buffer_ += "# HELP ";
  buffer_ += name;
  buffer_ += ' ';
  AppendEscaped(buffer_, help, false);
  buffer_ += "\n# TYPE ";
  buffer_ += name;
  buffer_ += ' ';
  buffer_ += type;
  buffer_ += '\n';
}

void TextWriter::Head(std::string_view name, std::span<const Label> a,
                      std::span<const Label> b, const double* le) {
  buffer_ += name;
  if (!a.empty() || !b.empty() || le) {
    buffer_ += '{';
    bool first = true;
    auto label = [&](const Label& l) {
      if (!first) buffer_ += ',';
      first = false;
      buffer_ += l.name;
      buffer_ += "=\"";
      AppendEscaped(buffer_, l.value, true);
      buffer_ += '"';
    };
    size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
      if (j == b.size() || (i < a.size() && a[i].name < b[j].name)) {
        label(a[i++]);
      } else {
        label(b[j++]);
      }
    }
    if (le) {
      if (!first) buffer_ += ',';
      buffer_ += "le=\"";
      AppendValue(buffer_, *le);
      buffer_ += '"';
    }
    buffer_ += '}';
  }
  buffer_ += ' ';
}

template <typename V>
void TextWriter::Line(std::string_view name, std::span<const Label> a,
                      std::span<const Label> b, const double* le, V value) {
  Head(name, a, b, le);
  AppendValue(buffer_, value);
  buffer_ += '\n';
  MaybeFlush();
}

void TextWriter::Sample(std::string_view name, std::span<const Label> a,
                        std::span<const Label> b, double value) {
  Line(name, a, b, nullptr, value);
}

void TextWriter::Sample(std::string_view name, std::span<const Label> a,
                        std::span<const Label> b, uint64_t value) {
  Line(name, a, b, nullptr, value);
}

void TextWriter::Bucket(std::string_view name, std::span<const Label> a,
                        std::span<const Label> b, double le,
                        uint64_t cumulative) {
  Line(name, a, b, &le, cumulative);
}

void TextWriter::Raw(std::string_view text) {
  buffer_ += text;
  MaybeFlush();
}

}  // namespace micrometrics::daemon
