// The commands a meeting accepts (PROTOCOL.md "Running a meeting"), already
// parsed and shape-checked by the service layer; whether they are allowed in
// the meeting's current state is decided by decide() (meeting/decide.hpp).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/agenda.hpp"
#include "domain/ballot_rules.hpp"
#include "domain/rules.hpp"
#include "domain/types.hpp"
#include "store/records.hpp"

namespace chibo::meeting::cmd {

struct Open {};
struct Close {};
struct Notice { std::string text; };

// An agenda item as the client sent it: id empty for a new item.
struct AgendaSet { std::vector<domain::AgendaItem> items; };
struct AgendaTemplate {};
struct AgendaGoto { std::string item; };

struct Appoint {
  std::string role;                 // "chair" | "minute_taker" | "counting_committee"
  std::string participant;          // chair, minute_taker
  std::vector<std::string> members; // counting_committee
  std::string head;                 // counting_committee
};
struct Introduce {
  std::optional<std::string> participant;  // an arrived observer/guest, or
  std::string name, title;                 // someone attending without a link
  bool observer = false;
};

struct RollcallOpen {};
struct RollcallClose {};
struct Checkin {};
struct Mark {
  domain::Id member = 0;
  domain::Attendance attendance = domain::Attendance::present;
  std::optional<domain::AbsenceReason> reason;
  std::string note;
};

struct HandRaise {};
struct HandLower { std::optional<std::string> participant; };
struct FloorGive { std::string participant; };
struct FloorEnd {};
struct Gist { std::int64_t speech = 0; std::string text; };

struct VoteOpen {
  std::string subject, text;
  domain::DecisionKind decision = domain::DecisionKind::ordinary;
};
struct VoteCast {
  std::int64_t vote = 0;
  domain::Choice choice = domain::Choice::yes;
  std::string key;  // idempotency key, may be empty
};
struct VoteClose { std::int64_t vote = 0; };

// Secret ballots (PROTOCOL.md "Secret ballots").
struct Candidate {
  std::string name;
  domain::Id member = 0;  // 0: not on the roster
};
struct BallotOpen {
  std::string kind;  // "yes_no" | "discipline" | "election" | "rating"
  std::string subject;
  domain::DecisionKind decision = domain::DecisionKind::ordinary;
  std::vector<domain::Penalty> penalties;
  std::vector<Candidate> candidates;
  int seats = 1;
  domain::Id member = 0;
};
struct BallotCast {
  std::int64_t ballot = 0;
  std::vector<std::string> choice;  // one option id, "blank", or candidate ids
  bool list = false;                // the choice was an array (elections)
  std::string tracker, key;
};
struct BallotReopen { std::int64_t ballot = 0; };
struct BallotClose { std::int64_t ballot = 0; };
struct BallotConfirm { std::int64_t ballot = 0; };

// A self-review submission (PROTOCOL.md review.submit / review.upload); the
// service checked that `member` is on the cell's roster.
struct ReviewSubmit {
  domain::Id member = 0;
  std::string member_name;
  std::optional<std::string> self_rating;
  std::optional<std::string> text;
  std::shared_ptr<const store::ReviewWrite::File> file;
};

// The minutes (PROTOCOL.md "Minutes").
struct MinutesSave {
  std::string section, text;
  std::int64_t base = 0;  // the version the text was edited from
};
struct MinutesPresent {};
struct MinutesApprove {};
struct MinutesAddendum { std::string text; };
struct ObserverReportFile {
  std::string attendance, remarks, proposals;
  bool order_ok = true, content_ok = true;
};

using Command = std::variant<Open, Close, Notice, AgendaSet, AgendaTemplate, AgendaGoto, Appoint, Introduce,
                             RollcallOpen, RollcallClose, Checkin, Mark, HandRaise, HandLower, FloorGive,
                             FloorEnd, Gist, VoteOpen, VoteCast, VoteClose, BallotOpen, BallotCast,
                             BallotReopen, BallotClose, BallotConfirm, ReviewSubmit, MinutesSave, MinutesPresent,
                             MinutesApprove, MinutesAddendum, ObserverReportFile>;

}  // namespace chibo::meeting::cmd
