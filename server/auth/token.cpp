#include "auth/token.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <stdexcept>

#include "auth/base64.hpp"

namespace chibo::auth {
namespace {

constexpr std::size_t kTokenBytes = 32;   // 256 bits: unguessable, no rate limit needed
constexpr std::size_t kTokenChars = 43;   // ceil(256 / 6) base64url characters

bool is_base64url_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '_';
}

}  // namespace

std::string random_token() {
  std::array<unsigned char, kTokenBytes> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
    throw std::runtime_error("random_token: RAND_bytes failed");
  return base64url_encode(bytes.data(), bytes.size());
}

// Throws std::runtime_error only if OpenSSL cannot compute SHA-256 at all.
std::string token_hash(std::string_view token) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  if (EVP_Digest(token.data(), token.size(), md.data(), &len, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("token_hash: SHA-256 failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * len);
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[md[i] >> 4];
    out += kHex[md[i] & 0xF];
  }
  return out;
}

bool looks_like_token(std::string_view s) {
  if (s.size() != kTokenChars) return false;
  for (char c : s)
    if (!is_base64url_char(c)) return false;
  return true;
}

}  // namespace chibo::auth
