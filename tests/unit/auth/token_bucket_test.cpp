// The per-connection command rate limit (issue 7): bursts pass, a steady
// rate passes, sustained abuse closes.
#include <catch2/catch.hpp>

#include "auth/token_bucket.hpp"

using chibo::auth::RatePolicy;
using chibo::auth::TokenBucket;
using V = TokenBucket::Verdict;

TEST_CASE("a burst up to the bucket passes, then commands are refused", "[auth][rate]") {
  TokenBucket b(RatePolicy{10, 5, 3});
  for (int i = 0; i < 5; ++i) CHECK(b.take(0) == V::allow);
  CHECK(b.take(0) == V::refuse);
  CHECK(b.retry_after_ms() > 0);
  CHECK(b.retry_after_ms() <= 101);
  CHECK(b.take(0) == V::refuse);
  CHECK(b.take(0) == V::close);  // the third refusal in a row
}

TEST_CASE("tokens come back with time, never above the burst", "[auth][rate]") {
  TokenBucket b(RatePolicy{10, 5, 3});
  for (int i = 0; i < 5; ++i) REQUIRE(b.take(0) == V::allow);
  CHECK(b.take(0) == V::refuse);
  CHECK(b.take(100) == V::allow);  // 10/s: one token per 100 ms
  CHECK(b.take(100) == V::refuse);
  // A long pause refills to the burst only.
  for (int i = 0; i < 5; ++i) CHECK(b.take(60'000) == V::allow);
  CHECK(b.take(60'000) == V::refuse);
}

TEST_CASE("a steady client at the rate is never refused; an allowed command forgives strikes", "[auth][rate]") {
  TokenBucket b(RatePolicy{10, 5, 3});
  for (int t = 0; t < 10'000; t += 100) REQUIRE(b.take(t) == V::allow);
  TokenBucket c(RatePolicy{10, 1, 3});
  REQUIRE(c.take(0) == V::allow);
  CHECK(c.take(0) == V::refuse);
  CHECK(c.take(0) == V::refuse);
  CHECK(c.take(100) == V::allow);  // strikes reset
  CHECK(c.take(100) == V::refuse);
  CHECK(c.take(100) == V::refuse);
  CHECK(c.take(100) == V::close);
}

TEST_CASE("a clock stepping back does not mint tokens", "[auth][rate]") {
  TokenBucket b(RatePolicy{10, 2, 5});
  REQUIRE(b.take(1'000) == V::allow);
  REQUIRE(b.take(1'000) == V::allow);
  CHECK(b.take(500) == V::refuse);
  CHECK(b.take(1'000) == V::refuse);
}
