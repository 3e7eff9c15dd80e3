// fuzz_protocol: the request decoder (protocol/envelope.hpp parse_request) on
// arbitrary frames, then each parsed request's `args` read through
// protocol::Args the way its op reads them (server/service/ops_*.cpp, restated
// here without the store: ids, strings, opt_*, nested objects, finish()).
//
// Invariants:
//  - a frame that does not parse fails with bad_json or bad_request only;
//    bad_json never carries `re`; a `re` is always a valid id (1..2^53-1);
//    the error reply serializes to JSON that parses back to the same code/re;
//  - a frame that parses was valid UTF-8; its id is in range, op non-empty;
//    every string and key in args is valid UTF-8; nesting within 32;
//  - a parsed request re-serialized parses to the same request (id, op, args),
//    and reply_ok(id, args) is JSON carrying the same args back;
//  - Args: every value returned is in its range; every string valid UTF-8 and
//    within its limit in code points (protocol::code_points agrees with
//    domain::text::count_code_points); after finish() every member was read;
//    every ArgError names a field (a member present, or one reported missing)
//    and its invalid_args reply is valid JSON;
//  - a member object read from args writes back (codec to_json) and reads
//    again to the same member; roster.import's csv obeys the CSV invariants
//    (roster_invariants.hpp); review.upload's base64 decodes only canonical
//    text (re-encoding gives it back).
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>

#include "auth/base64.hpp"
#include "domain/agenda.hpp"
#include "domain/ballot_rules.hpp"
#include "domain/roster_csv.hpp"
#include "domain/rules.hpp"
#include "domain/text.hpp"
#include "domain/types.hpp"
#include "fuzz_check.hpp"
#include "protocol/args.hpp"
#include "protocol/codec.hpp"
#include "protocol/envelope.hpp"
#include "protocol/errors.hpp"
#include "protocol/limits.hpp"
#include "roster_invariants.hpp"

namespace {

namespace json = boost::json;
using namespace chibo;
using protocol::ArgError;

// ---------------------------------------------------------------- JSON helpers

json::value parse_json(std::string_view s, const char* what) {
  json::parse_options opt;
  opt.max_depth = 64;  // replies wrap args one level deeper than the frame had them
  boost::system::error_code ec;
  json::value v = json::parse(s, ec, {}, opt);
  FUZZ_CHECK(!ec, std::string(what) + " is not JSON: " + ec.message());
  return v;
}

// Structural equality; doubles within a relative 1e-12 (the parser need not
// round the last bit the way the serializer wrote it).
bool same(const json::value& a, const json::value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case json::kind::null: return true;
    case json::kind::bool_: return a.get_bool() == b.get_bool();
    case json::kind::int64: return a.get_int64() == b.get_int64();
    case json::kind::uint64: return a.get_uint64() == b.get_uint64();
    case json::kind::double_: {
      const double x = a.get_double(), y = b.get_double();
      if (!std::isfinite(x) || !std::isfinite(y)) return x == y;
      return std::fabs(x - y) <= 1e-12 * std::fmax(std::fabs(x), std::fabs(y));
    }
    case json::kind::string: return a.get_string() == b.get_string();
    case json::kind::array: {
      const auto &x = a.get_array(), &y = b.get_array();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i)
        if (!same(x[i], y[i])) return false;
      return true;
    }
    case json::kind::object: {
      const auto &x = a.get_object(), &y = b.get_object();
      if (x.size() != y.size()) return false;
      for (const auto& kv : x) {
        const json::value* other = y.if_contains(kv.key());
        if (!other || !same(kv.value(), *other)) return false;
      }
      return true;
    }
  }
  return false;
}

bool utf8(std::string_view s) { return domain::text::is_valid_utf8(s); }

// Boost.JSON 1.81 reads a number too large for a double ("1e400") as
// infinity and writes it back as `Infinity`, which is not JSON. No op echoes
// a number it was sent (Args rejects doubles where it wants integers), so this
// cannot reach a client today; the round trips below skip such requests.
bool has_non_finite(const json::value& v) {
  if (v.is_double()) return !std::isfinite(v.get_double());
  if (v.is_array())
    for (const auto& e : v.get_array())
      if (has_non_finite(e)) return true;
  if (v.is_object())
    for (const auto& kv : v.get_object())
      if (has_non_finite(kv.value())) return true;
  return false;
}

