// JSON shapes of the meeting events (PROTOCOL.md "Meeting events"), shared by
// the fold (reading) and the decisions (writing), so both agree on spelling.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "domain/agenda.hpp"
#include "domain/rules.hpp"
#include "meeting/meeting_state.hpp"

namespace chibo::meeting {

boost::json::object to_json(const domain::AgendaItem& item);
boost::json::array to_json(const std::vector<domain::AgendaItem>& items);
// Lenient (the log was written by us): unknown sections read as proceedings.
std::vector<domain::AgendaItem> agenda_from_json(const boost::json::array& a);

boost::json::object to_json(const domain::AttendanceSummary& s, const domain::RuleSet& rules);
boost::json::object to_json(const domain::Tally& t);
// A roster-snapshot entry as `meeting.opened` lists it (an unmarked member:
// the opening's roll).
boost::json::object roll_entry_json(const RollEntry& e);

// An event's data as clients receive it (PROTOCOL.md "Events"): the same as
// logged, except for batches and keys. A cast's idempotency key stays in the
// log (only the server reads it: a retried cast, even after a restart); a
// batch's answers are sent as member ids grouped by choice (`vote.casts`
// "choices"), and its plain check-ins as a list of ids (`attendance.marks`
// "present"). A congress's casts and check-ins go to all 2,000 phones.
std::string sent_data(std::string_view type, const std::string& data);

// Reading helpers for event data: absent or wrongly typed fields read as empty.
std::string str_of(const boost::json::object& o, std::string_view key);
std::int64_t int_of(const boost::json::object& o, std::string_view key);
bool bool_of(const boost::json::object& o, std::string_view key);

}  // namespace chibo::meeting
