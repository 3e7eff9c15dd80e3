// Base64 (RFC 4648) for the auth layer: the standard alphabet with padding for
// password-hash encodings, the URL-safe alphabet without padding for tokens.
// Also used by the service for review uploads (PROTOCOL.md review.upload).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chibo::auth {

// Standard alphabet ("+/"), padded with '=' to a multiple of 4 characters.
std::string base64_encode(const unsigned char* data, std::size_t size);

// URL-safe alphabet ("-_"), no padding: safe in a URL fragment or path.
std::string base64url_encode(const unsigned char* data, std::size_t size);

// Decodes the canonical form base64_encode() produces and nothing else: length a
// multiple of 4, '=' only as the final padding, unused trailing bits zero, no
// whitespace. nullopt for anything else, so one value has one spelling.
std::optional<std::vector<unsigned char>> base64_decode(std::string_view text);

}  // namespace chibo::auth
