// The per-meeting SHA-256 hash chain (DESIGN.md principle 9: tamper-evident records).
//
//   hash(e) = SHA-256( prev_hash "\n" meeting_id "\n" seq "\n" type "\n" actor "\n"
//                      ts_ms "\n" data )               rendered as lowercase hex
//
// prev_hash of seq 1 is genesis_hash() (64 zeros). Changing any byte of any
// event, reordering, inserting or deleting breaks every later link.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.hpp"

namespace chibo::store {

const std::string& genesis_hash();

// Computes e.hash from e.prev_hash and the other fields (e.hash is ignored).
std::string chain_hash(const EventRecord& e);

// Lowercase-hex SHA-256 of arbitrary bytes.
std::string sha256_hex(std::string_view bytes);

// Checks a whole log in seq order: seq 1.., no gaps, each prev_hash equal to the
// previous hash (genesis for the first), each hash recomputed. Returns the first
// seq that fails, or nullopt when the chain verifies. An empty log verifies.
std::optional<std::int64_t> first_broken_link(const std::vector<EventRecord>& log);

}  // namespace chibo::store