// Depth as Boost.JSON's max_depth counts it (an object or array is one level).
int depth_and_text(const json::value& v) {
  int d = 0;
  if (v.is_string()) {
    FUZZ_CHECK(utf8(v.get_string()), "a parsed string is not valid UTF-8");
  } else if (v.is_array()) {
    for (const auto& e : v.get_array()) d = std::max(d, depth_and_text(e));
    ++d;
  } else if (v.is_object()) {
    for (const auto& kv : v.get_object()) {
      FUZZ_CHECK(utf8(kv.key()), "a parsed key is not valid UTF-8");
      d = std::max(d, depth_and_text(kv.value()));
    }
    ++d;
  }
  return d;
}

void check_text(std::string_view s, std::size_t max_chars) {
  FUZZ_CHECK(utf8(s), "Args returned a string that is not valid UTF-8");
  const std::size_t n = protocol::code_points(s);
  FUZZ_CHECK(n == domain::text::count_code_points(s), "the two code point counters disagree");
  FUZZ_CHECK(n <= max_chars, "Args returned a string over its limit");
}

// ------------------------------------------------------------ checked Args

// protocol::Args with what each accessor promises checked on the way out:
// values in range, strings valid UTF-8 within their limit; an ArgError names
// exactly the key asked for (with the object's prefix), with one of Args's
// reasons, and the reason is true of the value; finish() passes only when
// every member was read, and otherwise names one that was not.
class Checked {
 private:
  std::string name(std::string_view k) const {
    return prefix_.empty() ? std::string(k) : prefix_ + "." + std::string(k);
  }

  // Runs one accessor; checks any ArgError it throws against the value.
  template <class F>
  decltype(auto) call(std::string_view k, F&& f, std::size_t max_chars = 0) {
    read_.emplace(k);
    try {
      return f();
    } catch (const ArgError& e) {
      FUZZ_CHECK(e.field == name(k), "ArgError for " + name(k) + " names " + e.field);
      const json::value* v = o_.if_contains(k);
      const bool absent = !v || v->is_null();
      const std::string& why = e.reason;
      if (why == "required")
        FUZZ_CHECK(absent || (v->is_string() && v->get_string().empty()), name(k) + " given, yet 'required'");
      else if (why == "must be an integer" || why == "must be a string" || why == "must be true or false" ||
               why == "must be an object")
        FUZZ_CHECK(!absent, name(k) + " absent, yet of the wrong type");
      else if (why == "too long")
        FUZZ_CHECK(v && v->is_string() && protocol::code_points(v->get_string()) > max_chars,
                   name(k) + " 'too long' but within its limit");
      else
        FUZZ_CHECK(why == "out of range", "an Args reason outside its list: " + why);
      throw;
    }
  }

 public:
  explicit Checked(const json::object& o, std::string prefix = {})
      : o_(o), prefix_(prefix), a_(o, std::move(prefix)) {}

