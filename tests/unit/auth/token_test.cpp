// Bearer tokens: shape, randomness, the stored hash, and the cheap shape check.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "auth/token.hpp"

using chibo::auth::looks_like_token;
using chibo::auth::random_token;
using chibo::auth::token_hash;

TEST_CASE("random_token is 43 base64url characters and does not repeat", "[auth][token]") {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string t = random_token();
    REQUIRE(t.size() == 43);
    for (char c : t) {
      INFO("token " << t << " char '" << c << "'");
      REQUIRE(((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_'));
    }
    REQUIRE(looks_like_token(t));
    seen.insert(t);
  }
  CHECK(seen.size() == 1000);
}

TEST_CASE("random_token uses the whole alphabet", "[auth][token]") {
  // 1000 tokens hold 43,000 characters: every one of the 64 should appear.
  std::set<char> chars;
  for (int i = 0; i < 1000; ++i)
    for (char c : random_token()) chars.insert(c);
  CHECK(chars.size() == 64);
}

TEST_CASE("token_hash is lowercase hex SHA-256", "[auth][token]") {
  struct Case {
    std::string input;
    std::string sha256;
  };
  const auto c = GENERATE(values<Case>({
      {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
  }));
  INFO("input '" << c.input << "'");
  CHECK(token_hash(c.input) == c.sha256);
}

TEST_CASE("token_hash differs for tokens that differ in one character", "[auth][token]") {
  std::string t = random_token();
  const std::string h = token_hash(t);
  t[0] = t[0] == 'A' ? 'B' : 'A';
  CHECK(token_hash(t) != h);
  CHECK(h.size() == 64);
}

TEST_CASE("looks_like_token accepts exactly 43 base64url characters", "[auth][token]") {
  const std::string a43(43, 'A');
  struct Case {
    std::string s;
    bool ok;
  };
  const auto c = GENERATE_REF(values<Case>({
      {a43, true},
      {std::string(21, '-') + std::string(22, '_'), true},
      {"abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456", true},
      {"", false},
      {std::string(42, 'A'), false},
      {std::string(44, 'A'), false},
      {a43.substr(0, 42) + "+", false},
      {a43.substr(0, 42) + "/", false},
      {a43.substr(0, 42) + "=", false},
      {a43.substr(0, 42) + " ", false},
      {a43.substr(0, 42) + ".", false},
      {std::string(41, 'A') + "đ", false},  // 43 bytes, but not base64url
      {a43.substr(0, 42) + '\0', false},
  }));
  INFO("'" << c.s << "'");
  CHECK(looks_like_token(c.s) == c.ok);
}
