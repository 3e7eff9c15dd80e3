// meeting::sent_data (PROTOCOL.md "Events"): what clients receive of an
// event's data. A cast's idempotency key stays in the log; nothing else of
// any event changes, and what cannot be read is sent as it was logged.
#include <catch2/catch.hpp>

#include <string>

#include "meeting/meeting_json.hpp"

namespace chibo::meeting::test {
namespace {

struct Case {
  const char* what;
  const char* type;
  std::string logged;
  std::string sent;
};

}  // namespace

TEST_CASE("sent_data: casts lose their key, in order; everything else is sent as logged", "[meeting][sent]") {
  const std::string one = R"({"vote":50,"member":7,"participant":"member:7","name":"Bình","choice":"for","key":"k-7f3a","tally":{"for":1}})";
  const std::string many =
      R"({"vote":50,"casts":[{"member":7,"choice":"for","key":"k-1"},{"member":9,"choice":"against"},{"member":8,"key":"k-3","choice":"abstain"}],"tally":{"for":1}})";
  const std::vector<Case> cases = {
      {"a single cast", "vote.cast", one,
       R"({"vote":50,"member":7,"participant":"member:7","name":"Bình","choice":"for","tally":{"for":1}})"},
      {"a single cast without a key", "vote.cast", R"({"vote":50,"member":7,"choice":"for"})",
       R"({"vote":50,"member":7,"choice":"for"})"},
      {"a batch: each entry, keyed or not", "vote.casts", many,
       R"({"vote":50,"casts":[{"member":7,"choice":"for"},{"member":9,"choice":"against"},{"member":8,"choice":"abstain"}],"tally":{"for":1}})"},
      {"a batch with a malformed entry", "vote.casts", R"({"vote":50,"casts":[3,{"member":7,"key":"k"}]})",
       R"({"vote":50,"casts":[3,{"member":7}]})"},
      // Another event's "key" is its own field (an agenda item's template key).
      {"an agenda", "agenda.set", R"({"items":[{"id":"i1","key":"opening"}],"key":"x"})",
       R"({"items":[{"id":"i1","key":"opening"}],"key":"x"})"},
      {"unreadable data", "vote.cast", "{not json", "{not json"},
      {"data that is not an object", "vote.casts", "[1,2]", "[1,2]"},
      {"no data", "vote.cast", "", ""},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    CHECK(sent_data(c.type, c.logged) == c.sent);
  }
}

}  // namespace chibo::meeting::test