  std::int64_t id(std::string_view k) {
    return in_range(k, call(k, [&] { return a_.id(k); }), 1, protocol::kMaxRequestId);
  }
  std::optional<std::int64_t> opt_id(std::string_view k) {
    auto v = call(k, [&] { return a_.opt_id(k); });
    if (v) in_range(k, *v, 1, protocol::kMaxRequestId);
    return v;
  }
  std::int64_t integer(std::string_view k, std::int64_t min, std::int64_t max) {
    return in_range(k, call(k, [&] { return a_.integer(k, min, max); }), min, max);
  }
  std::optional<std::int64_t> opt_integer(std::string_view k, std::int64_t min, std::int64_t max) {
    auto v = call(k, [&] { return a_.opt_integer(k, min, max); });
    if (v) in_range(k, *v, min, max);
    return v;
  }
  std::string string(std::string_view k, std::size_t max = protocol::kMaxStringChars) {
    std::string s = call(k, [&] { return a_.string(k, max); }, max);
    FUZZ_CHECK(!s.empty(), "Args::string returned an empty string");
    check_text(s, max);
    return s;
  }
  std::optional<std::string> opt_string(std::string_view k, std::size_t max = protocol::kMaxStringChars) {
    auto s = call(k, [&] { return a_.opt_string(k, max); }, max);
    if (s) check_text(*s, max);
    return s;
  }
  bool opt_bool(std::string_view k, bool fallback) {
    return call(k, [&] { return a_.opt_bool(k, fallback); });
  }
  const json::object& object(std::string_view k) {
    return call(k, [&]() -> const json::object& { return a_.object(k); });
  }
  const json::value* opt_raw(std::string_view k) {
    const json::value* v = call(k, [&] { return a_.opt_raw(k); });
    FUZZ_CHECK(!v || !v->is_null(), "opt_raw returned null instead of nullptr");
    return v;
  }
  void finish() {
    try {
      a_.finish();
    } catch (const ArgError& e) {
      FUZZ_CHECK(e.reason == "unknown field", "finish() failed with reason " + e.reason);
      bool names_unread = false;
      for (const auto& kv : o_)
        names_unread = names_unread || (!read_.contains(kv.key()) && e.field == name(kv.key()));
      FUZZ_CHECK(names_unread, "finish() names a member that was read, or none: " + e.field);
      throw;
    }
    for (const auto& kv : o_)
      FUZZ_CHECK(read_.contains(kv.key()), "finish() passed with a member never read: " + std::string(kv.key()));
  }

 private:
  static std::int64_t in_range(std::string_view k, std::int64_t v, std::int64_t min, std::int64_t max) {
    FUZZ_CHECK(v >= min && v <= max, "Args returned " + std::string(k) + " out of range");
    return v;
  }
  const json::object& o_;
  std::string prefix_;
  protocol::Args a_;
  std::set<std::string, std::less<>> read_;
};

// --------------------------------------------- the ops' argument reading

template <class E>
E enum_arg(Checked& a, std::string_view key, std::optional<E> (*from)(std::string_view),
           const std::string& prefix = {}) {
  const std::string s = a.string(key, 40);
  auto v = from(s);
  if (!v) throw ArgError(prefix.empty() ? std::string(key) : prefix + "." + std::string(key), "unknown value");
  return *v;
}

constexpr domain::Date kToday{2026, 6, 15};

// member_from_json, then the member written back and read again.
void member_arg(const json::object& o, bool with_id) {
  domain::Member m;
  try {
    m = protocol::member_from_json(o, with_id, "member");
  } catch (const ArgError& e) {
    static const std::set<std::string, std::less<>> reasons{
        "required",         "must be an integer", "out of range",         "must be a string", "too long",
        "must be an object", "unknown field",     "unknown value",        "not a date YYYY-MM-DD",
        "must not be given", "must be true or false"};
    FUZZ_CHECK(e.field.starts_with("member.") &&
                   (o.contains(std::string_view(e.field).substr(7)) || e.reason == "required"),
               "a member error names no member field: " + e.field);
    FUZZ_CHECK(reasons.contains(e.reason), "a member error with an unlisted reason: " + e.reason);
    throw;
  }
  FUZZ_CHECK(!m.full_name.empty(), "member without a name");
  check_text(m.full_name, protocol::kMaxNameChars);
  check_text(m.phone, 40);
  check_text(m.note, 500);
  FUZZ_CHECK(with_id ? m.id >= 1 : m.id == 0, "member id");
  if (m.id == 0) m.id = 7;  // what the store assigns
  if (m.cell_id == 0) m.cell_id = 2;
  const json::object written = protocol::to_json(m);
  const json::value reparsed = parse_json(json::serialize(written), "a member object");
  const domain::Member again = protocol::member_from_json(reparsed.as_object(), true, "member");
  FUZZ_CHECK(fuzz::same_member(m, again), "a member does not survive to_json and back");
}

