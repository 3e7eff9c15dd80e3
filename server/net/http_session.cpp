#include "net/http_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/beast/core/file.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/version.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "meeting/clock.hpp"
#include "metrics/metrics.hpp"
#include "net/session_tracker.hpp"
#include "net/static_files.hpp"
#include "net/websocket_session.hpp"

namespace chibo::net {
namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;

namespace ssl = asio::ssl;

namespace {

template <class S>
constexpr bool kTls = !std::is_same_v<S, beast::tcp_stream>;

template <class S>
S make_stream(asio::ip::tcp::socket&& socket, ssl::context* ctx) {
  if constexpr (kTls<S>) return S(std::move(socket), *ctx);
  else return S(std::move(socket));
}

// Security headers on every response (issue 7 extends CSP with the video frame).
template <class Body>
void harden(http::response<Body>& res) {
  res.set(http::field::server, "chibo");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  res.set("X-Frame-Options", "DENY");
  res.set("Content-Security-Policy",
          "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; "
          "script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
}

http::message_generator text_response(const http::request<http::string_body>& req, http::status status,
                                      std::string body, std::string_view type = "text/plain; charset=utf-8") {
  http::response<http::string_body> res{status, req.version()};
  harden(res);
  res.set(http::field::content_type, type);
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

// Static files are revalidated on every load (no build step means no hashed
// file names) but cost a 304 with no body when unchanged: cheap on 3G.
http::message_generator static_response(const http::request<http::string_body>& req, const std::string& root) {
  auto path = resolve_static(root, req.target());
  std::error_code fec;
  if (!path || !std::filesystem::is_regular_file(*path, fec))
    return text_response(req, http::status::not_found, "Không tìm thấy / Not found\n");
  const auto size = std::filesystem::file_size(*path, fec);
  const auto mtime = std::filesystem::last_write_time(*path, fec).time_since_epoch().count();
  const std::string etag = "\"" + std::to_string(size) + "-" + std::to_string(mtime) + "\"";
  if (req[http::field::if_none_match] == etag) {
    http::response<http::empty_body> res{http::status::not_modified, req.version()};
    harden(res);
    res.set(http::field::etag, etag);
    res.set(http::field::cache_control, "no-cache");
    res.keep_alive(req.keep_alive());
    return res;
  }
  if (req.method() == http::verb::head) {
    http::response<http::empty_body> res{http::status::ok, req.version()};
    harden(res);
    res.set(http::field::content_type, mime_type(*path));
    res.set(http::field::cache_control, "no-cache");
    res.set(http::field::etag, etag);
    res.content_length(size);
    res.keep_alive(req.keep_alive());
    return res;
  }
  beast::error_code ec;
  http::file_body::value_type body;
  body.open(path->c_str(), beast::file_mode::scan, ec);
  if (ec) return text_response(req, http::status::not_found, "Không tìm thấy / Not found\n");
  const auto body_size = body.size();
  http::response<http::file_body> res{std::piecewise_construct, std::make_tuple(std::move(body)),
                                      std::make_tuple(http::status::ok, req.version())};
  harden(res);
  res.set(http::field::content_type, mime_type(*path));
  res.set(http::field::cache_control, "no-cache");
  res.set(http::field::etag, etag);
  res.content_length(body_size);
  res.keep_alive(req.keep_alive());
  return res;
}

// A file made by export.create (PROTOCOL.md): served to whoever holds its
// 128-bit name, as an attachment. A print view (HTML) carries its own inline
// styles and no script: its policy allows exactly that.
http::message_generator export_response(const http::request<http::string_body>& req, service::Service& svc,
                                        std::string_view name) {
  auto f = svc.exports().get(std::string(name), meeting::now_ms());
  if (!f)
    return text_response(req, http::status::not_found,
                         "Tệp đã hết hạn, hãy tạo lại / The file has expired, export it again\n");
  http::response<http::string_body> res{http::status::ok, req.version()};
  harden(res);
  res.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'");
  res.set(http::field::content_type, f->mime);
  res.set(http::field::cache_control, "no-store");
  const bool inline_view = f->mime.rfind("text/html", 0) == 0;
  res.set(http::field::content_disposition,
          std::string(inline_view ? "inline" : "attachment") + "; filename=\"" + f->filename + "\"");
  res.keep_alive(req.keep_alive());
  if (req.method() != http::verb::head) res.body() = *f->bytes;
  res.prepare_payload();
  if (req.method() == http::verb::head) res.content_length(f->bytes->size());
  return res;
}

}  // namespace

template <class Stream>
HttpSession<Stream>::HttpSession(asio::ip::tcp::socket&& socket, std::shared_ptr<ssl::context> ctx,
                                 const HttpOptions& opt, service::Service& svc, SessionTracker& tracker)
    : ctx_(std::move(ctx)), stream_(make_stream<Stream>(std::move(socket), ctx_.get())), opt_(opt), svc_(svc),
      tracker_(tracker) {}

template <class Stream>
void HttpSession<Stream>::start() {
  if constexpr (kTls<Stream>) {
    // The handshake too must finish within the request deadline (slow-loris).
    beast::get_lowest_layer(stream_).expires_after(opt_.request_timeout);
    stream_.async_handshake(ssl::stream_base::server,
                            beast::bind_front_handler(&HttpSession::on_handshake, this->shared_from_this()));
  } else {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&HttpSession::do_read, this->shared_from_this()));
  }
}

template <class Stream>
void HttpSession<Stream>::on_handshake(beast::error_code ec) {
  if (ec) return;  // an old protocol version, a port scan, a plain-HTTP client: drop it
  do_read();
}

// The client's address for limits, login throttling and logs: the peer of
// the socket, or, behind a trusted reverse proxy (--trust-proxy), the address
// that proxy appended last to X-Forwarded-For (earlier entries are whatever
// the client claimed, so they are not believed).
template <class Stream>
std::string HttpSession<Stream>::client_address(const http::request<http::string_body>& req) {
  if (opt_.trust_proxy) {
    std::string_view xff = req["X-Forwarded-For"];
    if (const auto comma = xff.rfind(','); comma != std::string_view::npos) xff.remove_prefix(comma + 1);
    while (!xff.empty() && xff.front() == ' ') xff.remove_prefix(1);
    while (!xff.empty() && xff.back() == ' ') xff.remove_suffix(1);
    boost::system::error_code ec;
    const auto addr = asio::ip::make_address(xff, ec);
    if (!ec) return addr.to_string();
  }
  boost::system::error_code ec;
  const auto ep = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
  return ec ? "?" : ep.address().to_string();
}

template <class Stream>
void HttpSession<Stream>::close_connection() {
  beast::error_code ignored;
  auto& socket = beast::get_lowest_layer(stream_).socket();
  socket.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  if constexpr (kTls<Stream>) socket.close(ignored);  // no close_notify round trip: nothing is pending
}

template <class Stream>
void HttpSession<Stream>::do_read() {
  parser_.emplace();
  parser_->header_limit(8 * 1024);
  parser_->body_limit(16 * 1024);  // we take no uploads over HTTP
  // Slow-loris: the whole request (header and body) must arrive within
  // --http-timeout, however slowly it trickles in; then the socket is closed.
  beast::get_lowest_layer(stream_).expires_after(opt_.request_timeout);
  http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&HttpSession::on_read, this->shared_from_this()));
}

