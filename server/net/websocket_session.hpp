// One WebSocket client (after Beast's chat-multi example): its own strand,
// exactly one outstanding write, one frame buffer shared by every session
// that sends it. Unlike the example, the write queue is bounded: a reader too
// slow to keep up is closed with 4503 and resumes from its last seq
// (DESIGN.md principle 5), so it never slows its meeting.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <deque>
#include <memory>

#include "auth/token_bucket.hpp"
#include "service/connection.hpp"
#include "service/service.hpp"

namespace chibo::net {

class SessionTracker;

// `Stream` is beast::tcp_stream (plain) or beast::ssl_stream<tcp_stream>
// (TLS, issue 7); both are instantiated in websocket_session.cpp.
template <class Stream>
class WebSocketSession : public service::Connection, public std::enable_shared_from_this<WebSocketSession<Stream>> {
 public:
  // `keep` holds what the stream needs alive (the TLS context), or nothing.
  // `client` is the client's address as the upgrade request showed it (the
  // socket's peer, or X-Forwarded-For behind a trusted proxy).
  WebSocketSession(Stream&& stream, service::Service& svc, SessionTracker& tracker, auth::RatePolicy rate,
                   std::string client, std::chrono::seconds idle_timeout, std::shared_ptr<void> keep = nullptr);
  ~WebSocketSession() override;

  // Completes the upgrade of `req` and starts reading.
  void start(boost::beast::http::request<boost::beast::http::string_body> req);

  // service::Connection / meeting::Subscriber (thread-safe).
  void deliver(protocol::SharedFrame frame) override;
  void deliver_all(meeting::SharedFrames frames) override;
  void deliver_backlog(std::vector<protocol::SharedFrame> frames) override;
  void close(protocol::CloseCode code) override;
  void run(std::function<void()> fn) override;
  std::shared_ptr<service::Connection> shared() override { return this->shared_from_this(); }
  std::shared_ptr<service::Connection> try_shared() override { return this->weak_from_this().lock(); }

 private:
  // All REQUIRE: on the strand.
  void on_accept(boost::beast::error_code ec);
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void enqueue(protocol::SharedFrame frame, bool backlog);
  void do_write();
  void pop_front();  // the front frame was sent
  void on_write(boost::beast::error_code ec, std::size_t bytes);
  void do_close(protocol::CloseCode code);
  void finish();

  std::shared_ptr<void> keep_;  // declared before ws_: outlives it
  boost::beast::websocket::stream<Stream> ws_;
  boost::beast::flat_buffer buffer_;
  service::Service& svc_;
  SessionTracker& tracker_;
  boost::asio::steady_timer hello_timer_;
  struct Outgoing {
    protocol::SharedFrame frame;
    bool backlog;  // a resume backlog frame: not counted against the limit
  };
  std::deque<Outgoing> queue_;
  std::size_t in_flight_ = 0;  // frames at the front of queue_ being written
  std::string batch_buf_;      // those frames joined, when more than one
  std::size_t live_frames_ = 0;  // live (non-backlog) frames queued
  std::size_t live_bytes_ = 0;
  bool accepted_ = false;  // the 101 answer is written: frames may follow
  bool writing_ = false;
  bool closing_ = false;                              // async_close started
  std::optional<protocol::CloseCode> close_after_;    // close once the queue drains
  bool finished_ = false;
  const std::chrono::seconds idle_timeout_;  // --ws-idle-timeout
  auth::TokenBucket bucket_;  // commands per second (issue 7)
};

}  // namespace chibo::net
