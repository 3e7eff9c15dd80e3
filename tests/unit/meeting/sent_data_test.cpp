// meeting::sent_data (PROTOCOL.md "Events"): what clients receive of an
// event's data. A cast's idempotency key stays in the log, a batch's answers
// go as member ids grouped by choice (each member's last answer), a batch's
// plain check-ins as ids; nothing else of any event changes, and what cannot
// be read is sent as it was logged.
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

TEST_CASE("sent_data: casts lose their key; a batch's answers go grouped by choice and its plain check-ins as ids; "
          "everything else is sent as logged",
          "[meeting][sent]") {
  const std::string one = R"({"vote":50,"member":7,"participant":"member:7","name":"Bình","choice":"for","key":"k-7f3a","tally":{"for":1}})";
  const std::string many =
      R"({"vote":50,"casts":[{"member":7,"choice":"for","key":"k-1"},{"member":9,"choice":"against"},{"member":8,"key":"k-3","choice":"for"}],"tally":{"for":2}})";
  const std::vector<Case> cases = {
      {"a single cast", "vote.cast", one,
       R"({"vote":50,"member":7,"participant":"member:7","name":"Bình","choice":"for","tally":{"for":1}})"},
      {"a single cast without a key", "vote.cast", R"({"vote":50,"member":7,"choice":"for"})",
       R"({"vote":50,"member":7,"choice":"for"})"},
      {"a batch: ids by choice, choices and ids in the order they come", "vote.casts", many,
       R"({"vote":50,"choices":{"for":[7,8],"against":[9]},"tally":{"for":2}})"},
      {"a member twice in a batch: only the last answer, in its place", "vote.casts",
       R"({"vote":50,"casts":[{"member":7,"choice":"for"},{"member":9,"choice":"for"},{"member":7,"choice":"abstain"}]})",
       R"({"vote":50,"choices":{"for":[9],"abstain":[7]}})"},
      {"a member changing back: one id, under the last choice", "vote.casts",
       R"({"vote":50,"casts":[{"member":7,"choice":"for"},{"member":7,"choice":"against"},{"member":7,"choice":"for"}]})",
       R"({"vote":50,"choices":{"for":[7]}})"},
      {"a batch a server before 2026-12 logged, with names", "vote.casts",
       R"({"vote":50,"casts":[{"member":7,"participant":"member:7","name":"Bình","choice":"against","key":"k"}],"tally":{}})",
       R"({"vote":50,"choices":{"against":[7]},"tally":{}})"},
      {"entries that are no answer are left out", "vote.casts",
       R"({"vote":50,"casts":[3,{"member":7,"key":"k"},{"choice":"for"},{"member":"8","choice":"for"},{"member":9,"choice":"for"}]})",
       R"({"vote":50,"choices":{"for":[9]}})"},
      {"an empty batch", "vote.casts", R"({"vote":50,"casts":[]})", R"({"vote":50,"choices":{}})"},
      {"casts that are not a list: as logged", "vote.casts", R"({"vote":50,"casts":"many"})",
       R"({"vote":50,"casts":"many"})"},
      {"check-ins: the plain ones as ids, the others as logged, each in order", "attendance.marks",
       R"({"marks":[{"member":7},{"member":10,"late":true,"can_vote":false},{"member":9},{"member":8,"attendance":"absent_excused","reason":"illness"}],"summary":{"present":2}})",
       R"({"present":[7,9],"marks":[{"member":10,"late":true,"can_vote":false},{"member":8,"attendance":"absent_excused","reason":"illness"}],"summary":{"present":2}})"},
      {"check-ins all plain", "attendance.marks", R"({"marks":[{"member":7},{"member":9}],"summary":{}})",
       R"({"present":[7,9],"marks":[],"summary":{}})"},
      // Order would count between two entries of one member: sent as logged.
      {"a member twice in a batch", "attendance.marks", R"({"marks":[{"member":7},{"member":7,"late":true}]})",
       R"({"marks":[{"member":7},{"member":7,"late":true}]})"},
      {"an entry without a member id", "attendance.marks", R"({"marks":[{"member":7},{"name":"x"}]})",
       R"({"marks":[{"member":7},{"name":"x"}]})"},
      {"marks that are not a list", "attendance.marks", R"({"marks":"all","summary":{}})", R"({"marks":"all","summary":{}})"},
      {"a single check-in is sent as logged", "attendance.marked",
       R"({"member":7,"participant":"member:7","attendance":"present","can_vote":true})",
       R"({"member":7,"participant":"member:7","attendance":"present","can_vote":true})"},
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
