// Joining a meeting, shared by `hello` (with `meeting`) and `meeting.join`.
#pragma once

#include <memory>

#include "meeting/meeting_actor.hpp"
#include "service/connection.hpp"

namespace chibo::service {

class Service;

// Leaves the connection's current meeting, checks the caller may join
// `meeting`, and joins it. `done` runs on the actor's strand (or at once on
// error) and must deliver the reply before returning, so that the replayed
// events follow it. REQUIRES: on conn's strand, conn->principal set.
void join_meeting(Service& svc, const std::shared_ptr<Connection>& conn, domain::Id meeting,
                  std::int64_t since, meeting::MeetingActor::JoinDone done);

}  // namespace chibo::service
