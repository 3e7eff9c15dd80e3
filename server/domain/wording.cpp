#include "domain/wording.hpp"

#include <cassert>
#include <cstdio>

#include "domain/text.hpp"

namespace chibo::domain::wording {

namespace {

std::string two(int v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
void civil_from_days(std::int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

char32_t upper_cp(char32_t c) {
  if (c >= 'a' && c <= 'z') return c - 32;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 32;                       // à..þ
  if (c >= 0x100 && c <= 0x137 && (c & 1)) return c - 1;                        // ā..ķ (ă, đ, ĩ)
  if (c >= 0x14A && c <= 0x177 && (c & 1)) return c - 1;                        // ŋ..ŷ (ũ)
  if (c == 0x1A1 || c == 0x1B0) return c - 1;                                   // ơ, ư
  if (c >= 0x1E00 && c <= 0x1EFF && (c & 1)) return c - 1;                      // ạ..ỹ
  return c;
}


}  // namespace

LocalTime local_time(std::int64_t utc_ms) {
  const std::int64_t ms = utc_ms + kVietnamOffsetMs;
  std::int64_t days = ms / 86400000;
  std::int64_t rem = ms % 86400000;
  if (rem < 0) {
    rem += 86400000;
    --days;
  }
  LocalTime t;
  civil_from_days(days, t.year, t.month, t.day);
  t.hour = static_cast<int>(rem / 3600000);
  t.minute = static_cast<int>(rem / 60000 % 60);
  return t;
}

std::string date_words(int year, int month, int day) {
  return "ngày " + two(day) + " tháng " + (month <= 2 ? two(month) : std::to_string(month)) + " năm " +
         std::to_string(year);
}

std::string date_words(const LocalTime& t) { return date_words(t.year, t.month, t.day); }

std::string time_words(const LocalTime& t) {
  std::string s = std::to_string(t.hour) + " giờ";
  if (t.minute != 0) s += " " + two(t.minute) + " phút";
  return s;
}

std::string percent(int part, int whole) {
  assert(whole > 0);
  // Rounded half up to one decimal in integers: no floating point in a record.
  const long long tenths = (static_cast<long long>(part) * 1000 + whole / 2) / whole;
  if (tenths % 10 == 0) return std::to_string(tenths / 10) + "%";
  return std::to_string(tenths / 10) + "," + std::to_string(tenths % 10) + "%";
}

std::string upper(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) text::append_utf8(out, upper_cp(text::next_code_point(s, i)));
  return out;
}

std::string slug(std::string_view s) {
  const std::string f = text::fold(s);
  std::string out;
  for (char ch : f) {
    const bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
    if (alnum) out += ch;
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

}  // namespace chibo::domain::wording
