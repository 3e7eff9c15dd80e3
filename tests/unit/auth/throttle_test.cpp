// Login throttling over scripted timelines: free failures, doubling locks, the
// cap, reset on success, forgetting quiet keys, and bounded memory.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "auth/throttle.hpp"

using chibo::auth::Throttle;
using chibo::auth::ThrottlePolicy;

namespace {

constexpr ThrottlePolicy kPolicy{
    .free_failures = 2, .base_lock_ms = 1'000, .max_lock_ms = 5'000, .forget_after_ms = 600'000};

enum class Op { fail, succeed, ask };
struct Step {
  std::int64_t t;
  Op op;
  std::string key;
  std::int64_t expect = 0;  // for Op::ask: retry_after_ms
};

void run(Throttle& th, const std::vector<Step>& steps) {
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Step& s = steps[i];
    INFO("step " << i << " t=" << s.t << " key=" << s.key);
    switch (s.op) {
      case Op::fail: th.record_failure(s.key, s.t); break;
      case Op::succeed: th.record_success(s.key); break;
      case Op::ask: CHECK(th.retry_after_ms(s.key, s.t) == s.expect); break;
    }
  }
}

}  // namespace

TEST_CASE("throttle: free failures, then doubling locks up to the cap", "[auth][throttle]") {
  Throttle th{kPolicy};
  run(th, {
              {0, Op::ask, "a", 0},
              {0, Op::fail, "a"},
              {0, Op::ask, "a", 0},  // 1st failure is free
              {10, Op::fail, "a"},
              {10, Op::ask, "a", 0},  // 2nd failure is free
              {20, Op::fail, "a"},
              {20, Op::ask, "a", 1'000},  // 1st extra: base
              {520, Op::ask, "a", 500},
              {1'020, Op::ask, "a", 0},
              {1'100, Op::fail, "a"},
              {1'100, Op::ask, "a", 2'000},  // doubled
              {3'100, Op::fail, "a"},
              {3'100, Op::ask, "a", 4'000},  // doubled again
              {7'100, Op::fail, "a"},
              {7'100, Op::ask, "a", 5'000},  // 8,000 capped at 5,000
              {12'100, Op::ask, "a", 0},     // and the lock really ends then
              {12'100, Op::fail, "a"},
              {12'100, Op::ask, "a", 5'000},  // stays at the cap
              {12'100, Op::ask, "b", 0},      // other keys are not affected
          });
}

TEST_CASE("throttle: a long streak stays at the cap without overflow", "[auth][throttle]") {
  Throttle th{kPolicy};
  std::int64_t t = 0;
  for (int i = 0; i < 200; ++i) th.record_failure("a", t += 10);
  CHECK(th.retry_after_ms("a", t) == 5'000);
}

TEST_CASE("throttle: a clock stepping back never locks beyond the cap", "[auth][throttle]") {
  Throttle th{kPolicy};
  run(th, {
              {1'000'000, Op::fail, "a"},
              {1'000'000, Op::fail, "a"},
              {1'000'000, Op::fail, "a"},
              {1'000'000, Op::fail, "a"},
              {1'000'000, Op::ask, "a", 2'000},
              {10, Op::ask, "a", 5'000},  // wall clock reset: waits at most max_lock_ms
          });
}

TEST_CASE("throttle: success forgets the key", "[auth][throttle]") {
  Throttle th{kPolicy};
  run(th, {
              {0, Op::fail, "a"},
              {1, Op::fail, "a"},
              {2, Op::fail, "a"},
              {2, Op::ask, "a", 1'000},
              {1'002, Op::succeed, "a"},
              {1'002, Op::ask, "a", 0},
              {1'003, Op::fail, "a"},
              {1'004, Op::fail, "a"},
              {1'004, Op::ask, "a", 0},  // free failures again
              {1'005, Op::fail, "a"},
              {1'005, Op::ask, "a", 1'000},  // and the lock starts from the base
          });
  CHECK(th.tracked() == 1);
  th.record_success("a");
  CHECK(th.tracked() == 0);
}

TEST_CASE("throttle: a key quiet for forget_after_ms starts over", "[auth][throttle]") {
  Throttle th{kPolicy};
  run(th, {
              {0, Op::fail, "a"},
              {1, Op::fail, "a"},
              {2, Op::fail, "a"},
              {3, Op::fail, "a"},
              {3, Op::ask, "a", 2'000},
              {599'999, Op::fail, "a"},  // not quiet long enough: 3rd extra failure
              {599'999, Op::ask, "a", 4'000},
              {599'999 + 600'000, Op::ask, "a", 0},
              {599'999 + 600'001, Op::fail, "a"},
              {599'999 + 600'001, Op::ask, "a", 0},  // counted as a first failure
          });
  // A stale key also starts over when it fails again before a sweep removed it.
  Throttle th2{kPolicy};
  run(th2, {
               {0, Op::fail, "k"},
               {1, Op::fail, "k"},
               {2, Op::fail, "k"},
               {599'000, Op::ask, "other", 0},  // sweeps; k is not stale yet
               {600'010, Op::fail, "k"},        // stale now, next sweep not due
               {600'010, Op::ask, "k", 0},      // counted as a first failure
           });
}

TEST_CASE("throttle: asking does not track, and a sweep bounds memory", "[auth][throttle]") {
  Throttle th{kPolicy};
  for (int i = 0; i < 1'000; ++i) CHECK(th.retry_after_ms("ask-" + std::to_string(i), i) == 0);
  CHECK(th.tracked() == 0);

  for (int i = 0; i < 1'000; ++i) th.record_failure("addr-" + std::to_string(i), 100'000 + i);
  CHECK(th.tracked() == 1'000);
  // Still within the forget window: nothing may be dropped.
  th.record_failure("late", 650'000);
  CHECK(th.tracked() == 1'001);
  // Past the window for the first thousand: one call sweeps them all.
  CHECK(th.retry_after_ms("nobody", 711'000) == 0);
  CHECK(th.tracked() == 1);
  CHECK(th.retry_after_ms("late", 711'000) == 0);  // one failure: free
  CHECK(th.tracked() == 1);
}

TEST_CASE("throttle: sweeping runs at most once a minute", "[auth][throttle]") {
  Throttle th{kPolicy};
  th.record_failure("x", 0);
  th.record_failure("z", 60'000);   // sweeps (nothing stale)
  th.retry_after_ms("y", 599'999);  // sweeps; x is one ms short of stale
  CHECK(th.tracked() == 2);
  th.retry_after_ms("y", 600'500);  // x is stale, but the next sweep is not due
  CHECK(th.tracked() == 2);
  th.retry_after_ms("y", 659'999);  // a minute after the last sweep: x goes, z stays
  CHECK(th.tracked() == 1);
  CHECK(th.retry_after_ms("z", 659'999) == 0);
}