void items_arg(Checked& a) {
  const json::value* v = a.opt_raw("items");
  if (!v || !v->is_array()) throw ArgError("items", "required array");
  const auto& arr = v->as_array();
  if (arr.empty() || arr.size() > protocol::kMaxAgendaItems) throw ArgError("items", "1 to 40 items");
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const std::string prefix = "items." + std::to_string(i);
    if (!arr[i].is_object()) throw ArgError(prefix, "not an object");
    Checked o(arr[i].as_object(), prefix);
    o.opt_string("id", 16);
    o.string("title", protocol::kMaxAgendaTitleChars);
    enum_arg(o, "section", &domain::agenda_section_from, prefix);
    o.opt_string("key", protocol::kMaxAgendaKeyChars);
    o.opt_bool("thematic", false);
    o.opt_id("member");
    o.finish();
  }
}

void hello_args(Checked& a) {
  a.integer("v", 0, 1'000'000);
  const json::object& auth = a.object("auth");
  a.opt_id("meeting");
  a.opt_integer("since", 0, protocol::kMaxRequestId);
  a.finish();
  Checked au(auth, "auth");
  const auto user = au.opt_string("user", 100);
  const auto password = au.opt_string("password", 1024);
  const auto token = au.opt_string("token", 100);
  const auto join = au.opt_string("join", 100);
  au.finish();
  const int forms = (user || password ? 1 : 0) + (token ? 1 : 0) + (join ? 1 : 0);
  if (forms != 1 || (user.has_value() != password.has_value()))
    throw ArgError("auth", "give exactly one of user+password, token, join");
}

void ballot_open_args(Checked& a) {
  const std::string kind = a.string("kind", 20);
  a.string("subject", protocol::kMaxSubjectChars);
  auto array_of = [&](std::string_view key, std::size_t min, std::size_t max) -> const json::array& {
    const json::value* v = a.opt_raw(key);
    if (!v || !v->is_array()) throw ArgError(std::string(key), "required array");
    if (v->as_array().size() < min || v->as_array().size() > max) throw ArgError(std::string(key), "items");
    return v->as_array();
  };
  if (kind == "yes_no") {
    enum_arg(a, "decision", &domain::decision_kind_from);
  } else if (kind == "discipline") {
    for (const auto& p : array_of("penalties", 1, 4))
      if (!p.is_string() || !domain::penalty_from(p.as_string())) throw ArgError("penalties", "unknown value");
  } else if (kind == "election") {
    const auto& cands = array_of("candidates", 1, protocol::kMaxCandidates);
    for (std::size_t i = 0; i < cands.size(); ++i) {
      const std::string prefix = "candidates." + std::to_string(i);
      if (!cands[i].is_object()) throw ArgError(prefix, "not an object");
      Checked o(cands[i].as_object(), prefix);
      o.string("name", protocol::kMaxNameChars);
      o.opt_id("member");
      o.finish();
    }
    a.integer("seats", 1, static_cast<std::int64_t>(cands.size()));
  } else if (kind == "rating") {
    a.id("member");
  } else {
    throw ArgError("kind", "unknown value");
  }
}

void ballot_cast_args(Checked& a) {
  a.id("ballot");
  const json::value* v = a.opt_raw("choice");
  if (!v) throw ArgError("choice", "required");
  if (v->is_array()) {
    for (const auto& id : v->as_array())
      if (!id.is_string() || id.as_string().size() > 8) throw ArgError("choice", "candidate ids");
  } else if (!v->is_string()) {
    throw ArgError("choice", "a string or an array");
  }
  const std::string tracker = a.string("tracker", 32);
  if (tracker.size() != 32 || tracker.find_first_not_of("0123456789abcdef") != std::string::npos)
    throw ArgError("tracker", "32 lowercase hex characters");
  a.opt_string("key", protocol::kMaxIdempotencyKeyChars);
}

void import_args(Checked& a) {
  const auto cell = a.id("cell");
  const std::string csv = a.string("csv", protocol::kMaxCsvBytes);
  a.finish();
  if (csv.size() > protocol::kMaxCsvBytes) throw ArgError("csv", "too long");
  const auto parsed = domain::parse_roster_csv(csv, cell, kToday);
  fuzz::check_roster_parse(csv, cell, kToday, parsed, /*round_trip=*/true);
}

