#include "auth/password.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <charconv>
#include <optional>
#include <stdexcept>
#include <vector>

#include "auth/base64.hpp"

namespace chibo::auth {
namespace {

constexpr std::string_view kScheme = "scrypt";
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kKeyBytes = 32;

// Bounds on the parameters we accept, from a stored hash or from a caller.
// They exist so a tampered or corrupted database row cannot make a login
// allocate gigabytes or burn the CPU for minutes: the default (N=2^15, r=8,
// p=1) needs 32 MiB and ~2^18 block mixes; we allow up to 2x the memory and
// 8x the work, and nothing else.
constexpr unsigned long long kMaxN = 1ull << 20;
constexpr unsigned long long kMaxR = 64;
constexpr unsigned long long kMaxP = 64;
constexpr unsigned long long kMaxMemBytes = 64ull << 20;
constexpr unsigned long long kMaxWork = (1ull << 15) * 8 * 8;  // N * r * p

// scrypt needs 128*N*r bytes for V plus 128*r*p for B; OpenSSL checks the sum
// (and a little more) against maxmem, whose default of 32 MiB is just short of
// what the default parameters need, so we pass our own ceiling.
unsigned long long memory_needed(const ScryptParams& p) { return 128 * p.r * (p.n + p.p); }

bool params_acceptable(const ScryptParams& p) {
  if (p.n < 2 || p.n > kMaxN || (p.n & (p.n - 1)) != 0) return false;  // power of two
  if (p.r < 1 || p.r > kMaxR || p.p < 1 || p.p > kMaxP) return false;
  return memory_needed(p) <= kMaxMemBytes && p.n * p.r * p.p <= kMaxWork;
}

// Derives the key; false when OpenSSL refuses (it should not for accepted params).
bool derive(std::string_view password, const unsigned char* salt, std::size_t salt_len,
            const ScryptParams& p, unsigned char* key, std::size_t key_len) {
  // OpenSSL wants a non-null pointer even for an empty password.
  static const char kEmpty = 0;
  const char* pass = password.empty() ? &kEmpty : password.data();
  return EVP_PBE_scrypt(pass, password.size(), salt, salt_len, p.n, p.r, p.p,
                        kMaxMemBytes + (1 << 20), key, key_len) == 1;
}

// Strict unsigned decimal: digits only, no sign, no leading zero, no overflow.
std::optional<unsigned long long> parse_decimal(std::string_view s) {
  if (s.empty() || s.size() > 20 || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  unsigned long long v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// Splits on '$' into exactly `n` fields, or nullopt.
template <std::size_t N>
std::optional<std::array<std::string_view, N>> split_fields(std::string_view s) {
  std::array<std::string_view, N> out;
  for (std::size_t i = 0; i < N; ++i) {
    const auto cut = s.find('$');
    if (i + 1 == N) {
      if (cut != std::string_view::npos) return std::nullopt;
      out[i] = s;
    } else {
      if (cut == std::string_view::npos) return std::nullopt;
      out[i] = s.substr(0, cut);
      s.remove_prefix(cut + 1);
    }
  }
  return out;
}

bool verify_or_false(std::string_view password, std::string_view encoded) {
  const auto fields = split_fields<6>(encoded);
  if (!fields || (*fields)[0] != kScheme) return false;
  const auto n = parse_decimal((*fields)[1]);
  const auto r = parse_decimal((*fields)[2]);
  const auto p = parse_decimal((*fields)[3]);
  if (!n || !r || !p) return false;
  const ScryptParams params{*n, *r, *p};
  if (!params_acceptable(params)) return false;
  const auto salt = base64_decode((*fields)[4]);
  const auto expected = base64_decode((*fields)[5]);
  if (!salt || salt->size() != kSaltBytes || !expected || expected->size() != kKeyBytes)
    return false;
  std::array<unsigned char, kKeyBytes> actual{};
  if (!derive(password, salt->data(), salt->size(), params, actual.data(), actual.size()))
    return false;
  const bool same = CRYPTO_memcmp(actual.data(), expected->data(), kKeyBytes) == 0;
  OPENSSL_cleanse(actual.data(), actual.size());
  return same;
}

}  // namespace

// Throws std::invalid_argument for parameters verify_password() would refuse
// (a hash nobody could ever log in with), std::runtime_error when the CSPRNG
// or scrypt fails.
std::string hash_password(std::string_view password, ScryptParams params) {
  if (!params_acceptable(params))
    throw std::invalid_argument("hash_password: scrypt parameters out of bounds");
  std::array<unsigned char, kSaltBytes> salt{};
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1)
    throw std::runtime_error("hash_password: RAND_bytes failed");
  std::array<unsigned char, kKeyBytes> key{};
  if (!derive(password, salt.data(), salt.size(), params, key.data(), key.size()))
    throw std::runtime_error("hash_password: EVP_PBE_scrypt failed");
  std::string out{kScheme};
  out += '$' + std::to_string(params.n) + '$' + std::to_string(params.r) + '$' +
         std::to_string(params.p) + '$' + base64_encode(salt.data(), salt.size()) + '$' +
         base64_encode(key.data(), key.size());
  OPENSSL_cleanse(key.data(), key.size());
  return out;
}

bool verify_password(std::string_view password, std::string_view encoded) {
  try {
    return verify_or_false(password, encoded);
  } catch (...) {  // only std::bad_alloc is possible; the promise is "never throws"
    return false;
  }
}

}  // namespace chibo::auth
