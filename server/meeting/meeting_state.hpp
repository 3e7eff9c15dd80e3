// A meeting's state as a fold over its event log (DESIGN.md principle 2:
// events are the truth; the same fold rebuilds every meeting at start-up).
// Only the raw facts of each event are folded (who was marked what, who chose
// what); the figures events also carry (summaries, tallies, results) are
// recomputed from these facts by server/domain/rules, never read back.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/agenda.hpp"
#include "domain/ballot_rules.hpp"
#include "domain/rules.hpp"
#include "domain/types.hpp"
#include "meeting/participant.hpp"
#include "store/records.hpp"

namespace chibo::meeting {

// A member of the roster snapshot taken when the meeting opened, with where
// they stand in the roll call.
struct RollEntry {
  domain::Member member;
  domain::Attendance attendance = domain::Attendance::unmarked;
  std::optional<domain::AbsenceReason> reason;
  std::string note;
  bool late = false;

  domain::Attendee attendee() const { return {member.kind, member.status, attendance}; }
};

struct Speech {
  std::int64_t id = 0;  // seq of its floor.given
  std::string participant, name, item, item_title;
  std::int64_t started_ms = 0;
  std::int64_t ended_ms = 0;  // 0 while speaking
  std::string gist;
};

struct NamedVote {
  std::int64_t id = 0;  // seq of its vote.opened
  std::string subject, text, item;
  domain::DecisionKind decision = domain::DecisionKind::ordinary;
  bool open = true;
  std::map<domain::Id, domain::Choice> choices;  // member -> last answer
  // Idempotency keys per member: key -> (choice, seq of that cast).
  std::map<domain::Id, std::map<std::string, std::pair<domain::Choice, std::int64_t>>> keys;
  bool minutes = false;           // the vote that approves the minutes (minutes.approve)
  std::int64_t closed_ms = 0;
  boost::json::object closed;     // vote.closed's data: the result as declared, for the minutes
  domain::Tally tally() const;
};

// A secret ballot as the log knows it: what was put to the vote and, once
// closed, its result. Never the ballots themselves while open (they are in
// the actor's BallotBox, meeting/ballot_box.hpp).
enum class BallotKind { yes_no, discipline, election, rating };
std::string_view to_string(BallotKind);
std::optional<BallotKind> ballot_kind_from(std::string_view);

struct BallotOption {
  std::string id;     // "for", "warning", "c2", "good", …
  std::string label;  // Vietnamese, shown on the ballot
};

struct SecretBallot {
  std::int64_t id = 0;  // seq of its ballot.opened
  BallotKind kind = BallotKind::yes_no;
  std::string subject, item;
  domain::DecisionKind decision = domain::DecisionKind::ordinary;  // yes_no
  std::vector<BallotOption> options;
  int seats = 1;              // election
  domain::Id member = 0;      // rating: the member rated
  int issued = 0;             // eligible when it opened
  bool open = true;
  bool confirmed = false;
  std::optional<domain::Rating> rated;  // rating: the proposed level, once closed
  boost::json::object closed;           // ballot.closed's data (counts, result, fingerprint), for the minutes
  const BallotOption* option(const std::string& id) const;
};

// The minutes as the log knows them (PROTOCOL.md "Minutes"): the
// minute-taker's sections, the read-back, the approval vote, the lock.
struct MinutesSection {
  std::string text;
  std::int64_t version = 0;  // 0: never saved
  std::string by;            // display name of the last saver
  std::int64_t saved_ms = 0;
};

struct MinutesLock {
  boost::json::object content;  // the Document as approved (minutes/document.hpp)
  std::string content_sha256, chain_hash, key_id, public_key, signature;
  std::int64_t chain_seq = 0;
  std::int64_t locked_ms = 0;
};

struct MinutesAddendum {
  std::string text, by, chain_hash, key_id, signature;
  std::int64_t date_ms = 0;
  std::int64_t chain_seq = 0;
};

struct Minutes {
  std::map<std::string, MinutesSection> sections;  // by section id ("item:i4")
  bool presented = false;                   // read back since the last save
  std::optional<std::int64_t> approval_vote;  // the open vote on them
  std::optional<MinutesLock> lock;
  std::vector<MinutesAddendum> addenda;
};

// An observer's report on the fixed form (PROTOCOL.md observer.report).
struct ObserverReport {
  std::string participant, name, title, attendance, remarks, proposals;
  bool order_ok = true, content_ok = true;
  std::int64_t filed_ms = 0;
};

struct MeetingState {
  domain::Meeting meeting;
  std::int64_t head = 0;     // seq of the last applied event
  std::string head_hash;     // its hash (genesis before seq 1)
  // Everyone who has come into the meeting at least once, by participant id
  // (participant.arrived events): the attendance record of non-members too.
  std::map<std::string, Participant> arrived;

