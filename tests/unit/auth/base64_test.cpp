// The auth layer's private base64: RFC 4648 test vectors, and a decoder that
// accepts one spelling per value.
#include <catch2/catch.hpp>

#include <string>

#include "auth/base64.hpp"

using namespace chibo::auth;

namespace {
const unsigned char* bytes(const std::string& s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}
}  // namespace

TEST_CASE("base64 matches the RFC 4648 vectors both ways", "[auth][base64]") {
  struct Case {
    std::string plain, standard, url;
  };
  const auto c = GENERATE(values<Case>({
      {"", "", ""},
      {"f", "Zg==", "Zg"},
      {"fo", "Zm8=", "Zm8"},
      {"foo", "Zm9v", "Zm9v"},
      {"foob", "Zm9vYg==", "Zm9vYg"},
      {"fooba", "Zm9vYmE=", "Zm9vYmE"},
      {"foobar", "Zm9vYmFy", "Zm9vYmFy"},
      {"\xfb\xff\xbf", "+/+/", "-_-_"},
  }));
  CHECK(base64_encode(bytes(c.plain), c.plain.size()) == c.standard);
  CHECK(base64url_encode(bytes(c.plain), c.plain.size()) == c.url);
  const auto decoded = base64_decode(c.standard);
  REQUIRE(decoded);
  CHECK(std::string(decoded->begin(), decoded->end()) == c.plain);
}

TEST_CASE("base64_decode rejects non-canonical input", "[auth][base64]") {
  const auto s = GENERATE(as<std::string>{}, "Zg", "Zg=", "Zg===", "Zh==", "Zm9=", "Z===",
                          "====", "Zm9v\n", " Zm9v", "Zm-v", "Zm_v", "Zg==Zg==", "Z=g=");
  INFO("'" << s << "'");
  CHECK_FALSE(base64_decode(s));
}
