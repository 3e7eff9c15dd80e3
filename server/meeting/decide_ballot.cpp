// Secret ballots, phiếu kín (PROTOCOL.md "Secret ballots"; DOMAIN.md "Votes";
// docs/secret-ballot.md). Casting only checks and hands a ballot to the box;
// the close counts the box by the rule set and seals it into one event.
#include <algorithm>
#include <set>

#include "meeting/decide_impl.hpp"
#include "store/hash_chain.hpp"

namespace chibo::meeting::detail {
namespace json = boost::json;
using namespace domain;

namespace {

std::string_view penalty_label(Penalty p) {
  switch (p) {
    case Penalty::expulsion: return "Khai trừ ra khỏi Đảng";
    case Penalty::removal: return "Cách chức";
    case Penalty::warning: return "Cảnh cáo";
    case Penalty::reprimand: return "Khiển trách";
  }
  return "";
}

std::string_view rating_label(Rating r) {
  switch (r) {
    case Rating::excellent: return "Hoàn thành xuất sắc nhiệm vụ";
    case Rating::good: return "Hoàn thành tốt nhiệm vụ";
    case Rating::completed: return "Hoàn thành nhiệm vụ";
    case Rating::not_completed: return "Không hoàn thành nhiệm vụ";
  }
  return "";
}

json::array options_json(const std::vector<BallotOption>& options) {
  json::array a;
  for (const auto& o : options) a.push_back(json::object{{"id", o.id}, {"label", o.label}});
  return a;
}

Decision open_ballot(Ctx& c, const cmd::BallotOpen& b) {
  const MeetingState& s = c.s;
  if (!c.chair_level()) return c.refuse(ErrorCode::forbidden);
  if (s.open_ballot) return c.refuse(ErrorCode::conflict, "ballot_open");
  const BallotKind kind = *ballot_kind_from(b.kind);  // checked by the service
  const std::int64_t id = c.next_seq();
  json::object data{{"ballot", id}, {"kind", b.kind}, {"subject", b.subject}, {"method", "secret"}};
  std::vector<BallotOption> options;
  switch (kind) {
    case BallotKind::yes_no:
      options = {{"for", "Đồng ý"}, {"against", "Không đồng ý"}};
      data["decision"] = to_string(b.decision);
      data["rule"] = to_rule_name(threshold(b.decision, s.rules()));
      break;
    case BallotKind::discipline: {
      std::vector<Penalty> ps = b.penalties;
      std::sort(ps.begin(), ps.end());  // harshest first, as counted
      ps.erase(std::unique(ps.begin(), ps.end()), ps.end());
      for (Penalty p : ps) options.push_back({std::string(to_string(p)), std::string(penalty_label(p))});
      options.push_back({"none", "Không kỷ luật"});
      break;
    }
    case BallotKind::election:
      for (std::size_t i = 0; i < b.candidates.size(); ++i)
        options.push_back({"c" + std::to_string(i + 1), b.candidates[i].name});
      if (b.seats < 1 || b.seats > static_cast<int>(b.candidates.size()))
        return c.refuse(ErrorCode::invalid_args, "seats");
      data["seats"] = b.seats;
      break;
    case BallotKind::rating: {
      const RollEntry* e = s.roll_entry(b.member);
      if (!e) return c.refuse(ErrorCode::not_found);
      const Date on = parse_date(s.meeting.starts_at.substr(0, 10)).value_or(Date{});
      if (not_rated(e->member, on, s.rules()) != NotRated::none) return c.refuse(ErrorCode::conflict, "not_rated");
      for (Rating r : {Rating::excellent, Rating::good, Rating::completed, Rating::not_completed})
        options.push_back({std::string(to_string(r)), std::string(rating_label(r))});
      data["member"] = e->member.id;
      data["member_name"] = e->member.full_name;
      break;
    }
  }
  json::array eligible;
  for (const auto& e : s.roll)
    if (can_vote(e.attendee())) eligible.push_back(json::string("member:" + std::to_string(e.member.id)));
  data["options"] = options_json(options);
  data["item"] = s.current_item;
  data["issued"] = static_cast<std::int64_t>(eligible.size());
  data["eligible"] = std::move(eligible);
  data["denominator"] = denominator(s.attendees());
  data["rules"] = s.rules().name;
  c.emit("ballot.opened", std::move(data));
  c.d.result["ballot"] = id;
  return c.done();
}

// The canonical form of a choice (PROTOCOL.md: an option id, sorted
// candidate ids joined by ",", or "blank"); nullopt when it is not one.
std::optional<std::string> canonical_choice(const SecretBallot& b, const cmd::BallotCast& cast) {
  if (b.kind != BallotKind::election) {
    if (cast.list || cast.choice.size() != 1) return std::nullopt;
    const std::string& ch = cast.choice.front();
    if (ch == "blank" || b.option(ch)) return ch;
    return std::nullopt;
  }
  if (!cast.list) {
    if (cast.choice.size() == 1 && cast.choice.front() == "blank") return "blank";
    return std::nullopt;
  }
  std::vector<std::string> ids = cast.choice;
  std::sort(ids.begin(), ids.end());
  if (std::adjacent_find(ids.begin(), ids.end()) != ids.end()) return std::nullopt;
  if (static_cast<int>(ids.size()) > b.seats) return std::nullopt;
  std::string out;
  for (const auto& id : ids) {
    if (!b.option(id)) return std::nullopt;
    out += (out.empty() ? "" : ",") + id;
  }
  return out.empty() ? "blank" : out;
}

Decision cast_ballot(Ctx& c, const cmd::BallotCast& cast) {
  const MeetingState& s = c.s;
  auto it = s.ballots.find(cast.ballot);
  if (it == s.ballots.end()) return c.refuse(ErrorCode::not_found);
  const SecretBallot& b = it->second;
  if (!b.open) return c.refuse(ErrorCode::vote_closed);
  const RollEntry* e = c.who.member ? s.roll_entry(*c.who.member) : nullptr;
  const bool boxed = c.box && c.box->ballot() == b.id;
  if (e && boxed && c.box->has_voted(e->member.id)) {
    // A retried request is answered as the first was; a second, different
    // ballot is refused: no re-voting unless the whole ballot is reopened.
    if (!cast.key.empty() && c.box->key_of(e->member.id) == cast.key) {
      c.d.result = {{"held", true}, {"duplicate", true}, {"turnout", static_cast<std::int64_t>(c.box->turnout())}};
      c.d.immediate = true;
      return c.done();
    }
    return c.refuse(ErrorCode::conflict, "already_voted");
  }
  if (!e || !can_vote(e->attendee())) return c.refuse(ErrorCode::not_eligible);
  auto choice = canonical_choice(b, cast);
  if (!choice) return c.refuse(ErrorCode::invalid_args, "choice");
  if (boxed && c.box->tracker_taken(cast.tracker)) return c.refuse(ErrorCode::conflict, "tracker_taken");
  c.d.hold = Hold{e->member.id, cast.key, BoxedBallot{cast.tracker, *choice}};
  c.d.result = {{"held", true}, {"turnout", static_cast<std::int64_t>(boxed ? c.box->turnout() : 0) + 1}};
  c.d.immediate = true;
  return c.done();
}

// ---- counting at the close ----

struct Count {
  std::map<std::string, int> per_option;  // valid ballots; an election ballot counts for each candidate named
  int returned = 0, valid = 0, invalid = 0;
  std::set<std::string> distinct;  // distinct valid choices
};

Count count(const SecretBallot& b, const std::vector<BoxedBallot>& box) {
  Count n;
  for (const auto& o : b.options) n.per_option[o.id] = 0;
  for (const auto& ballot : box) {
    ++n.returned;
    if (ballot.choice == "blank") {
      ++n.invalid;
      continue;
    }
    ++n.valid;
    n.distinct.insert(ballot.choice);
    std::size_t start = 0;
    while (start <= ballot.choice.size()) {
      const std::size_t comma = std::min(ballot.choice.find(',', start), ballot.choice.size());
      ++n.per_option[ballot.choice.substr(start, comma - start)];
      start = comma + 1;
    }
  }
  return n;
}

json::object result_of(const MeetingState& s, const SecretBallot& b, const Count& n, int denom) {
  const RuleSet& rules = s.rules();
  switch (b.kind) {
    case BallotKind::yes_no: {
      const VoteResult r = vote_result(Tally{n.per_option.at("for"), n.per_option.at("against"), 0}, denom,
                                       b.decision, rules);
      return {{"passed", r.passed}, {"required", r.required}, {"rule", to_rule_name(r.rule)}};
    }
    case BallotKind::discipline: {
      std::vector<PenaltyCount> v;
      for (const auto& o : b.options)
        if (auto p = penalty_from(o.id)) v.push_back({*p, n.per_option.at(o.id)});
      const DisciplineResult r = discipline_result(v, denom, rules);
      return {{"penalty", r.penalty ? json::value(to_string(*r.penalty)) : json::value(nullptr)},
              {"cumulative", r.cumulative},
              {"required", r.required}};
    }
    case BallotKind::election: {
      std::vector<CandidateCount> v;
      for (const auto& o : b.options) v.push_back({o.id, n.per_option.at(o.id)});
      const ElectionResult r = election_result(v, b.seats, denom, rules);
      json::array elected, tied;
      for (const auto& id : r.elected) elected.push_back(json::string(id));
      for (const auto& id : r.tied) tied.push_back(json::string(id));
      return {{"elected", std::move(elected)}, {"tied", std::move(tied)}, {"required", r.required}};
    }
    case BallotKind::rating: {
      std::vector<RatingCount> v;
      for (Rating l : {Rating::excellent, Rating::good, Rating::completed, Rating::not_completed})
        v.push_back({l, n.per_option.at(std::string(to_string(l)))});
      const RatingResult r = rating_result(v, denom, rules);
      return {{"level", to_string(r.level)}, {"cumulative", r.cumulative}, {"required", r.required}};
    }
  }
  return {};
}

// DOMAIN.md "Quota": over every rating proposed in this meeting, this one included.
json::object quota_json(const MeetingState& s, std::optional<Rating> now) {
  int excellent = 0, good = 0;
  auto add = [&](std::optional<Rating> r) {
    if (r == Rating::excellent) ++excellent;
    if (r == Rating::good) ++good;
  };
  for (const auto& [id, b] : s.ballots)
    if (b.kind == BallotKind::rating && !b.open) add(b.rated);
  add(now);
  const QuotaCheck q = quota_check(excellent, good, s.rules());
  return {{"excellent", q.excellent}, {"good", q.good}, {"allowed", q.allowed}, {"exceeded", q.exceeded}};
}

Decision close_ballot(Ctx& c, const cmd::BallotClose& cl) {
  const MeetingState& s = c.s;
  if (!c.chair_level()) return c.refuse(ErrorCode::forbidden);
  auto it = s.ballots.find(cl.ballot);
  if (it == s.ballots.end()) return c.refuse(ErrorCode::not_found);
  const SecretBallot& b = it->second;
  if (!b.open) return c.refuse(ErrorCode::vote_closed);

  // The box, sorted by tracker: its order is the trackers' (random), not the casting order.
  std::vector<BoxedBallot> box;
  std::vector<std::string> voted;
  if (c.box && c.box->ballot() == b.id) {
    box = c.box->ballots();
    voted = c.box->voted();
  }
  std::sort(box.begin(), box.end(), [](const BoxedBallot& x, const BoxedBallot& y) { return x.tracker < y.tracker; });
  std::string lines;
  json::array box_json;
  for (const auto& ballot : box) {
    lines += ballot.tracker + " " + ballot.choice + "\n";
    box_json.push_back(json::object{{"tracker", ballot.tracker}, {"choice", ballot.choice}});
  }
  json::array voted_json;
  for (const auto& p : voted) voted_json.push_back(json::string(p));

  const Count n = count(b, box);
  const int denom = denominator(s.attendees());
  json::object counts;
  for (const auto& o : b.options) counts[o.id] = n.per_option.at(o.id);
  json::object result = result_of(s, b, n, denom);
  json::object data{{"ballot", b.id},
                    {"kind", to_string(b.kind)},
                    {"subject", b.subject},
                    {"issued", b.issued},
                    {"returned", n.returned},
                    {"valid", n.valid},
                    {"invalid", n.invalid},
                    {"voted", std::move(voted_json)},
                    {"counts", std::move(counts)},
                    {"denominator", denom},
                    {"result", result},
                    {"box", std::move(box_json)},
                    {"fingerprint", store::sha256_hex(lines)},
                    {"secrecy", to_string(secrecy_limit(n.returned, static_cast<int>(n.distinct.size()), n.valid,
                                                        s.rules()))},
                    {"rules", s.rules().name}};
  if (b.kind == BallotKind::rating) {
    data["member"] = b.member;
    data["quota"] = quota_json(s, rating_from(result.at("level").as_string()));
  }
  c.emit("ballot.closed", std::move(data));
  return c.done();
}

}  // namespace

Decision decide_ballot(Ctx& c, const cmd::Command& command) {
  const MeetingState& s = c.s;
  if (auto* o = std::get_if<cmd::BallotOpen>(&command)) return open_ballot(c, *o);
  if (auto* v = std::get_if<cmd::BallotCast>(&command)) return cast_ballot(c, *v);
  if (auto* cl = std::get_if<cmd::BallotClose>(&command)) return close_ballot(c, *cl);
  if (auto* r = std::get_if<cmd::BallotReopen>(&command)) {
    if (!c.chair_level()) return c.refuse(ErrorCode::forbidden);
    auto it = s.ballots.find(r->ballot);
    if (it == s.ballots.end()) return c.refuse(ErrorCode::not_found);
    if (!it->second.open) return c.refuse(ErrorCode::vote_closed);
    const auto voided = static_cast<std::int64_t>(c.box && c.box->ballot() == r->ballot ? c.box->turnout() : 0);
    c.emit("ballot.reopened", {{"ballot", r->ballot}, {"voided", voided}});
    return c.done();
  }
  const auto& conf = std::get<cmd::BallotConfirm>(command);
  auto it = s.ballots.find(conf.ballot);
  if (it == s.ballots.end()) return c.refuse(ErrorCode::not_found);
  // The committee's head confirms its report; with no committee, the chair.
  const bool head = s.committee_head.empty() ? c.chair_level() : c.who.participant == s.committee_head;
  if (!head) return c.refuse(ErrorCode::forbidden);
  if (it->second.open) return c.refuse(ErrorCode::conflict, "ballot_open");
  if (it->second.confirmed) return c.done();
  c.emit("ballot.confirmed", {{"ballot", conf.ballot}, {"by", c.who.name}, {"participant", c.who.participant}});
  return c.done();
}

}  // namespace chibo::meeting::detail
