// One WebSocket connection of the load generator, driven by C++20
// coroutines on one io_context thread (never shared between threads, so no
// strand and no locks). It matches replies to requests by id (a second reply
// to the same id is an error: "acknowledged exactly once"), checks that the
// logged events of its meeting arrive gap-free and without duplicates
// (seq = last + 1, carried across reconnects), and parses only the events a
// scenario asked for: the rest are scanned for "ev" and "seq" alone, so the
// generator can keep up with the server's fan-out.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include "stats.hpp"

namespace chibo::loadgen {

namespace asio = boost::asio;
namespace json = boost::json;
using Ms = std::chrono::milliseconds;

class Conn {
 public:
  Conn(asio::io_context& io, Stats& stats);
  ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  // TCP connect from `source` (bound before connect: each 127.0.0.x has its
  // own ephemeral ports) and the WebSocket upgrade. false on failure (counted).
  asio::awaitable<bool> open(asio::ip::tcp::endpoint server, asio::ip::address source, Ms timeout);

  // Sends a request; returns its id. The reply is kept for wait_reply().
  std::int64_t send(std::string_view op, json::object args);
  // The reply to `id`, or nullopt on timeout or close (counted as errors).
  asio::awaitable<std::optional<json::object>> wait_reply(std::int64_t id, Ms timeout);
  // send() + wait_reply(); a reply with ok:false is returned as is.
  asio::awaitable<std::optional<json::object>> call(std::string_view op, json::object args, Ms timeout);
  // Waits until pred() holds (re-checked after every frame); false on timeout.
  asio::awaitable<bool> wait(std::function<bool()> pred, Ms timeout);

  // Events whose data the owner wants: parsed and handed to on_event.
  std::set<std::string, std::less<>> parse_events;
  std::function<void(const std::string& ev, const json::object& frame)> on_event;
  // Every event, unparsed (cheap hooks: the fan-out counts notices with it).
  std::function<void(std::string_view ev, std::string_view frame)> on_raw;
  std::int64_t last_seq = 0;  // highest seq applied (set before a resume)
  std::uint64_t replies_pending() const { return pending_.size(); }

  bool is_open() const { return open_; }
  std::optional<int> close_code() const { return close_code_; }
  // Drops the TCP connection without a close handshake (a phone losing its
  // network); not counted as an error.
  void drop();

 private:
  void read();
  void on_frame(std::string_view text);
  void write_next();
  void wake() { signal_.cancel(); }

  asio::io_context& io_;
  Stats& stats_;
  std::unique_ptr<boost::beast::websocket::stream<boost::beast::tcp_stream>> ws_;
  boost::beast::flat_buffer buffer_;
  asio::steady_timer signal_;
  struct Pending {
    std::string op;
    std::int64_t sent_ns = 0;
    std::optional<json::object> reply;
  };
  std::unordered_map<std::int64_t, Pending> pending_;
  std::deque<std::string> out_;
  bool writing_ = false;
  bool open_ = false;
  bool dropped_ = false;
  std::optional<int> close_code_;
  std::int64_t next_id_ = 1;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // handlers outliving *this see false
};

}  // namespace chibo::loadgen
