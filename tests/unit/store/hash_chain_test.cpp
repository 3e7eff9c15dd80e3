// The hash chain (DESIGN.md principle 9): known vectors and tamper detection.
#include <catch2/catch.hpp>

#include <cctype>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/hash_chain.hpp"

using namespace chibo::store;

namespace {

// A valid log of `n` events for meeting 7.
std::vector<EventRecord> make_log(int n) {
  std::vector<EventRecord> log;
  std::string prev = genesis_hash();
  for (int i = 1; i <= n; ++i) {
    EventRecord e;
    e.meeting_id = 7;
    e.seq = i;
    e.type = i == 1 ? "meeting.created" : "vote.cast";
    e.actor = "member:" + std::to_string(10 + i);
    e.ts_ms = 1'700'000'000'000 + i * 1000;
    e.data = "{\"n\":" + std::to_string(i) + "}";
    e.prev_hash = prev;
    e.hash = chain_hash(e);
    prev = e.hash;
    log.push_back(e);
  }
  return log;
}

}  // namespace

TEST_CASE("genesis is 64 zeros", "[hash_chain]") {
  CHECK(genesis_hash() == std::string(64, '0'));
}

TEST_CASE("sha256_hex matches the FIPS 180-2 vectors", "[hash_chain]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("chain_hash hashes the documented byte layout", "[hash_chain]") {
  EventRecord e;
  e.meeting_id = 7;
  e.seq = 1;
  e.type = "meeting.created";
  e.actor = "system";
  e.ts_ms = 1700000000000;
  e.data = "{\"title\":\"Họp chi bộ tháng 12\"}";
  e.prev_hash = genesis_hash();
  e.hash = "ignored by chain_hash";
  // Derived independently in the shell (UTF-8 terminal), as one line:
  //   printf '<64 zeros>\n7\n1\nmeeting.created\nsystem\n1700000000000\n
  //           {"title":"Họp chi bộ tháng 12"}' | sha256sum
  CHECK(chain_hash(e) == "31ef81c544c28de87b9af1fd5b5bce389d466d2f730497e498bdf1c32d335b11");

  // Every field is covered: changing any one changes the hash.
  const std::string base = chain_hash(e);
  std::vector<std::function<void(EventRecord&)>> edits = {
      [](EventRecord& x) { x.meeting_id = 8; },      [](EventRecord& x) { x.seq = 2; },
      [](EventRecord& x) { x.type = "meeting.opened"; }, [](EventRecord& x) { x.actor = "system "; },
      [](EventRecord& x) { x.ts_ms += 1; },          [](EventRecord& x) { x.data += " "; },
      [](EventRecord& x) { x.prev_hash[0] = '1'; },
  };
  for (std::size_t i = 0; i < edits.size(); ++i) {
    EventRecord x = e;
    edits[i](x);
    INFO("edit " << i);
    CHECK(chain_hash(x) != base);
  }
}

TEST_CASE("first_broken_link finds where a log stops verifying", "[hash_chain]") {
  struct Case {
    const char* what;
    std::function<void(std::vector<EventRecord>&)> tamper;
    std::optional<std::int64_t> expected;
  };
  const std::vector<Case> cases = {
      {"untouched", [](auto&) {}, std::nullopt},
      {"data of seq 3 rewritten", [](auto& l) { l[2].data = "{\"n\":99}"; }, 3},
      {"data and hash of seq 3 rewritten: seq 4's prev_hash no longer matches",
       [](auto& l) {
         l[2].data = "{\"n\":99}";
         l[2].hash = chain_hash(l[2]);
       },
       4},
      {"actor of the last event changed", [](auto& l) { l[4].actor = "member:1"; }, 5},
      {"seq 2 and 3 swapped", [](auto& l) { std::swap(l[1], l[2]); }, 2},
      {"seq 3 deleted", [](auto& l) { l.erase(l.begin() + 2); }, 3},
      {"last event deleted (undetectable without the head: still verifies)",
       [](auto& l) { l.pop_back(); }, std::nullopt},
      {"first event deleted", [](auto& l) { l.erase(l.begin()); }, 1},
      {"wrong genesis, rehashed", [](auto& l) {
         l[0].prev_hash = std::string(64, 'f');
         l[0].hash = chain_hash(l[0]);
       }, 1},
      {"an event inserted after seq 2", [](auto& l) {
         EventRecord extra = l[1];
         extra.seq = 3;
         extra.prev_hash = l[1].hash;
         extra.hash = chain_hash(extra);
         l.insert(l.begin() + 2, extra);
       }, 4},
      {"a hash in uppercase hex", [](auto& l) {
         for (char& c : l[1].hash) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
       }, 2},
  };
  for (const Case& c : cases) {
    auto log = make_log(5);
    REQUIRE_FALSE(first_broken_link(log).has_value());
    c.tamper(log);
    INFO(c.what);
    CHECK(first_broken_link(log) == c.expected);
  }
}

TEST_CASE("an empty log verifies", "[hash_chain]") {
  CHECK_FALSE(first_broken_link({}).has_value());
}
