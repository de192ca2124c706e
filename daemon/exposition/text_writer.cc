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

TextWriter::TextWriter(Sink sink, size_t chunk_bytes, bool openmetrics)
    : sink_(std::move(sink)),
      openmetrics_(openmetrics),
      chunk_bytes_(chunk_bytes) {
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
  // OpenMetrics names a counter family without the _total of its samples.
  if (openmetrics_ && type == "counter" && name.ends_with("_total")) {
    name.remove_suffix(6);
  }
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
                      std::span<const Label> b, const double* le, V value,
                      const Exemplar* exemplar) {
  Head(name, a, b, le);
  AppendValue(buffer_, value);
  if (exemplar && openmetrics_) {
    buffer_ += " # {trace_id=\"";
    buffer_ += exemplar->trace.TraceHex();
    buffer_ += "\",span_id=\"";
    buffer_ += exemplar->trace.SpanHex();
    buffer_ += "\"} ";
    AppendValue(buffer_, exemplar->value);
    buffer_ += ' ';
    AppendValue(buffer_, static_cast<double>(exemplar->ms) / 1000);
  }
  buffer_ += '\n';
  MaybeFlush();
}

void TextWriter::Sample(std::string_view name, std::span<const Label> a,
                        std::span<const Label> b, double value) {
  Line(name, a, b, nullptr, value);
}

void TextWriter::Sample(std::string_view name, std::span<const Label> a,
                        std::span<const Label> b, uint64_t value,
                        const Exemplar* exemplar) {
  Line(name, a, b, nullptr, value, exemplar);
}

void TextWriter::Bucket(std::string_view name, std::span<const Label> a,
                        std::span<const Label> b, double le,
                        uint64_t cumulative, const Exemplar* exemplar) {
  Line(name, a, b, &le, cumulative, exemplar);
}

void TextWriter::Raw(std::string_view text) {
  if (!openmetrics_) {
    buffer_ += text;
    MaybeFlush();
    return;
  }
  // prometheus-cpp's text: counter families lose the _total of their HELP
  // and TYPE lines, as OpenMetrics names them.
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    end = end == std::string_view::npos ? text.size() : end + 1;
    std::string_view line = text.substr(start, end - start);
    start = end;
    if (line.starts_with("# HELP ") || line.starts_with("# TYPE ")) {
      const size_t name_end = line.find(' ', 7);
      std::string_view name = line.substr(7, name_end - 7);
      if (name.ends_with("_total") && name_end != std::string_view::npos) {
        // Only counters end in _total here (the series names say so).
        buffer_ += line.substr(0, name_end - 6);
        buffer_ += line.substr(name_end);
        continue;
      }
    }
    buffer_ += line;
  }
  MaybeFlush();
}

void TextWriter::End() {
  if (openmetrics_) buffer_ += "# EOF\n";
  Flush();
}

}  // namespace micrometrics::daemon
