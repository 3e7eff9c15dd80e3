#include "service/service.hpp"

#include <iostream>

#include "meeting/clock.hpp"
#include "protocol/args.hpp"
#include "service/errors.hpp"

namespace chibo::service {
namespace json = boost::json;
using protocol::ErrorCode;

Service::Service(boost::asio::any_io_executor ex, store::Store& store, ServiceOptions opt)
    : ex_(ex), store_(store), opt_(opt), registry_(ex, store, *opt.rules, opt.max_participants, opt.signing_key), throttle_(opt.throttle) {
  register_session_ops(ops_);
  register_roster_ops(ops_);
  register_meeting_ops(ops_);
  register_link_ops(ops_);
  register_conduct_ops(ops_);
  register_review_ops(ops_);
  register_minutes_ops(ops_);
}

Service::~Service() { auth_pool_.join(); }

std::vector<std::string> Service::start() { return registry_.load_open(); }

void Service::handle_frame(const std::shared_ptr<Connection>& conn, std::string_view frame,
                           std::optional<std::int64_t> throttled_ms) {
  auto parsed = protocol::parse_request(frame);
  if (auto* bad = std::get_if<protocol::EnvelopeError>(&parsed)) {
    json::object details;
    details["reason"] = bad->detail;
    conn->deliver(protocol::share(protocol::reply_error(bad->re, bad->code, &details)));
    return;
  }
  auto& req = std::get<protocol::Request>(parsed);
  metrics::counters().add(metrics::counters().commands);
  Call call{conn, req.id, Call::clock_ns(), metrics::timed_op(req.op)};
  if (throttled_ms) {
    json::object details{{"retry_after_ms", *throttled_ms}};
    return call.fail(ErrorCode::throttled, &details);
  }
  auto it = ops_.find(req.op);
  if (it == ops_.end()) return call.fail(ErrorCode::unknown_op);
  if (req.op != "hello" && !conn->principal) return call.fail(ErrorCode::hello_required);
  try {
    it->second(*this, call, req);
  } catch (const protocol::ArgError& e) {
    json::object details;
    details["field"] = e.field;
    details["reason"] = e.reason;
    call.fail(ErrorCode::invalid_args, &details);
  } catch (const Denied& d) {
    call.fail(d.code);
  } catch (const store::Error& e) {
    std::cerr << "chibo: store read failed in " << req.op << ": " << e.what() << "\n";
    call.fail(ErrorCode::storage_unavailable);
  } catch (const std::exception& e) {
    std::cerr << "chibo: internal error in " << req.op << ": " << e.what() << "\n";
    call.fail(ErrorCode::internal);
  }
}

void Service::connection_closed(const std::shared_ptr<Connection>& conn) {
  if (conn->meeting) {
    conn->meeting->leave(conn);
    conn->meeting.reset();
  }
}

std::int64_t Service::throttle_retry_after(const std::string& user, const std::string& addr) {
  std::lock_guard lock(throttle_mu_);
  const auto now = meeting::now_ms();
  return std::max(throttle_.retry_after_ms("user:" + user, now), throttle_.retry_after_ms("addr:" + addr, now));
}

void Service::throttle_record(const std::string& user, const std::string& addr, bool success) {
  std::lock_guard lock(throttle_mu_);
  const auto now = meeting::now_ms();
  if (success) {
    throttle_.record_success("user:" + user);
    throttle_.record_success("addr:" + addr);
  } else {
    throttle_.record_failure("user:" + user, now);
    throttle_.record_failure("addr:" + addr, now);
  }
}

}  // namespace chibo::service
