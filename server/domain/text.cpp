#include "domain/text.hpp"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

namespace chibo::domain::text {
namespace {

constexpr std::size_t npos = std::string_view::npos;


// Every precomposed Vietnamese letter, grouped by the ASCII letter it folds to
// (base vowel, then ă/â/ê/ô/ơ/ư, each with the five tones; lower then upper).
constexpr std::array<std::pair<char, std::string_view>, 7> kVietnameseLetters{{
    {'a', "aàáảãạăằắẳẵặâầấẩẫậAÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ"},
    {'e', "eèéẻẽẹêềếểễệEÈÉẺẼẸÊỀẾỂỄỆ"},
    {'i', "iìíỉĩịIÌÍỈĨỊ"},
    {'o', "oòóỏõọôồốổỗộơờớởỡợOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ"},
    {'u', "uùúủũụưừứửữựUÙÚỦŨỤƯỪỨỬỮỰ"},
    {'y', "yỳýỷỹỵYỲÝỶỸỴ"},
    {'d', "đĐ"},
}};

// Sorted (code point -> ASCII letter) table built once from kVietnameseLetters.
const std::vector<std::pair<char32_t, char>>& fold_table() {
  static const auto table = [] {
    std::vector<std::pair<char32_t, char>> t;
    for (const auto& [base, letters] : kVietnameseLetters)
      for (std::size_t i = 0; i < letters.size();) {
        const char32_t cp = next_code_point(letters, i);
        if (cp >= 0x80) t.emplace_back(cp, base);
      }
    std::sort(t.begin(), t.end());
    return t;
  }();
  return table;
}

bool is_blank(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0xA0;
}

// Length in bytes of the blank starting at s[i], or 0 if s[i] starts no blank.
std::size_t blank_at(std::string_view s, std::size_t i) {
  const char c = s[i];
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return 1;
  if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') return 2;  // U+00A0
  return 0;
}

}  // namespace

char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += static_cast<std::size_t>(len);
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::size_t find_invalid_utf8(std::string_view s) {
  std::size_t i = 0;
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  while (i < s.size()) {
    const unsigned char b = at(i);
    if (b < 0x80) {
      ++i;
      continue;
    }
    // Allowed range for the second byte depends on the first (table 3-7).
    unsigned char lo = 0x80, hi = 0xBF;
    std::size_t len = 0;
    if (b >= 0xC2 && b <= 0xDF) {
      len = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      len = 3;
      if (b == 0xE0) lo = 0xA0;   // no overlong 3-byte forms
      if (b == 0xED) hi = 0x9F;   // no surrogates
    } else if (b >= 0xF0 && b <= 0xF4) {
      len = 4;
      if (b == 0xF0) lo = 0x90;   // no overlong 4-byte forms
      if (b == 0xF4) hi = 0x8F;   // nothing above U+10FFFF
    } else {
      return i;
    }
    if (i + len > s.size() || at(i + 1) < lo || at(i + 1) > hi) return i;
    for (std::size_t k = 2; k < len; ++k)
      if (at(i + k) < 0x80 || at(i + k) > 0xBF) return i;
    i += len;
  }
  return npos;
}

std::size_t count_code_points(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string_view truncate_utf8(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut);
}

std::string_view trim(std::string_view s) {
  std::size_t b = 0;
  while (b < s.size()) {
    const std::size_t n = blank_at(s, b);
    if (n == 0) break;
    b += n;
  }
  std::size_t e = s.size();
  while (e > b) {
    if (blank_at(s, e - 1) == 1) {
      --e;
    } else if (e - b >= 2 && blank_at(s, e - 2) == 2) {
      e -= 2;
    } else {
      break;
    }
  }
  return s.substr(b, e - b);
}

std::string collapse_spaces(std::string_view s) {
  s = trim(s);
  std::string out;
  out.reserve(s.size());
  bool in_blank = false;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = blank_at(s, i);
    if (n > 0) {
      if (!in_blank) out += ' ';
      in_blank = true;
      i += n;
    } else {
      in_blank = false;
      out += s[i++];
    }
  }
  return out;
}

std::string fold(std::string_view s) {
  const auto& table = fold_table();
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = next_code_point(s, i);
    if (cp >= 0x300 && cp <= 0x36F) continue;  // combining mark (NFD tone, hat, horn, breve)
    if (is_blank(cp) || cp == '_') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    if (cp >= 'A' && cp <= 'Z') {
      out += static_cast<char>(cp - 'A' + 'a');
    } else if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else {
      const auto it = std::lower_bound(table.begin(), table.end(), std::pair{cp, char{0}});
      if (it != table.end() && it->first == cp) {
        out += it->second;
      } else {
        append_utf8(out, cp);
      }
    }
  }
  return out;
}

}  // namespace chibo::domain::text
