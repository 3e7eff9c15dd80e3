// Password hashing with OpenSSL's scrypt (EVP_PBE_scrypt): salted and slow on
// purpose so a stolen database does not give the passwords away.
#pragma once

#include <string>
#include <string_view>

namespace chibo::auth {

// Parameters; tests may use cheaper ones. Default ~50-100 ms on a 2-core box.
struct ScryptParams {
  unsigned long long n = 1 << 15;
  unsigned long long r = 8;
  unsigned long long p = 1;
};

// Returns a self-describing encoding: "scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>"
// with a fresh 16-byte random salt and a 32-byte derived key.
std::string hash_password(std::string_view password, ScryptParams params = {});

// Recomputes with the parameters and salt in `encoded`; constant-time compare.
// False for a wrong password and for any malformed encoding (never throws).
bool verify_password(std::string_view password, std::string_view encoded);

}  // namespace chibo::auth
