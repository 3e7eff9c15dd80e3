// A meeting driven through decide() and the fold, as the actor does, for the
// unit tests of tests/unit/meeting/.
#pragma once

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "meeting/decide.hpp"
#include "meeting/meeting_state.hpp"
#include "store/hash_chain.hpp"

namespace chibo::meeting::test {
using namespace chibo;
using domain::Attendance;
using protocol::ErrorCode;
namespace json = boost::json;


inline domain::Member member(domain::Id id, std::string name, domain::MemberKind k = domain::MemberKind::official,
                      domain::MemberStatus st = domain::MemberStatus::active) {
  domain::Member m;
  m.id = id;
  m.cell_id = 2;
  m.full_name = std::move(name);
  m.kind = k;
  m.status = st;
  return m;
}

struct Meeting {
  MeetingState s = empty_state();
  std::int64_t now = 1'000'000;
  std::vector<store::EventRecord> log;
  BallotBox box;
  const auth::SigningKey* key = nullptr;     // signs the minutes' lock (minutes_test.cpp)
  const DocumentContext* document = nullptr;

  explicit Meeting(domain::MeetingKind kind = domain::MeetingKind::regular,
                   const std::vector<domain::Member>& roster = {}) {
    domain::Meeting m;
    m.cell_id = 2;
    m.kind = kind;
    m.title = "Sinh hoạt tháng 12";
    m.starts_at = "2026-12-01T19:30";
    auto e = created_event(m, "account:1", now, roster);
    e.meeting_id = 7;
    e.seq = 1;
    apply(s, e);
    log.push_back(e);
  }

  // Decides and, when accepted, folds the events (seq = head + 1 each).
  Decision run(const Actor& who, const cmd::Command& c, std::vector<domain::Member> roster = {}) {
    Inputs open{std::move(roster), nullptr, &box, key, document};
    Decision d = decide(s, who, c, now, open);
    // The box, as the actor keeps it (meeting_actor.cpp run/hold).
    if (d.hold) {
      if (box.ballot() != *s.open_ballot) box.reset(*s.open_ballot);
      box.cast(d.hold->member, d.hold->key, d.hold->ballot);
    }
    if (auto* r = std::get_if<cmd::BallotReopen>(&c); r && !d.refused) box.reset(r->ballot);
    if (std::holds_alternative<cmd::BallotClose>(c) && !d.refused) box.reset(0);
    for (auto& ne : d.events) {
      store::EventRecord e;
      e.meeting_id = 7;
      e.seq = s.head + 1;
      e.type = ne.type;
      e.actor = who.participant;
      e.ts_ms = now;
      e.data = json::serialize(ne.data);
      e.prev_hash = s.head_hash;
      e.hash = store::chain_hash(e);
      apply(s, e);
      log.push_back(e);
    }
    return d;
  }
  json::object last_data() const { return json::parse(log.back().data).as_object(); }
  const std::string& last_type() const { return log.back().type; }
};

inline const Actor kChair{"account:1", "Bí thư", std::nullopt, true};
inline Actor member_actor(domain::Id id) { return {"member:" + std::to_string(id), "M" + std::to_string(id), id, false}; }
inline const Actor kObserver{"account:9", "Cán bộ huyện", std::nullopt, false};

// 9 official members (one exempt, one attached elsewhere), 2 probationary:
// the example roster.
inline std::vector<domain::Member> example_roster() {
  using K = domain::MemberKind;
  using S = domain::MemberStatus;
  std::vector<domain::Member> r;
  for (int i = 1; i <= 7; ++i) r.push_back(member(i, "Official " + std::to_string(i)));
  r.push_back(member(8, "Exempt", K::official, S::exempt));
  r.push_back(member(9, "Attached", K::official, S::attached));
  r.push_back(member(10, "Probationary A", K::probationary));
  r.push_back(member(11, "Probationary B", K::probationary));
  return r;
}

inline Meeting opened_meeting() {
  Meeting m;
  REQUIRE_FALSE(m.run(kChair, cmd::Open{}, example_roster()).refused);
  return m;
}


inline Meeting meeting_with_roll_call() {
  Meeting m = opened_meeting();
  // Everyone comes except the exempt (8), the attached (9) and official 7,
  // who is absent without a reason: denominator 9 - 1 attached - 1 exempt = 7.
  for (int i : {1, 2, 3, 4, 5, 6, 10, 11}) REQUIRE_FALSE(m.run(member_actor(i), cmd::Checkin{}).refused);
  REQUIRE_FALSE(m.run(kChair, cmd::Mark{7, Attendance::absent_unexcused, {}, ""}).refused);
  return m;
}


}  // namespace chibo::meeting::test
