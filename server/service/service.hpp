// The service: turns requests into domain actions. It owns the op table,
// authentication and authorization, and hands meeting commands to actors.
// Handlers run on the calling connection's strand and answer through Call,
// possibly later from a store or auth-pool callback.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/thread_pool.hpp>

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "auth/signing_key.hpp"
#include "auth/throttle.hpp"
#include "domain/rules.hpp"
#include "protocol/envelope.hpp"
#include "service/call.hpp"
#include "service/export_shelf.hpp"
#include "service/registry.hpp"
#include "store/store.hpp"

namespace chibo::service {

struct ServiceOptions {
  std::int64_t session_ttl_ms = 30LL * 24 * 3600 * 1000;  // PROTOCOL.md: 30 days
  auth::ThrottlePolicy throttle;
  const domain::RuleSet* rules = &domain::default_rule_set();  // chibo serve --rules
  std::size_t max_upload_bytes = 5 * 1024 * 1024;                // chibo serve --max-upload
  const auth::SigningKey* signing_key = nullptr;  // signs approved minutes (chibo-signing-key.pem)
  std::size_t max_participants = meeting::MeetingActor::kDefaultMaxConnections;  // --max-participants
};

class Service {
 public:
  Service(boost::asio::any_io_executor ex, store::Store& store, ServiceOptions opt = {});
  ~Service();

  // Loads every meeting not yet closed (Registry::load_open); returns the
  // problems found.
  std::vector<std::string> start();

  // Handles one text frame from `conn`. REQUIRES: on conn's strand. With
  // `throttled_ms` set (the connection's rate limit refused it), only the
  // envelope is read and the reply is `throttled` with details.retry_after_ms.
  void handle_frame(const std::shared_ptr<Connection>& conn, std::string_view frame,
                    std::optional<std::int64_t> throttled_ms = std::nullopt);

  // The connection is gone: leave its meeting. REQUIRES: on conn's strand.
  void connection_closed(const std::shared_ptr<Connection>& conn);

  // Shutdown: every meeting connection gets 1001.
  void close_all() { registry_.close_all(); }

  store::Store& store() { return store_; }
  Registry& registry() { return registry_; }
  ExportShelf& exports() { return exports_; }

  // ---- used by the op handlers (service/ops_*.cpp) ----
  using Handler = void (*)(Service&, const Call&, protocol::Request&);
  const ServiceOptions& options() const { return opt_; }
  boost::asio::thread_pool& auth_pool() { return auth_pool_; }
  // Login throttling, per account and per address. Thread-safe.
  std::int64_t throttle_retry_after(const std::string& user, const std::string& addr);
  void throttle_record(const std::string& user, const std::string& addr, bool success);

 private:
  boost::asio::any_io_executor ex_;
  store::Store& store_;
  ServiceOptions opt_;
  Registry registry_;
  ExportShelf exports_;
  boost::asio::thread_pool auth_pool_{1};  // scrypt runs here, off the I/O threads
  std::mutex throttle_mu_;
  auth::Throttle throttle_;  // GUARDED_BY(throttle_mu_)
  std::map<std::string, Handler, std::less<>> ops_;
};

// Registration of each family of ops (service/ops_*.cpp).
void register_session_ops(std::map<std::string, Service::Handler, std::less<>>& ops);
void register_roster_ops(std::map<std::string, Service::Handler, std::less<>>& ops);
void register_meeting_ops(std::map<std::string, Service::Handler, std::less<>>& ops);
void register_link_ops(std::map<std::string, Service::Handler, std::less<>>& ops);
void register_conduct_ops(std::map<std::string, Service::Handler, std::less<>>& ops);
void register_review_ops(std::map<std::string, Service::Handler, std::less<>>& ops);
void register_minutes_ops(std::map<std::string, Service::Handler, std::less<>>& ops);

// ops_conduct.cpp: the caller in meeting terms, and running a command on the
// meeting's actor with the reply PROTOCOL.md "Running a meeting" describes.
meeting::Actor actor_of(Service& svc, const auth::Principal& p, domain::Id meeting);
void run_command(Service& svc, const Call& call, domain::Id meeting, meeting::cmd::Command command);

}  // namespace chibo::service
