// The meeting actor (DESIGN.md principle 1): all of one meeting's state lives
// on its own strand and nothing else touches it. Connections post joins,
// leaves and commands; the actor answers through callbacks run on its strand
// and pushes events to every joined Subscriber.
//
// Commands are pipelined: the actor validates against its *speculative* state
// (committed state plus events still in the store's queue), so a burst of
// votes costs one group commit, not one fsync each. An event is applied to the
// committed state, broadcast and acknowledged only after the store reports it
// durable (principle 3). If a write fails, every event queued after it fails
// too (the store refuses a seq that is not head+1) and the speculative state
// falls back to the committed one.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "auth/principal.hpp"
#include "meeting/commands.hpp"
#include "meeting/decide.hpp"
#include "meeting/meeting_state.hpp"
#include "meeting/subscriber.hpp"
#include "protocol/envelope.hpp"
#include "protocol/errors.hpp"
#include "store/store.hpp"

namespace chibo::meeting {

// The names on a document's header, from the cell's unit and the one above it.
DocumentContext document_context(store::Store& store, domain::Id cell_id);

class MeetingActor : public std::enable_shared_from_this<MeetingActor> {
 public:
  using Strand = boost::asio::strand<boost::asio::any_io_executor>;
  using Error = std::optional<protocol::ErrorCode>;  // nullopt = ok
  // What a join answers: `object` (meeting, head, now, ballots, and
  // "participants" holding protocol::kSplice) and `participants`, that list
  // serialized from entries kept ready per roster version, for
  // protocol::reply_ok to splice in. A congress's joins then copy 2,000 ready
  // entries each on the meeting's strand instead of deep-copying and
  // serializing 2,000 JSON objects (bench/README.md, stop 14). On error
  // `object` holds the error's details (e.g. {"reason": "meeting_full"}).
  struct Joined {
    boost::json::object object;
    std::string participants;
  };
  using JoinDone = std::function<void(Error, Joined joined)>;
  // Connections joined to one meeting (chibo serve --max-participants, issue 7).
  // A 2,000-delegate congress with its observers, guests and the phones
  // that reconnect before their old connection is noticed gone fits.
  static constexpr std::size_t kDefaultMaxConnections = 3'000;
  // From how many connections a meeting's casts, check-ins and hands wait
  // for the last of their events to reach every connection before the next
  // is written (write_lane). A cell of 29 sends each event to 29 sockets,
  // which costs less than the wait: measured, province-day 100 × 29 answered
  // slower with it, a congress of 2,000 much faster (bench/README.md, stop 16).
  static constexpr std::size_t kLaneWaitFrom = 200;
  // What a command came to: an error, or the seq of the last event it
  // appended (durable), or — nothing appended — the head and `unchanged`, or
  // the seq of the retried original and `duplicate`.
  struct Outcome {
    Error error;
    std::string reason;  // details.reason
    std::int64_t seq = 0;
    bool unchanged = false;
    bool duplicate = false;
    bool immediate = false;      // nothing was written: no seq (a held ballot)
    boost::json::object result;  // extra reply fields

    static Outcome failed(protocol::ErrorCode code, std::string reason = {}) {
      Outcome o;
      o.error = code;
      o.reason = std::move(reason);
      return o;
    }
  };
  using CommandDone = std::function<void(Outcome)>;

  // `log` is the meeting's whole verified log and `state` its fold. `rules`
  // is the rule set meetings open under (chibo serve --rules); `key` signs
  // approved minutes (nullptr: they cannot be locked).
  MeetingActor(boost::asio::any_io_executor ex, store::Store& store, MeetingState state,
               const std::vector<store::EventRecord>& log, const domain::RuleSet& rules,
               std::size_t max_connections = kDefaultMaxConnections, const auth::SigningKey* key = nullptr);

  // Runs `f` on the strand with the committed state (reads such as
  // minutes.get): consistent, and never copied.
  template <class F>
  void with_state(F f) {
    boost::asio::post(strand_, [self = shared_from_this(), f = std::move(f)]() mutable { f(self->state_); });
  }

  domain::Id id() const { return id_; }
  domain::Id cell_id() const { return cell_id_; }

  // Joins `sub` as `who`. On the strand: builds the joined object (meeting,
  // head, participants), calls done(nullopt, joined) — which must deliver its
  // reply to `sub` before returning — then delivers every event with
  // since < seq <= head to `sub`, then live events. Records the first arrival
  // of each participant (participant.arrived) and presence changes.
  void join(std::shared_ptr<Subscriber> sub, auth::Principal who, std::int64_t since, JoinDone done);

  // Removes `sub` (no reply). Safe to call for a subscriber never joined.
  void leave(const std::shared_ptr<Subscriber>& sub);

  // Runs a command (meeting/decide.hpp decides; PROTOCOL.md "Running a
  // meeting"). REQUIRES: the caller checked `who` may join this meeting and
  // set who.manages.
  void command(Actor who, cmd::Command c, CommandDone done);

  // Closes (4401) every connection that joined with this credential.
  void revoke(std::string credential_hash);

  // Closes every connection with 1001 (server shutdown).
  void close_all();

  // Since when (now_ms) nothing of this meeting lives only in memory: no
  // connection, no write in flight, no ballot held in the box. nullopt while
  // something does. Any thread; exact once no handler of the actor is queued
  // (the registry checks that: it holds the only reference). The registry
  // drops a meeting quiet long enough and folds it again from the log when
  // it is next needed (service/registry.hpp).
  std::optional<std::int64_t> quiet_since() const {
    const auto ms = quiet_since_ms_.load(std::memory_order_acquire);
    return ms < 0 ? std::nullopt : std::optional(ms);
  }

