// A WebSocket client for integration tests (PROTOCOL.md "Transport").
//
//   WsClient c;
//   c.connect(srv.port());
//   auto hello = c.hello_password("bithu", "chibo-demo");   // the whole reply
//   auto r = c.call("roster.list", {{"cell", 2}});          // result, throws if !ok
//   auto ev = c.wait_event("notice");                        // first unclaimed notice
//
// Single-threaded: I/O runs only inside this class's calls, on its own
// io_context, and every wait has a deadline (kWait by default), so a silent
// server makes a test fail instead of hang. Frames that arrive while waiting
// for something else are kept: replies by `re`, events in arrival order.
// Beast stays in ws_client.cpp; this header shows only std and Boost.JSON.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chibo::test {

namespace json = boost::json;
using Ms = std::chrono::milliseconds;

// Default deadline for any single wait. Generous: only reached on failure.
inline constexpr Ms kWait{5000};

struct TimeoutError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A reply with ok:false where ok:true was needed (WsClient::call).
struct RequestFailed : std::runtime_error {
  RequestFailed(std::string what, json::object r) : std::runtime_error(std::move(what)), reply(std::move(r)) {}
  json::object reply;
};

class WsClient {
 public:
  using Pred = std::function<bool(const json::object&)>;

  WsClient();
  ~WsClient();  // drops the TCP connection without a close handshake
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;
  WsClient(WsClient&&) noexcept;
  WsClient& operator=(WsClient&&) noexcept;

  // SO_RCVBUF for the next connect (a slow reader: the server's sends back up).
  void set_receive_buffer(int bytes);
  // hello asks for batched messages (PROTOCOL.md "Batched messages"): each
  // message received is split on "\n" into frames. Off, a "\n" in a message
  // is junk, as the protocol says for clients that did not ask.
  void set_batch(bool on);
  // WebSocket messages received on this connection, and the most frames one held.
  std::size_t messages() const;
  std::size_t largest_batch() const;
  // An extra header on the next upgrade request (X-Forwarded-For, …).
  void add_header(std::string name, std::string value) { extra_headers_.emplace_back(std::move(name), std::move(value)); }

  // Opens ws://127.0.0.1:<port>/ws, with an Origin header when given.
  // Throws when the upgrade does not succeed.
  void connect(unsigned short port, std::optional<std::string> origin = std::nullopt, Ms timeout = kWait);
  // Like connect() but returns the HTTP status of the upgrade answer: 101 when
  // accepted (the client is then connected), e.g. 403 when refused.
  int try_connect(unsigned short port, std::optional<std::string> origin = std::nullopt, Ms timeout = kWait);

  // ---- sending ----
  void send_raw(std::string_view text, Ms timeout = kWait);
  void send_binary(std::string_view bytes, Ms timeout = kWait);
  // Sends {"id":<next>,"op":op,"args":args} (no "args" when nullopt); returns the id.
  std::int64_t send(std::string_view op, std::optional<json::object> args = json::object{}, Ms timeout = kWait);

  // ---- receiving ----
  // The reply with `re == id` (throws TimeoutError).
  json::object wait_reply(std::int64_t id, Ms timeout = kWait);
  // send() + wait_reply(): the whole reply, ok or not.
  json::object request(std::string_view op, json::object args = {}, Ms timeout = kWait);
  // request() that needs ok:true: returns `result`, else throws RequestFailed.
  json::object call(std::string_view op, json::object args = {}, Ms timeout = kWait);
  // The first frame not yet claimed that matches (replies and events alike);
  // nullopt on timeout or when the connection closed before one came.
  std::optional<json::object> wait_frame(const Pred& pred, Ms timeout = kWait);
  // The first event (a frame with "ev") not yet claimed that matches.
  std::optional<json::object> wait_event(const Pred& pred, Ms timeout = kWait);
  std::optional<json::object> wait_event(std::string_view ev, Ms timeout = kWait);
  // Waits until `pred` over the events received so far holds.
  bool wait_until(const std::function<bool()>& pred, Ms timeout = kWait);
  // A round trip: sends an op no server knows and waits for its unknown_op
  // reply. Everything the server queued for us before it has then arrived.
  void barrier(Ms timeout = kWait);
  // Processes I/O for `d` (to see that nothing more arrives); Ms(0) takes
  // just what is ready now.
  void pump(Ms d);

  // Every event received so far, in arrival order (claimed or not).
  std::vector<json::object> events() const;
  // Events of `meeting` that carry a seq, in arrival order.
  std::vector<json::object> logged_events(std::int64_t meeting) const;
  // Every frame received that was not a JSON object (should stay empty).
  std::vector<std::string> junk() const;
  // Forgets every received event (replies are kept).
  void clear_events();
  // The highest seq seen for `meeting` (0 if none).
  std::int64_t last_seq(std::int64_t meeting) const;

  // ---- closing ----
  bool connected() const;
  // Processes pending I/O, then tells whether the connection has ended.
  bool closed();
  bool wait_closed(Ms timeout = kWait);
  // The close code the server sent (nullopt: none, or not closed yet).
  std::optional<int> close_code() const;
  // A polite close handshake with `code`.
  void close(int code = 1000, Ms timeout = kWait);
  // Drops the TCP connection (no close frame).
  void drop();

  // ---- hello (PROTOCOL.md "hello"); each returns the whole reply ----
  json::object hello(json::object auth, std::optional<std::int64_t> meeting = std::nullopt,
                     std::optional<std::int64_t> since = std::nullopt, Ms timeout = kWait);
  json::object hello_password(const std::string& user, const std::string& password,
                              std::optional<std::int64_t> meeting = std::nullopt,
                              std::optional<std::int64_t> since = std::nullopt, Ms timeout = kWait);
  json::object hello_token(const std::string& token, std::optional<std::int64_t> meeting = std::nullopt,
                           std::optional<std::int64_t> since = std::nullopt, Ms timeout = kWait);
  json::object hello_join(const std::string& token, std::optional<std::int64_t> meeting = std::nullopt,
                          std::optional<std::int64_t> since = std::nullopt, Ms timeout = kWait);

 private:
  std::vector<std::pair<std::string, std::string>> extra_headers_;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ---- reading replies ----
bool is_ok(const json::object& reply);
// The error code of a failed reply, "" for ok:true.
std::string error_code(const json::object& reply);
// reply.result (throws when ok:false).
const json::object& result_of(const json::object& reply);
// reply.error.details (an empty object when absent).
json::object details_of(const json::object& reply);
// JSON-Pointer-like lookups that never throw: at(r, "/error/details/field"),
// at(r, "/result/members/0/id"). nullptr when the path does not exist.
const json::value* at(const json::object& o, std::string_view pointer);
std::int64_t int_at(const json::object& o, std::string_view pointer, std::int64_t fallback = -1);
std::string str_at(const json::object& o, std::string_view pointer, std::string fallback = {});
std::string dump(const json::value& v);
std::string dump(const json::object& o);

// ---- plain HTTP (GET /healthz, static files) ----
struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};
// One request on a fresh connection to 127.0.0.1:<port>. Throws on I/O failure.
HttpResponse http_request(unsigned short port, std::string_view method, std::string_view target,
                          const std::vector<std::pair<std::string, std::string>>& headers = {},
                          Ms timeout = kWait);

}  // namespace chibo::test