  std::string rules_name;   // the rule set the meeting opened under
  std::int64_t opened_ms = 0;
  std::int64_t closed_ms = 0;
  std::string chair;        // participant id
  std::string chair_name;   // as meeting.opened / role.appointed name them
  std::string minute_taker;
  std::vector<std::string> counting_committee;
  std::string committee_head;
  std::map<std::string, bool> introduced;

  std::vector<domain::AgendaItem> agenda;
  int next_item_no = 1;     // the server-assigned ids i<N> never repeat
  std::string current_item;

  std::vector<RollEntry> roll;   // the roster snapshot, in roster order
  bool rollcall_open = false;
  int rollcalls_closed = 0;

  std::deque<std::string> hands;       // participant ids, in the order raised
  std::optional<std::int64_t> floor;   // the speech in progress
  std::map<std::int64_t, Speech> speeches;

  std::map<std::int64_t, NamedVote> votes;
  std::optional<std::int64_t> open_vote;

  std::map<std::int64_t, SecretBallot> ballots;
  std::optional<std::int64_t> open_ballot;

  Minutes minutes;
  std::map<std::string, ObserverReport> observer_reports;  // by participant; the last one filed

  // Lookups. REQUIRE nothing; return nullptr when absent.
  const RollEntry* roll_entry(domain::Id member) const;
  RollEntry* roll_entry(domain::Id member);
  const domain::AgendaItem* agenda_item(const std::string& id) const;
  const domain::RuleSet& rules() const;  // the default set if none was recorded
  std::vector<domain::Attendee> attendees() const;
  // A participant's display name: roster, arrivals, or the id itself.
  std::string name_of(const std::string& participant) const;
};

// The first event of a meeting's log (store::Store::create_meeting fills its
// meeting id, seq and hashes). Its data is the meeting object without `id`,
// plus the template agenda for its kind.
// An annual review also gets one agenda item per member under review and the
// list of those not rated, from `roster` (DOMAIN.md "Annual review").
store::EventRecord created_event(const domain::Meeting& m, std::string actor, std::int64_t ts_ms,
                                 const std::vector<domain::Member>& roster = {});

// The state before any event.
MeetingState empty_state();

// Applies one event. REQUIRES: e.seq == s.head + 1 and e.prev_hash == s.head_hash
// (the caller checked the chain). Unknown event types only advance the head,
// so an older binary can still fold a newer log.
void apply(MeetingState& s, const store::EventRecord& e);

// Folds the data of one single `vote.cast`, `attendance.marked` or
// `hand.raised` that will be logged at `seq`, without moving the head (other
// types: nothing). The actor decides the commands it logs together in turn
// (PROTOCOL.md `vote.casts`, `attendance.marks`, `hands.raised`), each
// against the ones before it; the batch event's own fold then does the same
// again, which changes nothing.
void fold_single(MeetingState& s, std::string_view type, const boost::json::object& data, std::int64_t seq);

}  // namespace chibo::meeting
