#include "conn.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket/error.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>

namespace chibo::loadgen {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
using asio::ip::tcp;

namespace {

// `{"key":<digits>` scanning from `from`; -1 when absent.
std::int64_t int_after(std::string_view s, std::string_view key, std::size_t from = 0) {
  const auto k = s.find(key, from);
  if (k == std::string_view::npos) return -1;
  std::int64_t v = -1;
  const char* b = s.data() + k + key.size();
  std::from_chars(b, s.data() + s.size(), v);
  return v;
}

}  // namespace

Conn::Conn(asio::io_context& io, Stats& stats) : io_(io), stats_(stats), signal_(io) {}

Conn::~Conn() {
  *alive_ = false;
  if (ws_) {
    beast::error_code ec;
    beast::get_lowest_layer(*ws_).socket().close(ec);
  }
}

asio::awaitable<bool> Conn::open(tcp::endpoint server, asio::ip::address source, Ms timeout) {
  tcp::socket sock(io_);
  beast::error_code ec;
  sock.open(server.protocol(), ec);
  if (!ec) sock.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) sock.bind(tcp::endpoint(source, 0), ec);
  if (ec) {
    stats_.error("bind", source.to_string() + ": " + ec.message());
    co_return false;
  }
  ws_ = std::make_unique<websocket::stream<beast::tcp_stream>>(std::move(sock));
  auto& lowest = beast::get_lowest_layer(*ws_);
  lowest.expires_after(timeout);
  co_await lowest.async_connect(server, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    stats_.error("connect", ec.message());
    co_return false;
  }
  lowest.socket().set_option(tcp::no_delay(true), ec);
  co_await ws_->async_handshake(server.address().to_string() + ":" + std::to_string(server.port()), "/ws",
                                asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    stats_.error("upgrade", ec.message());
    co_return false;
  }
  lowest.expires_never();
  ws_->set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
  ws_->text(true);
  open_ = true;
  dropped_ = false;
  close_code_.reset();
  read();
  co_return true;
}

void Conn::read() {
  ws_->async_read(buffer_, [this, alive = alive_](beast::error_code ec, std::size_t) {
    if (!*alive) return;
    if (ec) {
      open_ = false;
      if (ec == websocket::error::closed) close_code_ = ws_->reason().code;
      if (!dropped_) stats_.error("closed", ec.message() + (close_code_ ? " code " + std::to_string(*close_code_) : ""));
      wake();
      return;
    }
    const auto data = buffer_.data();
    // A batched message (hello {batch: true}) holds frames separated by "\n";
    // JSON text never holds a raw newline, so the split is exact.
    std::string_view msg(static_cast<const char*>(data.data()), data.size());
    stats_.inc("messages");
    for (std::size_t at; (at = msg.find('\n')) != std::string_view::npos; msg.remove_prefix(at + 1))
      on_frame(msg.substr(0, at));
    on_frame(msg);
    buffer_.consume(buffer_.size());
    wake();
    read();
  });
}

void Conn::on_frame(std::string_view text) {
  if (text.rfind("{\"re\":", 0) == 0) {
    const std::int64_t re = int_after(text, "{\"re\":");
    auto it = pending_.find(re);
    if (it == pending_.end() || it->second.reply) {
      stats_.error("unexpected_reply", std::string(text.substr(0, 120)));
      return;
    }
    boost::system::error_code ec;
    auto v = json::parse(text, ec);
    if (ec || !v.is_object()) return stats_.error("bad_json", std::string(text.substr(0, 120)));
    stats_.sample("cmd." + it->second.op, now_ns() - it->second.sent_ns);
    it->second.reply = std::move(v.as_object());
    return;
  }
  if (text.rfind("{\"ev\":\"", 0) != 0) return stats_.error("bad_frame", std::string(text.substr(0, 120)));
  const auto end = text.find('"', 7);
  const std::string_view ev = text.substr(7, end - 7);  // no copy: most frames are only counted
  stats_.inc("events");
  stats_.event(ev, text.size());
  // seq, when present, comes right after "meeting" (protocol::event_frame).
  const auto seq_pos = text.find(",\"seq\":", end);
  const auto ts_pos = text.find(",\"ts\":", end);
  if (seq_pos != std::string_view::npos && seq_pos < ts_pos) {
    const std::int64_t seq = int_after(text, ",\"seq\":", end);
    if (seq == last_seq + 1) {
      last_seq = seq;
    } else if (seq <= last_seq) {
      stats_.error("duplicate_event", std::string(ev) + " seq " + std::to_string(seq) + " after " + std::to_string(last_seq));
    } else {
      stats_.error("missed_events", std::string(ev) + " seq " + std::to_string(seq) + " after " + std::to_string(last_seq));
      last_seq = seq;
    }
  }
  if (on_raw) on_raw(ev, text);
  if (on_event && parse_events.count(ev)) {
    boost::system::error_code ec;
    auto v = json::parse(text, ec);
    if (ec || !v.is_object()) return stats_.error("bad_json", std::string(text.substr(0, 120)));
    on_event(std::string(ev), v.as_object());
  }
}

std::int64_t Conn::send(std::string_view op, json::object args) {
  const std::int64_t id = next_id_++;
  json::object req{{"id", id}, {"op", op}, {"args", std::move(args)}};
  pending_[id] = Pending{std::string(op), now_ns(), std::nullopt};
  out_.push_back(json::serialize(req));
  if (!writing_) write_next();
  return id;
}

void Conn::write_next() {
  if (out_.empty() || !open_) {
    writing_ = false;
    return;
  }
  writing_ = true;
  ws_->async_write(asio::buffer(out_.front()), [this, alive = alive_](beast::error_code ec, std::size_t) {
    if (!*alive) return;
    out_.pop_front();
    if (ec) {
      writing_ = false;
      out_.clear();
      return;
    }
    write_next();
  });
}

asio::awaitable<bool> Conn::wait(std::function<bool()> pred, Ms timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  signal_.expires_at(deadline);
  while (!pred()) {
    if (std::chrono::steady_clock::now() >= deadline) co_return false;
    beast::error_code ec;
    co_await signal_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  co_return true;
}

asio::awaitable<std::optional<json::object>> Conn::wait_reply(std::int64_t id, Ms timeout) {
  auto it = pending_.find(id);
  if (it == pending_.end()) co_return std::nullopt;
  const std::string op = it->second.op;
  const bool ok = co_await wait([&] { return !open_ || pending_.at(id).reply.has_value(); }, timeout);
  auto reply = std::move(pending_.at(id).reply);
  pending_.erase(id);
  if (!reply) stats_.error(ok ? "no_reply_closed" : "reply_timeout", op);
  co_return reply;
}

asio::awaitable<std::optional<json::object>> Conn::call(std::string_view op, json::object args, Ms timeout) {
  const auto id = send(op, std::move(args));
  co_return co_await wait_reply(id, timeout);
}

void Conn::drop() {
  dropped_ = true;
  open_ = false;
  if (ws_) {
    beast::error_code ec;
    beast::get_lowest_layer(*ws_).socket().close(ec);
  }
  out_.clear();
  pending_.clear();
}

}  // namespace chibo::loadgen
