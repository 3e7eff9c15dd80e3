#include "service/registry.hpp"

#include "store/hash_chain.hpp"

namespace chibo::service {

std::shared_ptr<meeting::MeetingActor> Registry::make(const std::vector<store::EventRecord>& log) {
  meeting::MeetingState s = meeting::empty_state();
  for (const auto& e : log) meeting::apply(s, e);
  return std::make_shared<meeting::MeetingActor>(ex_, store_, std::move(s), log, rules_, max_connections_, key_);
}

std::vector<std::string> Registry::load_all() {
  std::vector<std::string> problems;
  for (domain::Id id : store_.meeting_ids()) {
    auto log = store_.events(id);
    if (auto bad = store::first_broken_link(log)) {
      problems.push_back("meeting " + std::to_string(id) + ": hash chain broken at seq " + std::to_string(*bad));
      continue;
    }
    if (log.empty()) {
      problems.push_back("meeting " + std::to_string(id) + ": empty log");
      continue;
    }
    auto actor = make(log);
    std::lock_guard lock(mu_);
    actors_[id] = std::move(actor);
  }
  return problems;
}

std::shared_ptr<meeting::MeetingActor> Registry::add(const store::EventRecord& first) {
  auto actor = make({first});
  std::lock_guard lock(mu_);
  actors_[first.meeting_id] = actor;
  return actor;
}

std::shared_ptr<meeting::MeetingActor> Registry::find(domain::Id id) const {
  std::lock_guard lock(mu_);
  auto it = actors_.find(id);
  return it == actors_.end() ? nullptr : it->second;
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
