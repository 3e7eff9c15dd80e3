// The box of a secret ballot while it is open (PROTOCOL.md "Held, then
// sealed"; docs/secret-ballot.md). It lives only in the meeting actor's
// memory and is never folded from or written to the log until the close.
//
// Two structures that never point at each other: who has voted (for turnout
// and to stop a second ballot), and the ballots themselves as (tracker,
// choice) pairs, each inserted at a position drawn from OpenSSL's CSPRNG so
// that their order says nothing about the order of casting. No member id,
// time, connection or sequence number is kept with a ballot.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "domain/types.hpp"

namespace chibo::meeting {

struct BoxedBallot {
  std::string tracker;  // 32 hex, drawn by the voter's client
  std::string choice;   // canonical: an option id, "c1,c3", or "blank"
};

class BallotBox {
 public:
  // The ballot this box holds (0: none open).
  std::int64_t ballot() const { return ballot_; }
  // Empties the box for `ballot` (a new ballot, a reopen, a close).
  void reset(std::int64_t ballot);

  bool has_voted(domain::Id member) const { return voters_.contains(member); }
  // The idempotency key the member voted with ("" when none was given).
  const std::string& key_of(domain::Id member) const { return voters_.at(member); }
  bool tracker_taken(const std::string& tracker) const { return trackers_.contains(tracker); }

  // REQUIRES: !has_voted(member) && !tracker_taken(b.tracker).
  void cast(domain::Id member, std::string key, BoxedBallot b);

  std::size_t turnout() const { return voters_.size(); }
  std::vector<std::string> voted() const;  // participant ids, sorted
  const std::vector<BoxedBallot>& ballots() const { return ballots_; }

 private:
  std::int64_t ballot_ = 0;
  std::map<domain::Id, std::string> voters_;  // member -> key (no choice here)
  std::set<std::string> trackers_;
  std::vector<BoxedBallot> ballots_;         // random order
};

// A uniformly random index in [0, n] from OpenSSL's CSPRNG.
std::size_t random_position(std::size_t n);

}  // namespace chibo::meeting
