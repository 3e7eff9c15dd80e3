// Small text helpers the renderers share. Internal to chibo_minutes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chibo::minutes::text {

// `s` made printable: each byte that does not start well-formed UTF-8 becomes
// U+FFFD and each control character (tab, CR, the C0 and DEL range) a space.
// XML 1.0 forbids most C0 characters (a DOCX holding one does not open) and
// pango warns on bad UTF-8, so every renderer passes text through this.
// '\n' is kept: callers split on it first.
std::string printable(std::string_view s);

// The lines of `s` split on '\n' (an empty string is one empty line), each
// made printable. DOMAIN/PROTOCOL: each line of a block is its own paragraph.
std::vector<std::string> lines(std::string_view s);

// Escapes & < > " ' for XML/HTML text and attribute values.
std::string xml_escape(std::string_view s);

// RFC 4648 base64, standard alphabet, padded.
std::string base64_encode(std::string_view bytes);
// Accepts what base64_encode writes (and ignores ASCII whitespace); nullopt on
// any other character or a bad length.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace chibo::minutes::text
