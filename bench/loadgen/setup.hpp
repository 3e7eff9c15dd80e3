// Setting up through the protocol what the scenarios play: the demo
// secretary (bithu / chibo-demo on a server started with --demo) logs in once,
// imports enough members into the demo cell that a meeting can have N of them
// (roster.import, 500 rows a call), and each chair connection (the same
// account, by session token) creates a meeting, issues every member's join
// link, opens it and joins it. Every meeting is in the demo cell, so all share
// one roster: the cheapest honest way to get M meetings of N members, as
// each meeting still snapshots and counts its own N.
#pragma once

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "conn.hpp"

namespace chibo::loadgen {

struct Session {
  std::string token;
  std::int64_t cell = 0;
};

// Logs in as the demo secretary and makes the demo cell hold at least
// `members` members. Errors are counted in `stats`; empty token on failure.
asio::awaitable<Session> admin_setup(asio::io_context& io, asio::ip::tcp::endpoint server, int members,
                                     Stats& stats);

struct MeetingSetup {
  std::int64_t id = 0;
  std::vector<std::string> links;       // join tokens of the first N members (by id)
  std::vector<std::string> agenda;      // agenda item ids (from meeting.created)
};

// On `chair` (already said hello): creates, links, opens and joins a meeting.
asio::awaitable<bool> create_meeting(Conn& chair, const Session& s, std::string title, int members,
                                     MeetingSetup& out, Stats& stats);

// A chair's connection (source address 1,000,000 + index), its hello with the
// secretary's session token, then create_meeting. false: counted in `stats`.
asio::awaitable<bool> open_chair(asio::io_context& io, asio::ip::tcp::endpoint server, const Session& s, int index,
                                 std::string title, int members, std::unique_ptr<Conn>& chair, MeetingSetup& out,
                                 Stats& stats);

// A ballot tracker (PROTOCOL.md ballot.cast): 32 hex digits.
std::string random_tracker(std::mt19937_64& rng);
// True when the array frame.data[key] holds `who`.
bool in_list(const json::object& frame, const char* key, const std::string& who);

// hello helpers: the whole reply, or nullopt (counted).
// hello {batch: true} (PROTOCOL.md "Batched messages"); --no-batch clears it.
extern bool batch_messages;
json::object hello_args(json::object auth, std::optional<std::int64_t> since = std::nullopt);
bool ok(const std::optional<json::object>& reply);
std::string error_of(const std::optional<json::object>& reply);

inline constexpr Ms kCallTimeout{60'000};

}  // namespace chibo::loadgen
