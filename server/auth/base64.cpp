#include "auth/base64.hpp"

#include <array>

namespace chibo::auth {
namespace {

constexpr std::string_view kStandard =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUrlSafe =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Shared encoder: every 3 input bytes become 4 characters; a final group of 1
// or 2 bytes becomes 2 or 3 characters, plus '=' padding when asked.
std::string encode(const unsigned char* data, std::size_t size, std::string_view alphabet,
                   bool pad) {
  std::string out;
  out.reserve((size + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= size; i += 3) {
    unsigned v = (unsigned{data[i]} << 16) | (unsigned{data[i + 1]} << 8) | data[i + 2];
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  const std::size_t rest = size - i;
  if (rest == 0) return out;
  unsigned v = unsigned{data[i]} << 16;
  if (rest == 2) v |= unsigned{data[i + 1]} << 8;
  out += alphabet[(v >> 18) & 63];
  out += alphabet[(v >> 12) & 63];
  if (rest == 2) out += alphabet[(v >> 6) & 63];
  if (pad) out.append(3 - rest, '=');
  return out;
}

// 0..63 for a standard-alphabet character, -1 for anything else.
constexpr std::array<signed char, 256> make_decode_table() {
  std::array<signed char, 256> t{};
  for (auto& v : t) v = -1;
  for (std::size_t i = 0; i < kStandard.size(); ++i)
    t[static_cast<unsigned char>(kStandard[i])] = static_cast<signed char>(i);
  return t;
}
constexpr auto kDecode = make_decode_table();

}  // namespace

std::string base64_encode(const unsigned char* data, std::size_t size) {
  return encode(data, size, kStandard, true);
}

std::string base64url_encode(const unsigned char* data, std::size_t size) {
  return encode(data, size, kUrlSafe, false);
}

std::optional<std::vector<unsigned char>> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t pad = 0;
  if (!text.empty() && text.back() == '=') pad = text.size() >= 2 && text[text.size() - 2] == '=' ? 2 : 1;
  const std::size_t chars = text.size() - pad;
  std::vector<unsigned char> out;
  out.reserve(text.size() / 4 * 3);
  unsigned acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < chars; ++i) {
    const int v = kDecode[static_cast<unsigned char>(text[i])];
    if (v < 0) return std::nullopt;  // includes a stray '=' before the padding
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<unsigned char>((acc >> bits) & 0xFF));
    }
  }
  // Leftover bits must be zero, or two spellings would decode to the same bytes.
  if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

}  // namespace chibo::auth
