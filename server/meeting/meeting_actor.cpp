#include "meeting/meeting_actor.hpp"

#include <boost/asio/post.hpp>
#include <boost/json/serialize.hpp>

#include <cassert>

#include "meeting/clock.hpp"
#include "meeting/meeting_json.hpp"
#include "metrics/metrics.hpp"
#include "protocol/codec.hpp"
#include "store/hash_chain.hpp"

namespace chibo::meeting {
namespace json = boost::json;
namespace asio = boost::asio;
using protocol::ErrorCode;

namespace {

protocol::SharedFrame frame_of(const store::EventRecord& e) {
  return protocol::share(protocol::event_frame(e.type, e.meeting_id, e.seq, e.ts_ms, e.actor, sent_data(e.type, e.data)));
}

// A refused decision's answer: its code, reason and details beyond the
// reason (a conflict's current text).
MeetingActor::Outcome refusal(Decision& d) {
  MeetingActor::Outcome o = MeetingActor::Outcome::failed(*d.refused, std::move(d.reason));
  o.result = std::move(d.result);
  return o;
}

ErrorCode error_of(const store::Status& st) {
  return st.code() == store::Status::Code::storage_unavailable ||
                 st.code() == store::Status::Code::conflict  // a write queued after a failed one
             ? ErrorCode::storage_unavailable
             : ErrorCode::internal;
}

}  // namespace

DocumentContext document_context(store::Store& store, domain::Id cell_id) {
  DocumentContext ctx;
  if (auto cell = store.unit(cell_id)) {
    ctx.cell = cell->name;
    ctx.locality = cell->place;
    if (cell->parent_id)
      if (auto up = store.unit(*cell->parent_id)) ctx.superior = up->name;
  }
  return ctx;
}

MeetingActor::MeetingActor(asio::any_io_executor ex, store::Store& store, MeetingState state,
                           const std::vector<store::EventRecord>& log, const domain::RuleSet& rules,
                           std::size_t max_connections, const auth::SigningKey* key)
    : id_(state.meeting.id),
      cell_id_(state.meeting.cell_id),
      strand_(asio::make_strand(ex)),
      store_(store),
      rules_(rules),
      max_connections_(max_connections),
      key_(key),
      state_(std::move(state)),
      speculative_(state_),
      lane_wait_(strand_),
      quiet_since_ms_(now_ms()) {
  frames_.reserve(log.size());
  for (const auto& e : log) frames_.push_back(frame_of(e));
  assert(static_cast<std::int64_t>(frames_.size()) == state_.head);
}

void MeetingActor::join(std::shared_ptr<Subscriber> sub, auth::Principal who, std::int64_t since,
                        JoinDone done) {
  asio::post(strand_, [self = shared_from_this(), sub = std::move(sub), who = std::move(who), since,
                       done = std::move(done)]() mutable {
    // Frames still in the outbox are below the head the newcomer is replayed
    // to: hand them out first, or it would get them twice.
    self->flush();
    std::optional<domain::Member> me;
    try {
      self->refresh_roster();
      if (who.member_id) me = self->store_.member(*who.member_id);
    } catch (const store::Error&) {
      done(ErrorCode::storage_unavailable, {});
      return;
    }
    Participant p = participant_of(who, me);

    // Members per meeting (issue 7): a full meeting refuses the newcomer and
    // changes nothing; everyone already in keeps their place.
    if (!self->connections_.contains(sub.get()) && self->connections_.size() >= self->max_connections_) {
      done(ErrorCode::conflict, Joined{{{"reason", "meeting_full"}}, {}});
      return;
    }
    self->connections_[sub.get()] = Connection{sub, p.id, who.credential_hash};
    const bool first_connection = ++self->online_[p.id] == 1;

    // The first arrival is queued for the log before the joined object is
    // built, so the newcomer is listed in it; the event itself reaches
    // everyone (the newcomer too, after the replay below) once committed.
    const bool closed = self->speculative_.meeting.status == domain::MeetingStatus::closed;
    const bool arrives = !closed && !self->speculative_.arrived.contains(p.id) && !self->queued_arrival(p.id);
    if (arrives) self->arrive(p);

    done(std::nullopt, self->joined_object(p));
    // Replay what the client missed, then it is live (PROTOCOL.md meeting.join).
    const std::int64_t from = std::clamp<std::int64_t>(since, 0, self->state_.head);
    if (from < self->state_.head)
      sub->deliver_backlog({self->frames_.begin() + from, self->frames_.begin() + self->state_.head});

    // An arrival says "online" itself (PROTOCOL.md participant.arrived): a
    // congress's join storm then costs N frames to each phone, not 2N.
    if (first_connection && !arrives) self->presence(p.id, true);
    self->note_quiet();
  });
}

const Participant* MeetingActor::queued_arrival(const std::string& participant) const {
  for (const auto& q : arrivals_)
    if (q.id == participant) return &q;
  return nullptr;
}

void MeetingActor::arrive(const Participant& p) {
  arrivals_.push_back(p);
  if (!arrivals_writing_) write_arrivals();
}

void MeetingActor::write_arrivals() {
  // Arrivals that come while one write of them is in flight wait for it and
  // then go as one event (the group commit's pattern, at the actor): a quiet
  // meeting logs each arrival at once, a join storm a few events of many.
  if (arrivals_.empty() || speculative_.meeting.status == domain::MeetingStatus::closed) {
    arrivals_.clear();  // closed meanwhile: a closed meeting logs no arrival
    return;
  }
  std::vector<Participant> batch = std::move(arrivals_);
  arrivals_.clear();
  json::object data;
  std::string type = "participant.arrived", actor = batch.front().id;
  if (batch.size() == 1) {
    data["participant"] = to_json(batch.front());
  } else {
    json::array people;
    for (const auto& q : batch) people.push_back(to_json(q));
    data["participants"] = std::move(people);
    type = "participants.arrived";
    actor = "system";
  }
  arrivals_writing_ = true;
  // On failure the batch is not logged; each arrives again at its next join.
  submit(actor, std::move(type), std::move(data), std::nullopt, [this](Error, std::int64_t) {
    arrivals_writing_ = false;
    write_arrivals();
  });
}

void MeetingActor::refresh_roster() {
  // Additions made since the meeting was loaded show up at the next join;
  // otherwise the cached copy serves (a congress: 2,000 joins, one read).
  const std::uint64_t v = store_.roster_version();
  if (roster_version_ == v) return;
  roster_ = store_.members_of(cell_id_);
  roster_version_ = v;
  // What every joined object lists first, serialized once per roster
  // version: a congress's 2,000 joins then copy 2,000 ready entries each
  // instead of building and serializing them (malloc led the join profile;
  // bench/README.md).
  roster_offline_.clear();
  roster_online_.clear();
  roster_ids_.clear();
  roster_listed_.clear();
  for (const auto& m : roster_) {
    Participant p = participant_of(m);
    roster_offline_.push_back(json::serialize(to_json(p, false)));
    roster_online_.push_back(json::serialize(to_json(p, true)));
    roster_listed_.insert(p.id);
    roster_ids_.push_back(std::move(p.id));
  }
}

void MeetingActor::leave(const std::shared_ptr<Subscriber>& sub) {
  asio::post(strand_, [self = shared_from_this(), key = sub.get()] { self->do_leave(key); });
}

void MeetingActor::do_leave(Subscriber* key) {
  auto it = connections_.find(key);
  if (it == connections_.end()) return;
  const std::string participant = it->second.participant;
  connections_.erase(it);
  if (--online_[participant] == 0) {
    online_.erase(participant);
    presence(participant, false);
  }
  note_quiet();
}

void MeetingActor::note_quiet() {
  // A held ballot exists nowhere else (PROTOCOL.md "Held, then sealed"), so
  // a meeting with one is never quiet, whoever is connected.
  const bool quiet = connections_.empty() && pending_.empty() && lane_.empty() && box_.turnout() == 0;
  if (!quiet) return quiet_since_ms_.store(-1, std::memory_order_release);
  if (quiet_since_ms_.load(std::memory_order_relaxed) < 0) quiet_since_ms_.store(now_ms(), std::memory_order_release);
}

void MeetingActor::command(Actor who, cmd::Command c, CommandDone done) {
  asio::post(strand_, [self = shared_from_this(), who = std::move(who), c = std::move(c),
                       done = std::move(done)]() mutable {
    self->run(who, c, [self, done = std::move(done)](Outcome o) mutable {
      self->later([done = std::move(done), o = std::move(o)]() mutable { done(std::move(o)); });
    });
    self->note_quiet();
  });
}

void MeetingActor::run(const Actor& who, const cmd::Command& c, CommandDone done) {
  if (batchable(c)) {
    // Casts and check-ins that come while one of theirs is being written
    // wait for it and then go as one event (the arrivals' pattern; PROTOCOL.md
    // `vote.casts`): a quiet meeting logs each at once, a congress's vote a
    // few dozen events instead of 2,000, each to all 2,000 phones.
    if (!lane_.empty() && lane_.front().command.index() != c.index()) write_lane();  // another kind: those first
    lane_.push_back(Queued{who, c, std::move(done)});
    if (lane_ready()) write_lane();
    return;
  }
  // Commands are decided in the order they came: casts queued before a
  // vote.close are counted before it.
  write_lane();
  Inputs open;
  if (std::holds_alternative<cmd::Open>(c)) {
    // The roster snapshot is read as the meeting opens (PROTOCOL.md "Who counts").
    try {
      refresh_roster();
      open.roster = roster_;
    } catch (const store::Error&) {
      return done(Outcome::failed(ErrorCode::storage_unavailable));
    }
    open.rules = &rules_;
  }
  open.box = &box_;
  open.key = key_;
  DocumentContext document;
  if (std::holds_alternative<cmd::VoteClose>(c)) {
    // Closing the vote on the minutes locks them: the header needs the names.
    try {
      document = document_context(store_, cell_id_);
    } catch (const store::Error&) {
      return done(Outcome::failed(ErrorCode::storage_unavailable));
    }
    open.document = &document;
  }
  Decision d = decide(speculative_, who, c, now_ms(), open);
  if (d.refused) return done(refusal(d));
  if (d.immediate) {
    // A secret ballot goes into the box and nowhere else (PROTOCOL.md "Held,
    // then sealed"): no event, no write, nothing in any log.
    if (d.hold) hold(*d.hold);
    Outcome o;
    o.immediate = true;
    o.result = std::move(d.result);
    return done(std::move(o));
  }
  if (auto* r = std::get_if<cmd::BallotReopen>(&c)) box_.reset(r->ballot);  // voided now (see below)
  const std::optional<std::int64_t> sealing =
      std::holds_alternative<cmd::BallotClose>(c) ? std::optional(std::get<cmd::BallotClose>(c).ballot) : std::nullopt;

  if (d.duplicate_of || d.events.empty()) return answer_unwritten(d, std::move(done));

  const std::size_t n = d.events.size();
  for (std::size_t i = 0; i < n; ++i) {
    NewEvent& e = d.events[i];
    WrittenDone written;
    if (i + 1 == n)
      written = [this, sealing, done = std::move(done), result = std::move(d.result)](Error err,
                                                                                    std::int64_t seq) mutable {
        // The box is emptied only once its contents are durable in ballot.closed.
        if (!err && sealing && box_.ballot() == *sealing) box_.reset(0);
        Outcome o;
        o.error = err;
        o.seq = seq;
        o.result = std::move(result);
        done(std::move(o));
      };
    submit(who.participant, std::move(e.type), std::move(e.data), e.new_status, std::move(written),
           std::move(e.review));
  }
}

void MeetingActor::answer_unwritten(Decision& d, CommandDone done) {
  Outcome o;
  o.duplicate = d.duplicate_of.has_value();
  o.unchanged = !o.duplicate;
  o.result = std::move(d.result);
  // Answer only once what the answer depends on is durable: a retry waits for
  // its original's commit, an "unchanged" for the writes it was judged against.
  const std::int64_t seq = d.duplicate_of.value_or(pending_.empty() ? state_.head : pending_.back().record.seq);
  for (auto& p : pending_) {
    if (p.record.seq != seq) continue;
    p.done = [prev = std::move(p.done), o = std::move(o), done = std::move(done)](Error err, std::int64_t s) mutable {
      if (prev) prev(err, s);
      o.error = err;
      if (!err) o.seq = s;
      done(std::move(o));
    };
    return;
  }
  o.seq = std::min(seq, state_.head);
  done(std::move(o));
}

void MeetingActor::write_lane() {
  if (lane_.empty()) return;
  std::vector<Queued> queued = std::move(lane_);
  lane_.clear();
  // Each is decided against the state with the ones before it folded in, as
  // if logged one by one; all are logged at `seq`.
  const std::int64_t seq = speculative_.head + 1;
  const std::int64_t now = now_ms();
  Inputs in;
  in.box = &box_;
  std::vector<NewEvent> singles;
  std::vector<CommandDone> logged;  // answered with `seq` once it is durable
  std::string actor;
  // Retries and "unchanged" are answered once the batch is queued: they may
  // have been judged against it.
  std::vector<std::pair<Decision, CommandDone>> unwritten;
  for (auto& q : queued) {
    Decision d = decide(speculative_, q.who, q.command, now, in);
    if (d.refused) {
      q.done(refusal(d));
    } else if (d.duplicate_of || d.events.empty()) {
      unwritten.emplace_back(std::move(d), std::move(q.done));
    } else {
      assert(d.events.size() == 1);
      fold_single(speculative_, d.events.front().type, d.events.front().data, seq);
      singles.push_back(std::move(d.events.front()));
      logged.push_back(std::move(q.done));
      actor = q.who.participant;
    }
  }
  if (!singles.empty()) {
    if (singles.size() > 1) actor = "system";
    NewEvent e = batch_event(speculative_, std::move(singles));
    ++lane_writes_;
    submit(actor, std::move(e.type), std::move(e.data), std::nullopt,
           [this, logged = std::move(logged)](Error err, std::int64_t s) mutable {
             for (auto& done : logged) {
               Outcome o;
               o.error = err;
               o.seq = s;
               done(std::move(o));
             }
             --lane_writes_;
             if (lane_ready()) write_lane();
           });
    pending_.back().lane = true;
  }
  for (auto& [d, done] : unwritten) answer_unwritten(d, std::move(done));
}

namespace {

// How long the lane waits for its last event to reach every connection. The
// wait is what makes a congress's batches as large as its connections can
// take (bench/README.md, "Results (stop 16)"); the bound is for a phone
// whose socket has stalled, which would otherwise hold every cast.
constexpr auto kLaneDeliveryWait = std::chrono::milliseconds(100);

// Owns a lane event's frame for the connections: its last copy goes when the
// last connection has sent the frame (or dropped it), and then tells the
// actor, if it is still there.
struct DeliveryWatch {
  DeliveryWatch(protocol::SharedFrame f, std::function<void()> sent) : frame(std::move(f)), on_sent(std::move(sent)) {}
  DeliveryWatch(const DeliveryWatch&) = delete;
  DeliveryWatch& operator=(const DeliveryWatch&) = delete;
  ~DeliveryWatch() { on_sent(); }
  const protocol::SharedFrame frame;
  const std::function<void()> on_sent;
};

}  // namespace

protocol::SharedFrame MeetingActor::watch_delivery(const protocol::SharedFrame& frame) {
  const std::uint64_t gen = ++lane_gen_;
  lane_delivering_ = true;
  lane_wait_.expires_after(kLaneDeliveryWait);
  lane_wait_.async_wait([self = weak_from_this(), gen](boost::system::error_code ec) {
    auto a = self.lock();
    if (!a || ec || gen != a->lane_gen_ || !a->lane_delivering_) return;
    metrics::counters().add(metrics::counters().lane_delivery_timeouts);
    a->lane_delivered(gen);
  });
  auto watch = std::make_shared<DeliveryWatch>(frame, [self = weak_from_this(), gen] {
    if (auto a = self.lock()) asio::post(a->strand_, [a, gen] { a->lane_delivered(gen); });
  });
  // Aliasing: the connections see the same string, but share `watch`'s count.
  return protocol::SharedFrame(watch, watch->frame.get());
}

void MeetingActor::lane_delivered(std::uint64_t gen) {
  if (gen != lane_gen_ || !lane_delivering_) return;  // a later lane event is the one that counts
  lane_delivering_ = false;
  lane_wait_.cancel();
  if (lane_ready()) write_lane();
}

void MeetingActor::hold(const Hold& h) {
  const std::int64_t ballot = *speculative_.open_ballot;
  if (box_.ballot() != ballot) box_.reset(ballot);
  box_.cast(h.member, h.key, h.ballot);
  // Turnout is live state, like presence: who has voted, never what. Holds
  // that come before the flush join the push still waiting for it, if
  // nothing was queued after that push (a reopen must stay between them).
  std::string voter = "member:" + std::to_string(h.member);
  if (!turnout_ || turnout_->slot + 1 != outbox_.size() || turnout_->ballot != ballot) {
    if (turnout_) write_turnout();
    turnout_ = TurnoutPush{outbox_.size(), ballot, {}, 0};
    outbox_.push_back(nullptr);
    post_flush();
  }
  turnout_->voters.push_back(std::move(voter));
  turnout_->turnout = box_.turnout();
}

void MeetingActor::write_turnout() {
  TurnoutPush& t = *turnout_;
  json::object data{{"ballot", t.ballot}};
  std::string actor = "system";
  if (t.voters.size() == 1) {
    actor = t.voters.front();
    data["participant"] = t.voters.front();
  } else {
    json::array voters;
    for (auto& v : t.voters) voters.push_back(json::string(std::move(v)));
    data["participants"] = std::move(voters);
  }
  data["turnout"] = static_cast<std::int64_t>(t.turnout);
  outbox_[t.slot] = protocol::share(
      protocol::event_frame("ballot.turnout", id_, std::nullopt, now_ms(), actor, json::serialize(data)));
  turnout_.reset();
}

void MeetingActor::revoke(std::string credential_hash) {
  asio::post(strand_, [self = shared_from_this(), h = std::move(credential_hash)] {
    self->flush();
    for (auto& [key, c] : self->connections_)
      if (c.credential_hash == h)
        if (auto s = c.sub.lock()) s->close(protocol::CloseCode::unauthenticated);
  });
}

void MeetingActor::close_all() {
  asio::post(strand_, [self = shared_from_this()] {
    self->flush();
    for (auto& [key, c] : self->connections_)
      if (auto s = c.sub.lock()) s->close(protocol::CloseCode::going_away);
  });
}

MeetingActor::Joined MeetingActor::joined_object(const Participant& self) const {
  Joined j;
  std::string& people = j.participants;
  std::size_t bytes = 2;
  for (const auto& e : roster_online_) bytes += e.size() + 1;
  people.reserve(bytes);
  people += '[';
  auto add = [&](std::string_view entry) {
    if (people.size() > 1) people += ',';
    people += entry;
  };
  const auto& listed = roster_listed_;
  auto online = [&](const std::string& pid) { return online_.contains(pid); };
  for (std::size_t i = 0; i < roster_ids_.size(); ++i)
    add(online(roster_ids_[i]) ? roster_online_[i] : roster_offline_[i]);
  // Observers, guests, and members since removed who came into this meeting.
  for (const auto& [pid, p] : state_.arrived)
    if (!listed.contains(pid)) add(json::serialize(to_json(p, online(pid))));
  // Online, but their arrival is still being written, or (a closed meeting)
  // never will be: the joiner itself at least must be listed.
  for (const auto& [pid, n] : online_) {
    if (listed.contains(pid) || state_.arrived.contains(pid)) continue;
    if (auto it = speculative_.arrived.find(pid); it != speculative_.arrived.end())
      add(json::serialize(to_json(it->second, true)));
    else if (const Participant* q = queued_arrival(pid))
      add(json::serialize(to_json(*q, true)));
    else if (pid == self.id)
      add(json::serialize(to_json(self, true)));
  }
  people += ']';

  json::object& o = j.object;
  o["meeting"] = protocol::to_json(state_.meeting);
  o["head"] = state_.head;
  o["now"] = now_ms();
  o["participants"] = protocol::kSplice;
  // Live turnout of the open secret ballot (not in the log until the close).
  json::array ballots;
  if (state_.open_ballot) {
    json::array voted;
    if (box_.ballot() == *state_.open_ballot)
      for (const auto& p : box_.voted()) voted.push_back(json::string(p));
    ballots.push_back(json::object{{"ballot", *state_.open_ballot}, {"voted", std::move(voted)}});
  }
  o["ballots"] = std::move(ballots);
  return j;
}

void MeetingActor::submit(const std::string& actor, std::string type, json::object data,
                          std::optional<domain::MeetingStatus> new_status, WrittenDone done,
                          std::shared_ptr<const store::ReviewWrite> review) {
  store::EventRecord e;
  e.meeting_id = id_;
  e.seq = speculative_.head + 1;
  e.type = std::move(type);
  e.actor = actor;
  e.ts_ms = now_ms();
  e.data = json::serialize(data);
  e.prev_hash = speculative_.head_hash;
  e.hash = store::chain_hash(e);
  apply(speculative_, e);
  pending_.push_back(Pending{e, epoch_, std::move(done)});
  auto written = [self = shared_from_this()](store::Status st) {
    // Runs on the writer thread: hand the result back to the strand.
    asio::post(self->strand_, [self, st = std::move(st)] {
      self->on_written(st);
      self->note_quiet();
    });
  };
  if (review) store_.append_event_with_review(std::move(e), *review, std::move(written));
  else store_.append_event(std::move(e), new_status, std::move(written));
}

void MeetingActor::on_written(store::Status st) {
  assert(!pending_.empty());
  Pending p = std::move(pending_.front());
  pending_.pop_front();
  if (st.is_ok()) {
    assert(p.epoch == epoch_ && p.record.seq == state_.head + 1);
    apply(state_, p.record);
    frames_.push_back(frame_of(p.record));
    metrics::counters().add(metrics::counters().events);
    broadcast(p.lane && connections_.size() >= kLaneWaitFrom ? watch_delivery(frames_.back()) : frames_.back());
    if (p.done) later([done = std::move(p.done), seq = p.record.seq] { done(std::nullopt, seq); });
    return;
  }
  if (p.epoch == epoch_) {
    // The first failure of this epoch: everything still pending was built on
    // top of it and will fail too; start again from what is durable.
    ++epoch_;
    speculative_ = state_;
    // A box for a ballot whose opening was not stored holds nothing real.
    if (box_.ballot() > state_.head) box_.reset(0);
  }
  if (p.done) later([done = std::move(p.done), err = error_of(st)] { done(err, 0); });
}

void MeetingActor::broadcast(const protocol::SharedFrame& f) {
  outbox_.push_back(f);
  post_flush();
}

void MeetingActor::post_flush() {
  if (flush_posted_) return;
  flush_posted_ = true;
  // Posted, not run now: the writer hands a whole group commit to the strand
  // at once, and every event of it that is queued by then leaves together.
  asio::post(strand_, [self = shared_from_this()] { self->flush(); });
}

void MeetingActor::flush() {
  flush_posted_ = false;
  if (turnout_) write_turnout();
  if (!outbox_.empty()) {
    metrics::counters().add(metrics::counters().pushes, connections_.size() * outbox_.size());
    auto frames = std::make_shared<const std::vector<protocol::SharedFrame>>(std::move(outbox_));
    outbox_.clear();
    for (auto it = connections_.begin(); it != connections_.end();) {
      if (auto s = it->second.sub.lock()) {
        if (frames->size() == 1) s->deliver(frames->front());
        else s->deliver_all(frames);
        ++it;
      } else {
        const std::string participant = it->second.participant;
        it = connections_.erase(it);
        if (--online_[participant] == 0) online_.erase(participant);
      }
    }
  }
  auto replies = std::move(after_);
  after_.clear();
  for (auto& fn : replies) fn();
}

void MeetingActor::later(std::function<void()> fn) {
  if (outbox_.empty() && after_.empty()) return fn();
  after_.push_back(std::move(fn));
  post_flush();
}

void MeetingActor::presence(const std::string& participant, bool online) {
  json::object data;
  data["participant"] = participant;
  data["online"] = online;
  broadcast(protocol::share(
      protocol::event_frame("presence", id_, std::nullopt, now_ms(), participant, json::serialize(data))));
}

}  // namespace chibo::meeting
