// UTF-8 text helpers for the domain layer: validation, counting, trimming and
// the diacritic-insensitive folding used to match what people type in
// spreadsheets ("Họ và tên", "HO VA TEN", "họ_và_tên"). Pure, no locale.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace chibo::domain::text {

// Offset of the first byte that does not start a well-formed UTF-8 sequence
// (Unicode table 3-7: no overlongs, no surrogates, nothing above U+10FFFF,
// no truncated sequence), or npos when all of `s` is valid.
std::size_t find_invalid_utf8(std::string_view s);
inline bool is_valid_utf8(std::string_view s) {
  return find_invalid_utf8(s) == std::string_view::npos;
}

// Decodes the code point starting at s[i] and advances i past it.
// REQUIRES: s is valid UTF-8 and i < s.size().
char32_t next_code_point(std::string_view s, std::size_t& i);
// Appends `cp` to `out` as UTF-8. REQUIRES: cp is a Unicode scalar value.
void append_utf8(std::string& out, char32_t cp);

// Number of code points in valid UTF-8 (PROTOCOL.md counts text that way).
std::size_t count_code_points(std::string_view s);

// The longest prefix of `s` of at most `max_bytes` bytes that does not cut a
// UTF-8 sequence in half.
std::string_view truncate_utf8(std::string_view s, std::size_t max_bytes);

// `s` without leading and trailing spaces, tabs, CR, LF and U+00A0 (the
// no-break space spreadsheets like to leave in cells).
std::string_view trim(std::string_view s);

// Trimmed, with every inner run of those blanks replaced by one ASCII space.
// Other bytes are kept exactly (no Unicode normalisation).
std::string collapse_spaces(std::string_view s);

// Key for loose comparison: lower case, Vietnamese letters reduced to their
// ASCII base (đ->d, ư->u, ơ->o, ă/â->a, ê->e, ô->o, tones dropped), combining
// marks U+0300..U+036F dropped (so NFC and NFD spellings agree), runs of
// blanks and '_' turned into one space, trimmed. Code points outside
// Vietnamese are kept, so foreign letters never match an ASCII key.
// REQUIRES: `s` is valid UTF-8.
std::string fold(std::string_view s);

}  // namespace chibo::domain::text
