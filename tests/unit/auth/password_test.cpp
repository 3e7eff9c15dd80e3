// Password hashing: round trips, fresh salts, and a verifier that refuses
// (without throwing, and without doing expensive work) anything malformed.
#include <catch2/catch.hpp>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "auth/password.hpp"

using chibo::auth::hash_password;
using chibo::auth::ScryptParams;
using chibo::auth::verify_password;

namespace {

constexpr ScryptParams kCheap{1 << 10, 8, 1};  // fast enough for many test cases

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == sep) {
      out.emplace_back();
    } else {
      out.back().push_back(c);
    }
  }
  return out;
}

// `encoded` with field `i` (0-based, '$'-separated) replaced by `value`.
std::string with_field(const std::string& encoded, std::size_t i, const std::string& value) {
  auto f = split(encoded, '$');
  f.at(i) = value;
  std::string out = f[0];
  for (std::size_t k = 1; k < f.size(); ++k) out += '$' + f[k];
  return out;
}

}  // namespace

TEST_CASE("hash_password writes scrypt$N$r$p$salt$hash", "[auth][password]") {
  const std::string h = hash_password("mật khẩu 123", kCheap);
  const auto f = split(h, '$');
  REQUIRE(f.size() == 6);
  CHECK(f[0] == "scrypt");
  CHECK(f[1] == "1024");
  CHECK(f[2] == "8");
  CHECK(f[3] == "1");
  CHECK(f[4].size() == 24);  // 16 bytes, padded base64
  CHECK(f[5].size() == 44);  // 32 bytes, padded base64
}

TEST_CASE("verify_password accepts the password and nothing else", "[auth][password]") {
  struct Case {
    std::string password;
    std::string attempt;
    bool ok;
  };
  const auto c = GENERATE(values<Case>({
      {"correct horse", "correct horse", true},
      {"correct horse", "correct hors", false},
      {"correct horse", "correct horse ", false},
      {"correct horse", "Correct horse", false},
      {"", "", true},
      {"", " ", false},
      {"Đảng viên", "Đảng viên", true},
      {"Đảng viên", "Dang vien", false},
      {std::string("a\0b", 3), std::string("a\0b", 3), true},
      {std::string("a\0b", 3), "a", false},
  }));
  INFO("password '" << c.password << "' attempt '" << c.attempt << "'");
  const std::string h = hash_password(c.password, kCheap);
  CHECK(verify_password(c.attempt, h) == c.ok);
}

TEST_CASE("every hash gets a fresh salt", "[auth][password]") {
  const std::string a = hash_password("same", kCheap);
  const std::string b = hash_password("same", kCheap);
  CHECK(split(a, '$')[4] != split(b, '$')[4]);
  CHECK(a != b);
  CHECK(verify_password("same", a));
  CHECK(verify_password("same", b));
}

TEST_CASE("default parameters hash and verify", "[auth][password][slow]") {
  const std::string h = hash_password("mặc định");
  CHECK(h.rfind("scrypt$32768$8$1$", 0) == 0);
  CHECK(verify_password("mặc định", h));
  CHECK_FALSE(verify_password("mac dinh", h));
}

TEST_CASE("hash_password refuses parameters verify_password would reject", "[auth][password]") {
  const auto p = GENERATE(values<ScryptParams>({
      {3, 8, 1}, {0, 8, 1}, {1ull << 21, 1, 1}, {1 << 10, 0, 1}, {1 << 10, 8, 0},
  }));
  INFO("N=" << p.n << " r=" << p.r << " p=" << p.p);
  CHECK_THROWS_AS(hash_password("x", p), std::invalid_argument);
}

TEST_CASE("verify_password is false, never throws, for malformed encodings", "[auth][password]") {
  const std::string good = hash_password("pw", kCheap);
  REQUIRE(verify_password("pw", good));
  const auto f = split(good, '$');
  std::string flipped_hash = f[5];
  flipped_hash[0] = flipped_hash[0] == 'A' ? 'B' : 'A';

  struct Case {
    const char* what;
    std::string encoded;
  };
  const std::vector<Case> cases = {
      {"empty", ""},
      {"scheme only", "scrypt"},
      {"wrong scheme", with_field(good, 0, "bcrypt")},
      {"upper-case scheme", with_field(good, 0, "SCRYPT")},
      {"five fields", good.substr(0, good.rfind('$'))},
      {"seven fields", good + "$x"},
      {"truncated hash", good.substr(0, good.size() - 4)},
      {"truncated half way", good.substr(0, good.size() / 2)},
      {"bad base64 salt", with_field(good, 4, "!!!!!!!!!!!!!!!!!!!!!!!!")},
      {"bad base64 hash", with_field(good, 5, f[5].substr(0, 43) + "*")},
      {"unpadded salt", with_field(good, 4, f[4].substr(0, 22))},
      {"short salt", with_field(good, 4, "AAAAAAAAAAA=")},
      {"short hash", with_field(good, 5, f[5].substr(0, 40))},
      {"tampered hash", with_field(good, 5, flipped_hash)},
      {"N=3 (not a power of two)", with_field(good, 1, "3")},
      {"N=0", with_field(good, 1, "0")},
      {"N=1", with_field(good, 1, "1")},
      {"N=2^21", with_field(good, 1, "2097152")},
      {"N=2^40", with_field(good, 1, "1099511627776")},
      {"N overflows 64 bits", with_field(good, 1, "99999999999999999999999")},
      {"N with a leading zero", with_field(good, 1, "01024")},
      {"N with a sign", with_field(good, 1, "+1024")},
      {"N not a number", with_field(good, 1, "abc")},
      {"N empty", with_field(good, 1, "")},
      {"r=0", with_field(good, 2, "0")},
      {"p=0", with_field(good, 3, "0")},
      {"r huge", with_field(good, 2, "1000000")},
      {"p huge", with_field(good, 3, "1000000")},
      {"1 GiB of memory", "scrypt$1048576$8$1$" + f[4] + "$" + f[5]},
      {"64x the default work", "scrypt$32768$8$64$" + f[4] + "$" + f[5]},
      {"whitespace", " " + good},
      {"trailing newline", good + "\n"},
  };
  for (const auto& c : cases) {
    INFO(c.what << ": " << c.encoded);
    const auto start = std::chrono::steady_clock::now();
    bool ok = true;
    CHECK_NOTHROW(ok = verify_password("pw", c.encoded));
    CHECK_FALSE(ok);
    // Rejected up front, not after an expensive derivation.
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
  }
}