 private:
  struct Connection {
    std::weak_ptr<Subscriber> sub;
    std::string participant;
    std::string credential_hash;
  };
  // One appended event waiting for its commit; `done` is set on the last
  // event of a command (and chained by retries that wait for it).
  using WrittenDone = std::function<void(Error, std::int64_t seq)>;
  struct Pending {
    store::EventRecord record;
    std::uint64_t epoch;
    WrittenDone done;
    bool lane = false;  // a lane event (casts, check-ins, hands): its delivery may open the lane again
  };

  // All REQUIRE: running on strand_.
  Joined joined_object(const Participant& self) const;
  void submit(const std::string& actor, std::string type, boost::json::object data,
              std::optional<domain::MeetingStatus> new_status, WrittenDone done,
              std::shared_ptr<const store::ReviewWrite> review = nullptr);
  void run(const Actor& who, const cmd::Command& c, CommandDone done);
  void on_written(store::Status st);
  // Reads the cell's roster into roster_ unless it has not changed since
  // (store::Store::roster_version). Throws store::Error.
  void refresh_roster();
  // Queues `f` for every connection; flush() sends what is queued, in one
  // hop per connection (a group commit's events travel together).
  void broadcast(const protocol::SharedFrame& f);
  void flush();
  void post_flush();
  // Runs `fn` (a reply) after the queued frames are handed out, so that a
  // command's events reach its sender before its reply (PROTOCOL.md).
  void later(std::function<void()> fn);
  void presence(const std::string& participant, bool online);
  void hold(const Hold& h);
  void do_leave(Subscriber* key);
  // First arrivals (participant.arrived / participants.arrived): queued,
  // then logged one write at a time, all queued ones in one event.
  void arrive(const Participant& p);
  void write_arrivals();
  const Participant* queued_arrival(const std::string& participant) const;
  // Casts and check-ins (meeting/decide.hpp batchable): queued while one
  // of theirs is being written, then decided in turn and logged as one event.
  struct Queued {
    Actor who;
    cmd::Command command;
    CommandDone done;
  };
  void write_lane();
  // Whether the lane may write now: none of its events is being written,
  // and the last one has reached every connection (or kLaneDeliveryWait
  // has passed).
  bool lane_ready() const { return lane_writes_ == 0 && !lane_delivering_; }
  // `frame` (a lane event) as the connections get it: when the last of
  // them has sent it, lane_delivered(gen) runs on the strand.
  protocol::SharedFrame watch_delivery(const protocol::SharedFrame& frame);
  void lane_delivered(std::uint64_t gen);
  // Answers a command that writes nothing (`d`: a retry, or "unchanged").
  void answer_unwritten(Decision& d, CommandDone done);
  // Called at the end of every strand turn that may change quiet_since().
  void note_quiet();

  const domain::Id id_;
  const domain::Id cell_id_;
  Strand strand_;
  store::Store& store_;
  const domain::RuleSet& rules_;
  const std::size_t max_connections_;
  const auth::SigningKey* key_;
  MeetingState state_;        // committed
  MeetingState speculative_;  // committed + pending
  std::uint64_t epoch_ = 0;   // bumped when a failed write discards the speculative state
  std::deque<Pending> pending_;
  std::vector<protocol::SharedFrame> frames_;  // frames_[i] is the event with seq i+1
  std::map<Subscriber*, Connection> connections_;
  std::map<std::string, int> online_;  // participant id -> open connections
  std::vector<domain::Member> roster_;     // the cell's roster, as of roster_version_
  std::optional<std::uint64_t> roster_version_;
  std::vector<std::string> roster_offline_;   // serialized to_json of each roster_ member, offline
  std::vector<std::string> roster_online_;    // the same, online
  std::vector<std::string> roster_ids_;       // their participant ids, same order
  std::unordered_set<std::string> roster_listed_;
  BallotBox box_;  // the open secret ballot's ballots, held until the close
  std::vector<Participant> arrivals_;  // first arrivals not yet submitted
  bool arrivals_writing_ = false;      // an arrival event is in pending_
  std::vector<Queued> lane_;           // batchable commands not yet decided, all of one kind
  int lane_writes_ = 0;                // their events in pending_
  bool lane_delivering_ = false;       // the last lane event is not yet sent to every connection
  std::uint64_t lane_gen_ = 0;         // which lane event lane_delivering_ is about
  boost::asio::steady_timer lane_wait_;  // bounds that wait: a stalled phone must not hold the meeting
  std::vector<protocol::SharedFrame> outbox_;  // broadcast, not yet handed out
  // Ballots held since the last flush, told as one ballot.turnout push in
  // outbox_[turnout_->slot] (null until flush writes it): a province's cells
  // casting at once otherwise push N turnouts to each of N phones.
  struct TurnoutPush {
    std::size_t slot = 0;
    std::int64_t ballot = 0;
    std::vector<std::string> voters;  // participant ids, in the order held
    std::size_t turnout = 0;          // after the last of them
  };
  std::optional<TurnoutPush> turnout_;
  void write_turnout();  // fills outbox_[turnout_->slot]
  std::vector<std::function<void()>> after_;   // replies waiting for outbox_
  bool flush_posted_ = false;
  std::atomic<std::int64_t> quiet_since_ms_{-1};  // -1: busy
};

}  // namespace chibo::meeting
