// How Vietnamese party documents write dates, times, counts and percentages
// (DOMAIN.md "Minutes"; Hướng dẫn 36-HD/VPTW on the form of party documents).
// Pure functions over plain values: no locale, no clock.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace chibo::domain::wording {

// Vietnam keeps one time zone all year (UTC+07:00, no daylight saving): the
// wall clock every date and time in a document is written in.
inline constexpr std::int64_t kVietnamOffsetMs = 7LL * 3600 * 1000;

struct LocalTime {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0;
};
LocalTime local_time(std::int64_t utc_ms);  // in Vietnam

// "ngày 05 tháng 9 năm 2021": the day in two digits; the month in two digits
// only for January and February ("tháng 01", "tháng 02"), as the form
// requires, so a "1" cannot later become "11" or "12".
std::string date_words(int year, int month, int day);
std::string date_words(const LocalTime& t);
// "19 giờ 30 phút"; "8 giờ 05 phút"; "21 giờ" for a whole hour.
std::string time_words(const LocalTime& t);
// "90,9%" — one decimal, a decimal comma; "100%" and "0%" without decimals.
// REQUIRES: whole > 0.
std::string percent(int part, int whole);
// Vietnamese upper case of the letters of `s` (ASCII, Latin-1, Latin
// Extended-A/B and Extended Additional, which cover every Vietnamese letter
// with its tone): "Chi bộ Khu phố 3" -> "CHI BỘ KHU PHỐ 3". Other bytes kept.
// REQUIRES: `s` is valid UTF-8.
std::string upper(std::string_view s);
// ASCII file-name stem: "Chi bộ Khu phố 3" -> "chi-bo-khu-pho-3".
std::string slug(std::string_view s);

}  // namespace chibo::domain::wording
