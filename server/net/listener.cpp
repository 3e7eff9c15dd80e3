#include "net/listener.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <iostream>

namespace chibo::net {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

Listener::Listener(asio::io_context& ioc, tcp::endpoint ep, const HttpOptions& opt, service::Service& svc,
                   SessionTracker& tracker, std::shared_ptr<TlsConfig> tls)
    : ioc_(ioc), acceptor_(asio::make_strand(ioc)), opt_(opt), svc_(svc), tracker_(tracker), tls_(std::move(tls)) {
  acceptor_.open(ep.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(ep);
  acceptor_.listen(asio::socket_base::max_listen_connections);
}

void Listener::start() { do_accept(); }

void Listener::stop() {
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ec;
    self->acceptor_.close(ec);
  });
}

void Listener::do_accept() {
  // Each connection gets its own strand (DESIGN.md: every connection on its own strand).
  acceptor_.async_accept(asio::make_strand(ioc_), [self = shared_from_this()](boost::system::error_code ec,
                                                                              tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !self->acceptor_.is_open()) return;
    if (ec) {
      std::cerr << "chibo: accept: " << ec.message() << "\n";
    } else {
      // Replies and events are small and latency-bound (a phone on 3G):
      // no Nagle delay waiting on the peer's delayed ACK.
      boost::system::error_code nec;
      socket.set_option(tcp::no_delay(true), nec);
      namespace beast = boost::beast;
      if (self->tls_)
        std::make_shared<HttpSession<beast::ssl_stream<beast::tcp_stream>>>(
            std::move(socket), self->tls_->context(), self->opt_, self->svc_, self->tracker_)
            ->start();
      else
        std::make_shared<HttpSession<beast::tcp_stream>>(std::move(socket), nullptr, self->opt_, self->svc_,
                                                         self->tracker_)
            ->start();
    }
    self->do_accept();
  });
}

}  // namespace chibo::net
