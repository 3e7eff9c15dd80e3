// JSON codecs for the domain objects on the wire (PROTOCOL.md "Ops": member,
// meeting and unit objects). Decoders read through Args, so every bad field is
// an ArgError naming it.
#pragma once

#include <boost/json/object.hpp>

#include "domain/types.hpp"
#include "protocol/args.hpp"

namespace chibo::protocol {

boost::json::object to_json(const domain::Unit& u);
boost::json::object to_json(const domain::Member& m);
boost::json::object to_json(const domain::Meeting& m);

// Reads a member object (roster.add / roster.update). `with_id` requires `id`
// (update) or forbids it (add). `cell` is optional; when present it must equal
// `expected_cell` unless that is 0 (caller checks later).
domain::Member member_from_json(const boost::json::object& o, bool with_id, const std::string& prefix);

// Reads a meeting object as stored in meeting.created events (trusted data).
domain::Meeting meeting_from_json(const boost::json::object& o);

}  // namespace chibo::protocol
