// Helpers shared by the store tests: a unique temporary database file that is
// removed afterwards, and blocking wrappers around the store's callbacks.
#pragma once

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <unistd.h>

#include "store/hash_chain.hpp"
#include "store/store.hpp"

namespace chibo::store::test {

// A fresh path under the system temp directory; the file and its -wal/-shm
// companions are deleted when the TempDb goes away.
class TempDb {
 public:
  TempDb() {
    static std::atomic<int> counter{0};
    auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    path_ = (std::filesystem::temp_directory_path() /
             ("chibo-store-test-" + std::to_string(::getpid()) + "-" + std::to_string(stamp) +
              "-" + std::to_string(counter++) + ".db"))
                .string();
  }
  ~TempDb() {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
      std::filesystem::remove(path_ + suffix, ec);
  }
  TempDb(const TempDb&) = delete;
  TempDb& operator=(const TempDb&) = delete;

  const std::string& path() const { return path_; }

  // Opens the store, failing the test when it cannot.
  std::unique_ptr<Store> open() const {
    Status st;
    auto s = Store::open(path_, st);
    INFO(st.message());
    REQUIRE(st.is_ok());
    REQUIRE(s != nullptr);
    return s;
  }

 private:
  std::string path_;
};

// Calls `submit(done)` and waits for done: returns the (Status, value) pair.
template <class T, class F>
std::pair<Status, T> wait_for(F&& submit) {
  std::promise<std::pair<Status, T>> p;
  auto f = p.get_future();
  submit([&p](Status st, T v) { p.set_value({std::move(st), std::move(v)}); });
  return f.get();
}

// The same for operations whose done takes only a Status.
template <class F>
Status wait_status(F&& submit) {
  std::promise<Status> p;
  auto f = p.get_future();
  submit([&p](Status st) { p.set_value(std::move(st)); });
  return f.get();
}

// Inserts a unit and returns its id.
inline Id add_unit(Store& s, domain::UnitKind kind, std::string name,
                   std::optional<Id> parent = std::nullopt) {
  domain::Unit u;
  u.kind = kind;
  u.name = std::move(name);
  u.parent_id = parent;
  auto [st, id] = wait_for<Id>([&](auto done) { s.add_unit(u, done); });
  INFO(st.message());
  REQUIRE(st.is_ok());
  return id;
}

inline domain::Member make_member(Id cell, std::string name,
                                  domain::CommitteeRole role = domain::CommitteeRole::none) {
  domain::Member m;
  m.cell_id = cell;
  m.full_name = std::move(name);
  m.committee_role = role;
  return m;
}

inline Id add_member(Store& s, const domain::Member& m) {
  auto [st, id] = wait_for<Id>([&](auto done) { s.add_member(m, done); });
  INFO(st.message());
  REQUIRE(st.is_ok());
  return id;
}

inline domain::Meeting make_meeting(Id cell, std::string starts_at, std::string title = "Họp") {
  domain::Meeting m;
  m.cell_id = cell;
  m.title = std::move(title);
  m.starts_at = std::move(starts_at);
  return m;
}

// Creates a meeting with a "meeting.created" first event; returns that event.
inline EventRecord create_meeting(Store& s, const domain::Meeting& m) {
  EventRecord first;
  first.type = "meeting.created";
  first.actor = "system";
  first.ts_ms = 1'700'000'000'000;
  first.data = "{}";
  auto [st, e] = wait_for<EventRecord>([&](auto done) { s.create_meeting(m, first, done); });
  INFO(st.message());
  REQUIRE(st.is_ok());
  return e;
}

// The event that correctly follows `prev` in its log.
inline EventRecord next_event(const EventRecord& prev, std::string type, std::string data = "{}") {
  EventRecord e;
  e.meeting_id = prev.meeting_id;
  e.seq = prev.seq + 1;
  e.type = std::move(type);
  e.actor = "account:1";
  e.ts_ms = prev.ts_ms + 1000;
  e.data = std::move(data);
  e.prev_hash = prev.hash;
  e.hash = chain_hash(e);
  return e;
}

}  // namespace chibo::store::test