void upload_args(Checked& a) {
  a.id("meeting");
  a.opt_id("member");
  a.string("name", protocol::kMaxNameChars);
  a.string("mime", 100);
  a.integer("size", 1, 5 * 1024 * 1024);
  a.integer("offset", 0, 5 * 1024 * 1024);
  const std::string data = a.string("data", protocol::kMaxUploadChunkChars);
  a.finish();
  // auth/base64.hpp: only the canonical spelling decodes.
  if (auto bytes = auth::base64_decode(data))
    FUZZ_CHECK(auth::base64_encode(bytes->data(), bytes->size()) == data, "base64 decoded a non-canonical text");
}

// Ops that take `meeting` first, then their own args, then finish()
// (ops_conduct.cpp `conduct`).
void conduct(Checked& a, const std::function<void(Checked&)>& parse) {
  a.id("meeting");
  parse(a);
  a.finish();
}

using Op = std::function<void(Checked&)>;
Op in_meeting(std::function<void(Checked&)> f) {
  return [f](Checked& a) { conduct(a, f); };
}
void nothing(Checked&) {}

const std::map<std::string, Op, std::less<>>& ops() {
  static const std::map<std::string, Op, std::less<>> table{
      {"hello", hello_args},
      {"session.logout", [](Checked& a) { a.finish(); }},
      {"ping", [](Checked& a) { a.finish(); }},
      {"org.units", [](Checked& a) { a.finish(); }},
      {"roster.list", [](Checked& a) {
         a.id("cell");
         a.finish();
       }},
      {"roster.add",
       [](Checked& a) {
         a.id("cell");
         const json::object& m = a.object("member");
         a.finish();
         member_arg(m, false);
       }},
      {"roster.update",
       [](Checked& a) {
         const json::object& m = a.object("member");
         a.finish();
         member_arg(m, true);
       }},
      {"roster.remove", [](Checked& a) {
         a.id("id");
         a.finish();
       }},
      {"roster.import", import_args},
      {"roster.export", [](Checked& a) {
         a.id("cell");
         a.finish();
       }},
      {"meeting.list", [](Checked& a) {
         a.id("cell");
         a.finish();
       }},
      {"meeting.create",
       [](Checked& a) {
         a.id("cell");
         const std::string kind = a.string("kind", 40);
         a.string("title", protocol::kMaxNameChars);
         a.string("starts_at", 16);
         a.opt_string("place", protocol::kMaxPlaceChars);
         a.opt_string("video_url", protocol::kMaxPlaceChars);
         a.finish();
         if (!domain::meeting_kind_from(kind)) throw ArgError("kind", "unknown value");
       }},
      {"meeting.join",
       [](Checked& a) {
         a.id("meeting");
         a.opt_integer("since", 0, protocol::kMaxRequestId);
         a.finish();
       }},
      {"meeting.leave", [](Checked& a) {
         a.id("meeting");
         a.finish();
       }},
      {"link.issue",
       [](Checked& a) {
         a.id("meeting");
         const auto member = a.opt_id("member");
         const bool all = a.opt_bool("all", false);
         a.finish();
         if (all == member.has_value()) throw ArgError("member", "give member or all=true");
       }},
      {"link.issue_guest",
       [](Checked& a) {
         a.id("meeting");
         a.string("name", protocol::kMaxNameChars);
         a.opt_string("title", protocol::kMaxNameChars);
         a.opt_bool("observer", true);
         a.finish();
       }},
      {"link.list", [](Checked& a) {
         a.id("meeting");
         a.finish();
       }},
      {"link.revoke",
       [](Checked& a) {
         a.id("meeting");
         a.string("link", 16);
         a.finish();
       }},
      {"agenda.set", in_meeting(items_arg)},
      {"agenda.template", in_meeting(nothing)},
      {"agenda.goto", in_meeting([](Checked& a) { a.string("item", 16); })},
      {"role.appoint", in_meeting([](Checked& a) {
         const std::string role = a.string("role", 40);
         if (role == "counting_committee") {
           const json::value* v = a.opt_raw("members");
           if (!v || !v->is_array()) throw ArgError("members", "required array");
           for (const auto& m : v->as_array())
             if (!m.is_string() || m.as_string().size() > protocol::kMaxParticipantIdChars)
               throw ArgError("members", "participant ids");
           a.string("head", protocol::kMaxParticipantIdChars);
         } else if (role == "chair" || role == "minute_taker") {
           a.string("participant", protocol::kMaxParticipantIdChars);
         } else {
           throw ArgError("role", "unknown value");
         }
       })},
      {"participant.introduce", in_meeting([](Checked& a) {
         if (!a.opt_string("participant", protocol::kMaxParticipantIdChars)) {
           a.string("name", protocol::kMaxNameChars);
           a.opt_string("title", protocol::kMaxNameChars);
           a.opt_bool("observer", false);
         }
       })},
      {"rollcall.open", in_meeting(nothing)},
      {"rollcall.close", in_meeting(nothing)},
      {"rollcall.checkin", in_meeting(nothing)},
      {"attendance.mark", in_meeting([](Checked& a) {
         a.id("member");
         enum_arg(a, "attendance", &domain::attendance_from);
         if (a.opt_raw("reason")) enum_arg(a, "reason", &domain::absence_reason_from);
         a.opt_string("note", protocol::kMaxAbsenceNoteChars);
       })},
      {"hand.raise", in_meeting(nothing)},
      {"hand.lower", in_meeting([](Checked& a) { a.opt_string("participant", protocol::kMaxParticipantIdChars); })},
      {"floor.give", in_meeting([](Checked& a) { a.string("participant", protocol::kMaxParticipantIdChars); })},
      {"floor.end", in_meeting(nothing)},
      {"speech.gist", in_meeting([](Checked& a) {
         a.id("speech");
         if (!a.opt_string("text", protocol::kMaxGistChars)) throw ArgError("text", "required");
       })},
      {"vote.open", in_meeting([](Checked& a) {
         a.string("subject", protocol::kMaxSubjectChars);
         enum_arg(a, "decision", &domain::decision_kind_from);
         a.opt_string("text", protocol::kMaxVoteTextChars);
       })},
      {"vote.cast", in_meeting([](Checked& a) {
         a.id("vote");
         enum_arg(a, "choice", &domain::choice_from);
         a.opt_string("key", protocol::kMaxIdempotencyKeyChars);
       })},
      {"vote.close", in_meeting([](Checked& a) { a.id("vote"); })},
      {"ballot.open", in_meeting(ballot_open_args)},
      {"ballot.cast", in_meeting(ballot_cast_args)},
      {"ballot.reopen", in_meeting([](Checked& a) { a.id("ballot"); })},
      {"ballot.close", in_meeting([](Checked& a) { a.id("ballot"); })},
      {"ballot.confirm", in_meeting([](Checked& a) { a.id("ballot"); })},
      {"meeting.open", in_meeting(nothing)},
      {"meeting.close", in_meeting(nothing)},
      {"meeting.notice", in_meeting([](Checked& a) { a.string("text", protocol::kMaxNoticeChars); })},
      {"review.submit",
       [](Checked& a) {
         a.id("meeting");
         a.opt_id("member");
         if (auto r = a.opt_string("self_rating", 20); r && !domain::rating_from(*r))
           throw ArgError("self_rating", "unknown value");
         a.opt_string("text", protocol::kMaxReviewTextChars);
         a.finish();
       }},
      {"review.upload", upload_args},
      {"review.get",
       [](Checked& a) {
         a.id("meeting");
         a.id("member");
         a.finish();
       }},
      {"review.file",
       [](Checked& a) {
         a.id("meeting");
         a.id("member");
         a.opt_integer("offset", 0, protocol::kMaxRequestId);
         a.finish();
       }},
  };
  return table;
}

