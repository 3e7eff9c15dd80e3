// UTF-8 helpers behind the roster import: validation, counting, truncation,
// trimming, and the diacritic folding used to match headers and values.
#include <catch2/catch.hpp>

#include <string>

#include "domain/text.hpp"

using namespace chibo::domain;

TEST_CASE("find_invalid_utf8 finds the first ill-formed byte", "[domain][text]") {
  constexpr auto npos = std::string::npos;
  struct Case {
    const char* what;
    std::string s;
    std::size_t bad;
  };
  const auto c = GENERATE(values<Case>({
      {"ascii", "Ho va ten", npos},
      {"empty", "", npos},
      {"Vietnamese NFC", "Họ và tên Đảng", npos},
      {"4-byte emoji", "\xF0\x9F\x98\x80", npos},
      {"U+10FFFF", "\xF4\x8F\xBF\xBF", npos},
      {"lone continuation", "a\x80", 1},
      {"overlong 2-byte", "ab\xC0\xAF", 2},
      {"overlong C1", "\xC1\xBF", 0},
      {"overlong 3-byte", "\xE0\x80\xAF", 0},
      {"overlong 4-byte", "\xF0\x80\x80\xAF", 0},
      {"surrogate", "x\xED\xA0\x80", 1},
      {"above U+10FFFF", "\xF4\x90\x80\x80", 0},
      {"F5 lead", "\xF5\x80\x80\x80", 0},
      {"FF", "Nguy\xFF", 4},
      {"truncated at end", "Nguy\xE1\xBB", 4},
      {"truncated before ascii", "Nguy\xE1\xBBn", 4},
      {"latin-1 not utf-8", "Tr\xE2n", 2},
  }));
  INFO(c.what);
  CHECK(text::find_invalid_utf8(c.s) == c.bad);
  CHECK(text::is_valid_utf8(c.s) == (c.bad == npos));
}

TEST_CASE("code points, truncation and trimming", "[domain][text]") {
  CHECK(text::count_code_points("") == 0);
  CHECK(text::count_code_points("abc") == 3);
  CHECK(text::count_code_points("Nguyễn") == 6);
  CHECK(text::count_code_points("\xF0\x9F\x98\x80x") == 2);

  CHECK(text::truncate_utf8("abcdef", 3) == "abc");
  CHECK(text::truncate_utf8("ab", 3) == "ab");
  CHECK(text::truncate_utf8("aễ", 2) == "a");  // ễ is 3 bytes: not cut in half
  CHECK(text::truncate_utf8("aễ", 4) == "aễ");
  CHECK(text::truncate_utf8("ễễ", 5) == "ễ");

  CHECK(text::trim("  a b \t\r\n") == "a b");
  CHECK(text::trim("\xC2\xA0" "a\xC2\xA0") == "a");
  CHECK(text::trim(" \xC2\xA0 ") == "");
  CHECK(text::trim("ễ") == "ễ");
  CHECK(text::collapse_spaces("  Nguyễn \t Thị\xC2\xA0\xC2\xA0Hồng  ") == "Nguyễn Thị Hồng");
  CHECK(text::collapse_spaces("Lê\nVăn") == "Lê Văn");
}

TEST_CASE("fold: case, tones, NFC and NFD, blanks and underscores", "[domain][text]") {
  struct Case {
    std::string in;
    std::string out;
  };
  const auto c = GENERATE(values<Case>({
      {"Họ và tên", "ho va ten"},
      {"HỌ VÀ TÊN", "ho va ten"},
      {"HO\xCC\xA3 VA\xCC\x80 TE\xCC\x82N", "ho va ten"},  // NFD
      {"  họ_và__tên  ", "ho va ten"},
      {"họ\xC2\xA0và\ttên", "ho va ten"},
      {"Ngày vào Đảng", "ngay vao dang"},
      {"Chi ủy viên", "chi uy vien"},
      {"full_name", "full name"},
      {"Đình chỉ", "dinh chi"},
      {"đ Đ ư Ư ơ Ơ ă Ă â Â ê Ê ô Ô", "d d u u o o a a a a e e o o"},
      {"aàáảãạăằắẳẵặâầấẩẫậ", std::string(18, 'a')},
      {"EÈÉẺẼẸÊỀẾỂỄỆ", std::string(12, 'e')},
      {"iìíỉĩịIÌÍỈĨỊ", std::string(12, 'i')},
      {"oòóỏõọôồốổỗộơờớởỡợ", std::string(18, 'o')},
      {"UÙÚỦŨỤƯỪỨỬỮỰ", std::string(12, 'u')},
      {"yỳýỷỹỵYỲÝỶỸỴ", std::string(12, 'y')},
      {"Ça ñ ü", "Ça ñ ü"},  // not Vietnamese: kept, so never matches an ASCII key
      {"", ""},
      {" _ ", ""},
  }));
  INFO("'" << c.in << "'");
  CHECK(text::fold(c.in) == c.out);
}
