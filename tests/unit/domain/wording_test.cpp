// How party documents write dates, times, percentages and upper case
// (domain/wording.hpp), table by table.
#include <catch2/catch.hpp>

#include "domain/wording.hpp"

using namespace chibo::domain::wording;

TEST_CASE("wording: dates as the form writes them", "[wording]") {
  struct Row {
    int y, m, d;
    const char* want;
  } rows[] = {
      {2021, 9, 5, "ngày 05 tháng 9 năm 2021"},     // day in two digits
      {2026, 12, 1, "ngày 01 tháng 12 năm 2026"},
      {2026, 1, 15, "ngày 15 tháng 01 năm 2026"},   // January and February in two digits
      {2024, 2, 29, "ngày 29 tháng 02 năm 2024"},
      {2026, 3, 10, "ngày 10 tháng 3 năm 2026"},    // from March on, one digit
      {2026, 10, 31, "ngày 31 tháng 10 năm 2026"},
  };
  for (const auto& r : rows) {
    INFO(r.want);
    CHECK(date_words(r.y, r.m, r.d) == r.want);
  }
}

TEST_CASE("wording: Vietnam's wall clock is UTC+7 all year", "[wording]") {
  struct Row {
    std::int64_t utc_ms;
    int y, mo, d, h, mi;
  } rows[] = {
      {0, 1970, 1, 1, 7, 0},
      {1764590400000, 2025, 12, 1, 19, 0},   // 12:00 UTC
      {1764608340000, 2025, 12, 1, 23, 59},  // 16:59 UTC: still the same day, a minute to midnight
      {1764608400000, 2025, 12, 2, 0, 0},    // 17:00 UTC is already the next day
      {1709164800000, 2024, 2, 29, 7, 0},    // leap day
      {-3600000, 1970, 1, 1, 6, 0},          // before the epoch
  };
  for (const auto& r : rows) {
    INFO(r.utc_ms);
    const LocalTime t = local_time(r.utc_ms);
    CHECK(t.year == r.y);
    CHECK(t.month == r.mo);
    CHECK(t.day == r.d);
    CHECK(t.hour == r.h);
    CHECK(t.minute == r.mi);
  }
}

TEST_CASE("wording: times", "[wording]") {
  CHECK(time_words({2026, 12, 1, 19, 30}) == "19 giờ 30 phút");
  CHECK(time_words({2026, 12, 1, 8, 5}) == "8 giờ 05 phút");
  CHECK(time_words({2026, 12, 1, 21, 0}) == "21 giờ");
  CHECK(time_words({2026, 12, 1, 0, 0}) == "0 giờ");
}

TEST_CASE("wording: percentages with a decimal comma, rounded half up", "[wording]") {
  struct Row {
    int part, whole;
    const char* want;
  } rows[] = {
      {9, 9, "100%"}, {0, 7, "0%"}, {6, 7, "85,7%"}, {8, 9, "88,9%"},
      {1, 3, "33,3%"}, {2, 3, "66,7%"}, {1, 2, "50%"}, {1, 8, "12,5%"}, {1, 16, "6,3%"},
  };
  for (const auto& r : rows) {
    INFO(r.part << "/" << r.whole);
    CHECK(percent(r.part, r.whole) == r.want);
  }
}

TEST_CASE("wording: Vietnamese upper case keeps every tone", "[wording]") {
  struct Row {
    const char* in;
    const char* want;
  } rows[] = {
      {"Chi bộ Khu phố 3", "CHI BỘ KHU PHỐ 3"},
      {"Đảng bộ phường Tân Mai", "ĐẢNG BỘ PHƯỜNG TÂN MAI"},
      {"đảng ủy xã Mỹ Hòa", "ĐẢNG ỦY XÃ MỸ HÒA"},
      {"ơ ư ă â ê ô đ", "Ơ Ư Ă Â Ê Ô Đ"},
      {"ạ ả ấ ầ ẩ ẫ ậ ắ ằ ẳ ẵ ặ", "Ạ Ả Ấ Ầ Ẩ Ẫ Ậ Ắ Ằ Ẳ Ẵ Ặ"},
      {"ẹ ẻ ẽ ế ề ể ễ ệ ỉ ị ọ ỏ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ", "Ẹ Ẻ Ẽ Ế Ề Ể Ễ Ệ Ỉ Ị Ọ Ỏ Ố Ồ Ổ Ỗ Ộ Ớ Ờ Ở Ỡ Ợ"},
      {"ụ ủ ứ ừ ử ữ ự ỳ ỵ ỷ ỹ ý", "Ụ Ủ Ứ Ừ Ử Ữ Ự Ỳ Ỵ Ỷ Ỹ Ý"},
      {"à á è é ì í ò ó ù ú ĩ ũ õ ã", "À Á È É Ì Í Ò Ó Ù Ú Ĩ Ũ Õ Ã"},
      {"ALREADY UPPER, 123 ×÷", "ALREADY UPPER, 123 ×÷"},
  };
  for (const auto& r : rows) {
    INFO(r.in);
    CHECK(upper(r.in) == r.want);
  }
}

TEST_CASE("wording: ASCII file-name stems", "[wording]") {
  CHECK(slug("Chi bộ Khu phố 3") == "chi-bo-khu-pho-3");
  CHECK(slug("  Đảng ủy — phường Tân Mai!! ") == "dang-uy-phuong-tan-mai");
  CHECK(slug("") == "");
}
