// A person in a meeting, as PROTOCOL.md's `participants` lists them.
#pragma once

#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "auth/principal.hpp"
#include "domain/types.hpp"

namespace chibo::meeting {

struct Participant {
  std::string id;    // "member:5", "account:3", "guest:<link id>"
  std::string name;
  std::string role;  // "member" | "observer" | "guest"
  std::string title; // observers and guests
  std::optional<domain::Member> member;  // roster data for members
};

Participant participant_of(const domain::Member& m);
Participant participant_of(const auth::Principal& p, const std::optional<domain::Member>& m);
// As a log entry (participant.arrived): an arrival means online itself.
boost::json::object to_json(const Participant& p);
// As the join answer lists them: with whether they are connected now.
boost::json::object to_json(const Participant& p, bool online);
Participant participant_from_json(const boost::json::object& o);  // inverse (ignores online)

}  // namespace chibo::meeting
