#include "service/registry.hpp"

#include <iostream>

#include "metrics/metrics.hpp"
#include "store/hash_chain.hpp"

namespace chibo::service {

std::shared_ptr<meeting::MeetingActor> Registry::make(domain::Id id, const std::vector<store::EventRecord>& log,
                                                      std::string* problem) {
  std::string why;
  if (log.empty()) why = "empty log";
  else if (auto bad = store::first_broken_link(log)) why = "hash chain broken at seq " + std::to_string(*bad);
  if (!why.empty()) {
    std::lock_guard lock(mu_);
    broken_.insert(id);
    if (problem) *problem = "meeting " + std::to_string(id) + ": " + why;
    return nullptr;
  }
  meeting::MeetingState s = meeting::empty_state();
  for (const auto& e : log) meeting::apply(s, e);
  metrics::counters().add(metrics::counters().meeting_loads);
  return std::make_shared<meeting::MeetingActor>(ex_, store_, std::move(s), log, rules_, max_connections_, key_);
}

std::vector<std::string> Registry::load_open() {
  std::vector<std::string> problems;
  for (domain::Id id : store_.meeting_ids()) {
    auto m = store_.meeting(id);
    if (!m || m->status == domain::MeetingStatus::closed) continue;
    std::string problem;
    auto actor = make(id, store_.events(id), &problem);
    if (!actor) {
      problems.push_back(problem);
      continue;
    }
    std::lock_guard lock(mu_);
    actors_[id] = std::move(actor);
  }
  return problems;
}

std::shared_ptr<meeting::MeetingActor> Registry::add(const store::EventRecord& first) {
  auto actor = make(first.meeting_id, {first});
  std::lock_guard lock(mu_);
  // find() may have loaded it already (its id guessed as it was committed).
  return actors_.try_emplace(first.meeting_id, std::move(actor)).first->second;
}

std::shared_ptr<meeting::MeetingActor> Registry::find(domain::Id id) {
  for (;;) {
    std::uint64_t evictions = 0;
    {
      std::lock_guard lock(mu_);
      if (auto it = actors_.find(id); it != actors_.end()) return it->second;
      if (broken_.contains(id)) return nullptr;
      evictions = evictions_;
    }
    // Read and fold outside the lock: other meetings' joins do not wait.
    std::string problem;
    auto log = store_.events(id);
    if (log.empty()) return nullptr;  // no such meeting
    auto actor = make(id, log, &problem);
    if (!actor) {
      std::cerr << "chibo: NOT LOADED: " << problem << "\n";
      return nullptr;
    }
    std::lock_guard lock(mu_);
    // Another thread loaded it meanwhile: use that one (ours saw no event it did not).
    if (auto it = actors_.find(id); it != actors_.end()) return it->second;
    // An actor of this meeting may have been loaded, written to and dropped
    // while we read: our fold could be behind the log. Read again.
    if (evictions != evictions_) continue;
    actors_[id] = actor;
    return actor;
  }
}

std::shared_ptr<meeting::MeetingActor> Registry::find_loaded(domain::Id id) const {
  std::lock_guard lock(mu_);
  auto it = actors_.find(id);
  return it == actors_.end() ? nullptr : it->second;
}

std::size_t Registry::evict_quiet(std::int64_t now_ms, std::int64_t idle_ms) {
  std::lock_guard lock(mu_);
  std::size_t dropped = 0;
  for (auto it = actors_.begin(); it != actors_.end();) {
    // use_count() == 1: no connection holds it and no handler of it is
    // queued (each holds a reference), and no other thread can take one
    // without this lock. Its quiet_since() is then final.
    const auto quiet = it->second.use_count() == 1 ? it->second->quiet_since() : std::nullopt;
    if (quiet && now_ms - *quiet >= idle_ms) {
      it = actors_.erase(it);
      ++dropped;
    } else {
      ++it;
    }
  }
  evictions_ += dropped;
  metrics::counters().add(metrics::counters().meeting_evictions, dropped);
  return dropped;
}

std::size_t Registry::size() const {
  std::lock_guard lock(mu_);
  return actors_.size();
}

void Registry::close_all() {
  std::lock_guard lock(mu_);
  for (auto& [id, a] : actors_) a->close_all();
}

}  // namespace chibo::service