// --------------------------------------------------------------- checks

void check_error_reply(std::optional<std::int64_t> re, protocol::ErrorCode code, const json::object& details) {
  const std::string reply = protocol::reply_error(re, code, &details);
  const json::value v = parse_json(reply, "an error reply");
  const json::object& o = v.as_object();
  FUZZ_CHECK(o.at("ok") == false, "error reply without ok:false");
  FUZZ_CHECK(re ? o.at("re") == *re : o.at("re").is_null(), "error reply with the wrong re");
  const json::object& err = o.at("error").as_object();
  FUZZ_CHECK(protocol::error_code_from(err.at("code").as_string()) == code, "error code does not read back");
  FUZZ_CHECK(same(err.at("details"), details), "error details changed on the way out");
}

void check_envelope_error(std::string_view frame, const protocol::EnvelopeError& e) {
  using protocol::ErrorCode;
  FUZZ_CHECK(e.code == ErrorCode::bad_json || e.code == ErrorCode::bad_request,
             "parse_request failed with a code other than bad_json/bad_request");
  FUZZ_CHECK(e.code != ErrorCode::bad_json || !e.re, "bad_json with a re");
  FUZZ_CHECK(!e.re || (*e.re >= 1 && *e.re <= protocol::kMaxRequestId), "re out of range");
  FUZZ_CHECK(!e.detail.empty(), "an envelope error without a reason");
  FUZZ_CHECK(utf8(e.detail), "details.reason is not valid UTF-8");
  (void)frame;
  check_error_reply(e.re, e.code, json::object{{"reason", e.detail}});
}

