// The per-meeting hash chain (DESIGN.md principle 9). The exact byte layout
// hashed is part of the export format: `chibo verify` recomputes it offline,
// so any change here is a format change.
#include "store/hash_chain.hpp"

#include <openssl/evp.h>

#include <array>
#include <memory>
#include <stdexcept>

namespace chibo::store {

const std::string& genesis_hash() {
  static const std::string genesis(64, '0');
  return genesis;
}

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  // EVP_Digest is the one-shot form of DigestInit/Update/Final.
  if (EVP_Digest(bytes.data(), bytes.size(), md.data(), &len, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("sha256: EVP_Digest failed");
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(hex[md[i] >> 4]);
    out.push_back(hex[md[i] & 0x0f]);
  }
  return out;
}

std::string chain_hash(const EventRecord& e) {
  // prev_hash "\n" meeting_id "\n" seq "\n" type "\n" actor "\n" ts_ms "\n" data,
  // integers in decimal (hash_chain.hpp).
  std::string buf;
  buf.reserve(e.prev_hash.size() + e.type.size() + e.actor.size() + e.data.size() + 64);
  buf += e.prev_hash;
  buf += '\n';
  buf += std::to_string(e.meeting_id);
  buf += '\n';
  buf += std::to_string(e.seq);
  buf += '\n';
  buf += e.type;
  buf += '\n';
  buf += e.actor;
  buf += '\n';
  buf += std::to_string(e.ts_ms);
  buf += '\n';
  buf += e.data;
  return sha256_hex(buf);
}

// Returns the position (seq number) where verification stops: every event
// before it verifies. So a deleted seq 3 reports 3 (the missing one), a swap of
// 3 and 4 reports 3, a forged genesis reports 1.
std::optional<std::int64_t> first_broken_link(const std::vector<EventRecord>& log) {
  const std::string* prev = &genesis_hash();
  std::int64_t expected_seq = 1;
  for (const EventRecord& e : log) {
    // A gap, a swap or a deletion shows up as an unexpected seq; a rewritten
    // field as a hash that no longer matches; a spliced-in log as a prev_hash
    // that does not point at the event before it.
    if (e.seq != expected_seq || e.prev_hash != *prev || e.hash != chain_hash(e))
      return expected_seq;
    prev = &e.hash;
    ++expected_seq;
  }
  return std::nullopt;
}

}  // namespace chibo::store
