// Reading a signed record back out of an exported file, for `chibo verify`
// (PROTOCOL.md "The record": DOCX part chibo/record.json, PDF Keywords
// "chibo-record:<base64>", or the .json record itself).
#include "minutes/render.hpp"
#include "minutes/text_util.hpp"
#include "minutes/zip_io.hpp"

#include <boost/json/parse.hpp>

namespace chibo::minutes {

namespace {

// Far above any real minutes; stops a zip bomb from filling memory.
constexpr std::size_t kMaxPartSize = 64u << 20;

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// cairo writes the Info dictionary uncompressed, the keyword as a literal
// string of base64 characters, none of which PDF escapes: the base64 runs
// from the prefix to the closing parenthesis. A backslash-newline (a line
// continuation another writer might add) is skipped.
std::optional<std::string> from_pdf(std::string_view pdf) {
  constexpr std::string_view kKey = "/Keywords (chibo-record:";
  const std::size_t at = pdf.rfind(kKey);
  if (at == std::string_view::npos) return std::nullopt;
  std::string b64;
  for (std::size_t i = at + kKey.size(); i < pdf.size(); ++i) {
    const char c = pdf[i];
    if (c == ')') return text::base64_decode(b64);
    if (c == '\\' && i + 1 < pdf.size() && (pdf[i + 1] == '\n' || pdf[i + 1] == '\r')) {
      ++i;
      if (pdf[i] == '\r' && i + 1 < pdf.size() && pdf[i + 1] == '\n') ++i;
      continue;
    }
    b64 += c;  // anything not base64 makes base64_decode fail
  }
  return std::nullopt;  // no closing parenthesis: truncated file
}

std::optional<std::string> from_json(std::string_view bytes) {
  boost::system::error_code ec;
  const boost::json::value v = boost::json::parse(bytes, ec);
  if (ec || !v.is_object() || !v.as_object().contains("chibo_record")) return std::nullopt;
  return std::string(bytes);
}

}  // namespace

std::optional<std::string> docx_part(std::string_view docx_bytes, const std::string& name) {
  return zip::read(docx_bytes, name, kMaxPartSize);
}

std::optional<std::string> extract_record(std::string_view bytes) {
  if (starts_with(bytes, "PK\x03\x04")) return docx_part(bytes, "chibo/record.json");
  if (starts_with(bytes, "%PDF-")) return from_pdf(bytes);
  return from_json(bytes);
}

}  // namespace chibo::minutes
