// One HTTP connection: static files of the web client, /healthz, and the
// upgrade of /ws to a WebSocketSession.
#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/message_generator.hpp>
#include <boost/beast/http/parser.hpp>

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
};

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(boost::asio::ip::tcp::socket&& socket, const HttpOptions& opt, service::Service& svc,
              SessionTracker& tracker);
  void start();

 private:
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t);
  void respond(boost::beast::http::message_generator&& msg, bool keep_alive);

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  const HttpOptions& opt_;
  service::Service& svc_;
  SessionTracker& tracker_;
};

}  // namespace chibo::net
