#include "meeting/ballot_box.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <stdexcept>

namespace chibo::meeting {

std::size_t random_position(std::size_t n) {
  // Rejection sampling over 64 bits: no modulo bias.
  const std::uint64_t range = static_cast<std::uint64_t>(n) + 1;
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % range;
  for (;;) {
    std::uint64_t r = 0;
    if (RAND_bytes(reinterpret_cast<unsigned char*>(&r), sizeof r) != 1)
      throw std::runtime_error("RAND_bytes failed");
    if (r < limit) return static_cast<std::size_t>(r % range);
  }
}

void BallotBox::reset(std::int64_t ballot) {
  ballot_ = ballot;
  voters_.clear();
  trackers_.clear();
  ballots_.clear();
}

void BallotBox::cast(domain::Id member, std::string key, BoxedBallot b) {
  voters_.emplace(member, std::move(key));
  trackers_.insert(b.tracker);
  const std::size_t at = random_position(ballots_.size());
  ballots_.insert(ballots_.begin() + static_cast<std::ptrdiff_t>(at), std::move(b));
}

std::vector<std::string> BallotBox::voted() const {
  std::vector<std::string> out;
  out.reserve(voters_.size());
  for (const auto& [m, key] : voters_) out.push_back("member:" + std::to_string(m));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace chibo::meeting