void check_round_trips(const protocol::Request& r) {
  // Re-serialized, the request reads back the same.
  json::object env{{"id", r.id}, {"op", r.op}, {"args", r.args}};
  const auto again = protocol::parse_request(json::serialize(env));
  const auto* r2 = std::get_if<protocol::Request>(&again);
  FUZZ_CHECK(r2, "a parsed request does not parse again once serialized: " +
                     std::get<protocol::EnvelopeError>(again).detail);
  FUZZ_CHECK(r2->id == r.id && r2->op == r.op && same(r2->args, r.args), "a request changed on a round trip");

  // A reply carrying the args is JSON with the args in it.
  const json::value reply = parse_json(protocol::reply_ok(r.id, r.args), "an ok reply");
  const json::object& ok = reply.as_object();
  FUZZ_CHECK(ok.at("re") == r.id && ok.at("ok") == true && same(ok.at("result"), r.args), "ok reply");
}

void check_op_args(const protocol::Request& r) {
  const auto& table = ops();
  const auto it = table.find(r.op);
  if (it == table.end()) return;  // unknown_op: args are never read
  try {
    Checked a(r.args);
    it->second(a);
  } catch (const ArgError& e) {
    FUZZ_CHECK(utf8(e.field), "ArgError field not UTF-8");  // "" only for a member named ""
    FUZZ_CHECK(!e.reason.empty(), "ArgError without a reason");
    // The field is a member of args (possibly nested: "member.full_name",
    // "items.3.title"), or one that is missing.
    bool present = r.args.contains(e.field);
    for (std::size_t dot = e.field.find('.'); !present && dot != std::string::npos; dot = e.field.find('.', dot + 1))
      present = r.args.contains(std::string_view(e.field).substr(0, dot));
    FUZZ_CHECK(present || e.reason.find("required") != std::string::npos,
               "ArgError names a field that is neither given nor required: " + e.field + " (" + e.reason + ")");
    check_error_reply(r.id, protocol::ErrorCode::invalid_args, json::object{{"field", e.field}, {"reason", e.reason}});
  }
}

void check_request(std::string_view frame, const protocol::Request& r) {
  FUZZ_CHECK(utf8(frame), "a frame that is not UTF-8 parsed");
  FUZZ_CHECK(r.id >= 1 && r.id <= protocol::kMaxRequestId, "id out of range");
  FUZZ_CHECK(!r.op.empty() && utf8(r.op), "op empty or not UTF-8");
  FUZZ_CHECK(depth_and_text(r.args) <= protocol::kMaxJsonDepth - 1, "args nested deeper than the limit allows");

  if (!has_non_finite(r.args)) check_round_trips(r);
  check_op_args(r);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view frame(reinterpret_cast<const char*>(data), size);
  const auto parsed = protocol::parse_request(frame);
  if (const auto* e = std::get_if<protocol::EnvelopeError>(&parsed))
    check_envelope_error(frame, *e);
  else
    check_request(frame, std::get<protocol::Request>(parsed));
  return 0;
}