template <class Stream>
void HttpSession<Stream>::on_read(beast::error_code ec, std::size_t) {
  if (ec) return close_connection();
  auto req = parser_->release();
  const std::string_view target = req.target();
  const std::string_view path = target.substr(0, target.find('?'));

  if (beast::websocket::is_upgrade(req)) {
    if (path != "/ws") return respond(text_response(req, http::status::not_found, "Not found\n"), false);
    // Browsers always send Origin; refuse pages from other sites (CSWSH).
    const auto origin = req[http::field::origin];
    if (!origin.empty() && std::find(opt_.origins.begin(), opt_.origins.end(), origin) == opt_.origins.end())
      return respond(text_response(req, http::status::forbidden, "Origin not allowed\n"), false);
    // Issue 7: total and per-address connection limits, refused before the upgrade.
    if (tracker_.size() >= opt_.max_connections)
      return respond(text_response(req, http::status::service_unavailable, "Máy chủ đang quá tải / Server full\n"),
                     false);
    const std::string client = client_address(req);
    if (tracker_.from(client) >= opt_.max_connections_per_address)
      return respond(text_response(req, http::status::too_many_requests,
                                   "Quá nhiều kết nối từ địa chỉ này / Too many connections from this address\n"),
                     false);
    std::make_shared<WebSocketSession<Stream>>(std::move(stream_), svc_, tracker_, opt_.rate, client,
                                               opt_.ws_idle_timeout, ctx_)
        ->start(std::move(req));
    return;
  }
  if (req.method() != http::verb::get && req.method() != http::verb::head)
    return respond(text_response(req, http::status::method_not_allowed, "Method not allowed\n"), false);
  if (path == "/healthz") {
    std::string body = "{\"status\":\"ok\",\"meetings\":" + std::to_string(svc_.registry().size()) + "}\n";
    return respond(text_response(req, http::status::ok, std::move(body), "application/json"), req.keep_alive());
  }
  // Prometheus scrape (docs/operations.md "Monitoring"). Served on the same
  // port as everything else: put it behind the reverse proxy's allow-list.
  if (path == "/metrics") {
    metrics::Gauges g{tracker_.size(), svc_.registry().size()};
    return respond(text_response(req, http::status::ok, metrics::render(g), "text/plain; version=0.0.4; charset=utf-8"),
                   req.keep_alive());
  }
  if (path.rfind("/export/", 0) == 0)
    return respond(export_response(req, svc_, path.substr(8)), req.keep_alive());
  const bool keep = req.keep_alive();
  respond(static_response(req, opt_.web_root), keep);
}

template <class Stream>
void HttpSession<Stream>::respond(http::message_generator&& msg, bool keep_alive) {
  beast::async_write(stream_, std::move(msg),
                     [self = this->shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
                       if (ec) return;
                       if (!keep_alive) return self->close_connection();
                       self->do_read();
                     });
}

template class HttpSession<beast::tcp_stream>;
template class HttpSession<beast::ssl_stream<beast::tcp_stream>>;

}  // namespace chibo::net
