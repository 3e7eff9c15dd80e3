// One HTTP connection: static files of the web client, /healthz, and the
// upgrade of /ws to a WebSocketSession.
#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/message_generator.hpp>
#include <boost/beast/http/parser.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/token_bucket.hpp"
#include "service/service.hpp"

namespace chibo::net {

class SessionTracker;

struct HttpOptions {
  std::string web_root;              // client-web/ directory
  std::vector<std::string> origins;  // allowed Origin values for the upgrade
  // Issue 7 limits (docs/operations.md "Limits").
  std::size_t max_connections = 100'000;        // WebSocket connections in all
  std::size_t max_connections_per_address = 1'000;  // a commune behind one carrier NAT shares an address
  auth::RatePolicy rate;                        // commands per connection
  bool trust_proxy = false;  // take the client address from X-Forwarded-For (behind a reverse proxy)
  // Slow-loris: a request's header and body (and a TLS handshake, and the
  // wait for the next request on a kept-alive connection) within this.
  std::chrono::seconds request_timeout{30};
  // A WebSocket that sends nothing for this long is closed; a ping goes out
  // at half of it, so a live client always answers in time (half-open TCP).
  std::chrono::seconds ws_idle_timeout{60};
};

// `Stream` is beast::tcp_stream (plain HTTP) or beast::ssl_stream<tcp_stream>
// (HTTPS, issue 7); both are instantiated in http_session.cpp.
template <class Stream>
class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  // `ctx` is null for plain HTTP. With TLS the connection keeps its context
  // (a reload on SIGHUP swaps in a new one for new connections only).
  HttpSession(boost::asio::ip::tcp::socket&& socket, std::shared_ptr<boost::asio::ssl::context> ctx,
              const HttpOptions& opt, service::Service& svc, SessionTracker& tracker);
  void start();

 private:
  void on_handshake(boost::beast::error_code ec);
  void do_read();
  void close_connection();
  std::string client_address(const boost::beast::http::request<boost::beast::http::string_body>& req);
  void on_read(boost::beast::error_code ec, std::size_t);
  void respond(boost::beast::http::message_generator&& msg, bool keep_alive);

  std::shared_ptr<boost::asio::ssl::context> ctx_;  // declared before stream_: outlives it
  Stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  const HttpOptions& opt_;
  service::Service& svc_;
  SessionTracker& tracker_;
};

}  // namespace chibo::net
