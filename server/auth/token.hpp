// Bearer secrets: session tokens and join-link tokens.
#pragma once

#include <string>
#include <string_view>

namespace chibo::auth {

// 256 random bits from OpenSSL's CSPRNG (RAND_bytes), base64url without
// padding: 43 characters, safe in a URL fragment. Throws if the CSPRNG fails.
std::string random_token();

// What the database keeps instead of the token: lowercase-hex SHA-256.
std::string token_hash(std::string_view token);

// True when `s` has the shape random_token() produces (43 base64url chars).
// Lets the server reject junk before touching the database.
bool looks_like_token(std::string_view s);

}  // namespace chibo::auth
