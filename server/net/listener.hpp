// Accepts TCP connections and hands each to an HttpSession on its own strand.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <memory>

#include "net/http_session.hpp"
#include "net/tls.hpp"

namespace chibo::net {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Binds and listens; throws boost::system::system_error on failure.
  // With `tls`, every connection speaks HTTPS/WSS (issue 7); else plain HTTP.
  Listener(boost::asio::io_context& ioc, boost::asio::ip::tcp::endpoint ep, const HttpOptions& opt,
           service::Service& svc, SessionTracker& tracker, std::shared_ptr<TlsConfig> tls = nullptr);
  void start();
  void stop();  // stops accepting; open connections are untouched
  boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

 private:
  void do_accept();
  boost::asio::io_context& ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  const HttpOptions& opt_;
  service::Service& svc_;
  SessionTracker& tracker_;
  std::shared_ptr<TlsConfig> tls_;
};

}  // namespace chibo::net
