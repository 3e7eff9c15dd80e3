#include "net/websocket_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket/error.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <iostream>

#include "meeting/clock.hpp"
#include "metrics/metrics.hpp"
#include "net/session_tracker.hpp"
#include "protocol/limits.hpp"

namespace chibo::net {
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace asio = boost::asio;
using protocol::CloseCode;

namespace {

// Beast enforces this hard cap itself (closing with 1009); frames between the
// protocol limit and this cap are refused by us with 4400 (PROTOCOL.md Limits).
constexpr std::size_t kHardFrameCap = 1024 * 1024;

bool is_quiet(beast::error_code ec) {
  // Ordinary ways for a connection to end: not worth a log line.
  return ec == websocket::error::closed || ec == asio::error::operation_aborted || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == beast::error::timeout || ec == asio::error::broken_pipe ||
         ec == asio::error::not_connected;
}

}  // namespace

template <class Stream>
WebSocketSession<Stream>::WebSocketSession(Stream&& stream, service::Service& svc, SessionTracker& tracker,
                                           auth::RatePolicy rate, std::string client,
                                           std::chrono::seconds idle_timeout, std::shared_ptr<void> keep)
    : keep_(std::move(keep)),
      ws_(std::move(stream)),
      svc_(svc),
      tracker_(tracker),
      hello_timer_(ws_.get_executor()),
      idle_timeout_(idle_timeout),
      bucket_(rate) {
  remote_address = std::move(client);
  tracker_.add(this, remote_address);
  metrics::counters().add(metrics::counters().connections_opened);
}

template <class Stream>
WebSocketSession<Stream>::~WebSocketSession() { tracker_.remove(this, remote_address); }

template <class Stream>
void WebSocketSession<Stream>::start(beast::http::request<beast::http::string_body> req) {
  // Handshake 30 s, idle 60 s (--ws-idle-timeout) with a keep-alive ping at
  // half of it: a peer that neither sends nor answers the ping is half-open
  // (a phone gone without a FIN) and is cut, freeing its place (issue 7).
  websocket::stream_base::timeout t = websocket::stream_base::timeout::suggested(beast::role_type::server);
  t.idle_timeout = idle_timeout_;
  t.keep_alive_pings = true;
  ws_.set_option(t);
  ws_.read_message_max(kHardFrameCap);
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(beast::http::field::server, "chibo"); }));
  beast::get_lowest_layer(ws_).expires_never();  // the websocket timeouts take over
  ws_.async_accept(req, beast::bind_front_handler(&WebSocketSession<Stream>::on_accept, this->shared_from_this()));
}

template <class Stream>
void WebSocketSession<Stream>::on_accept(beast::error_code ec) {
  if (ec) return finish();
  accepted_ = true;
  // A close asked for during the handshake (a shutdown's 1001) starts now.
  if (close_after_) return do_close(*close_after_);
  hello_timer_.expires_after(std::chrono::seconds(protocol::kHelloTimeoutSeconds));
  hello_timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
    if (!ec && !self->principal) self->do_close(CloseCode::hello_timeout);
  });
  do_read();
}

template <class Stream>
void WebSocketSession<Stream>::do_read() {
  ws_.async_read(buffer_, beast::bind_front_handler(&WebSocketSession<Stream>::on_read, this->shared_from_this()));
}

template <class Stream>
void WebSocketSession<Stream>::on_read(beast::error_code ec, std::size_t bytes) {
  if (ec) {
    if (!is_quiet(ec)) std::cerr << "chibo: websocket read from " << remote_address << ": " << ec.message() << "\n";
    return finish();
  }
  if (!ws_.got_text() || bytes > protocol::kMaxFrameBytes) {
    buffer_.consume(buffer_.size());
    return do_close(CloseCode::bad_frame);
  }
  const std::string frame = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  // Issue 7: a command rate limit per connection; sustained abuse is closed.
  switch (bucket_.take(meeting::now_ms())) {
    case auth::TokenBucket::Verdict::allow:
      svc_.handle_frame(this->shared_from_this(), frame);
      break;
    case auth::TokenBucket::Verdict::refuse:
      svc_.handle_frame(this->shared_from_this(), frame, bucket_.retry_after_ms());
      break;
    case auth::TokenBucket::Verdict::close:
      std::cerr << "chibo: command rate limit: closing " << remote_address << " with 4429\n";
      return do_close(CloseCode::rate_limited);
  }
  if (!closing_) do_read();
}

template <class Stream>
void WebSocketSession<Stream>::deliver(protocol::SharedFrame frame) {
  asio::post(ws_.get_executor(), [self = this->shared_from_this(), f = std::move(frame)]() mutable {
    self->enqueue(std::move(f), false);
  });
}

template <class Stream>
void WebSocketSession<Stream>::deliver_all(meeting::SharedFrames frames) {
  asio::post(ws_.get_executor(), [self = this->shared_from_this(), fs = std::move(frames)] {
    for (const auto& f : *fs) self->enqueue(f, false);
  });
}

template <class Stream>
void WebSocketSession<Stream>::deliver_backlog(std::vector<protocol::SharedFrame> frames) {
  asio::post(ws_.get_executor(), [self = this->shared_from_this(), fs = std::move(frames)]() mutable {
    for (auto& f : fs) self->enqueue(std::move(f), true);
  });
}

template <class Stream>
void WebSocketSession<Stream>::run(std::function<void()> fn) { asio::post(ws_.get_executor(), std::move(fn)); }

template <class Stream>
void WebSocketSession<Stream>::close(CloseCode code) {
  auto self = this->weak_from_this().lock();
  if (!self) return;  // already being destroyed
  asio::post(ws_.get_executor(), [self, code] {
    if (code == CloseCode::overloaded) return self->do_close(code);
    // Graceful: whatever was queued before (e.g. the logout reply) goes first.
    self->close_after_ = code;
    if (!self->writing_ && self->queue_.empty()) self->do_close(code);
  });
}

template <class Stream>
void WebSocketSession<Stream>::enqueue(protocol::SharedFrame frame, bool backlog) {
  if (closing_ || finished_ || close_after_) return;
  if (!backlog) {
    if (live_frames_ >= protocol::kMaxQueuedFrames || live_bytes_ + frame->size() > protocol::kMaxQueuedBytes) {
      std::cerr << "chibo: outbound queue full for " << remote_address << ", closing with 4503\n";
      metrics::counters().add(metrics::counters().overflows);
      return do_close(CloseCode::overloaded);
    }
    ++live_frames_;
    live_bytes_ += frame->size();
  }
  queue_.push_back({std::move(frame), backlog});
  if (!writing_ && accepted_) do_write();
}

template <class Stream>
void WebSocketSession<Stream>::do_write() {
  writing_ = true;
  ws_.text(true);
  // A client that asked for batches gets every frame queued meanwhile in one
  // message (PROTOCOL.md "Batched messages"): one send and one wake-up of
  // the phone per burst, not one per frame. The cap keeps a resuming
  // client's backlog in messages a cheap phone parses without stalling.
  std::size_t n = 1, bytes = queue_.front().frame->size();
  if (batch)
    while (n < queue_.size() && bytes + 1 + queue_[n].frame->size() <= protocol::kMaxBatchBytes)
      bytes += 1 + queue_[n++].frame->size();
  in_flight_ = n;
  asio::const_buffer out = asio::buffer(*queue_.front().frame);
  if (n > 1) {
    batch_buf_.reserve(bytes);
    for (std::size_t i = 0; i < n; ++i) {
      if (i) batch_buf_ += '\n';
      batch_buf_ += *queue_[i].frame;
    }
    out = asio::buffer(batch_buf_);
  }
  metrics::counters().add(metrics::counters().ws_messages);
  ws_.async_write(out, beast::bind_front_handler(&WebSocketSession<Stream>::on_write, this->shared_from_this()));
}

template <class Stream>
void WebSocketSession<Stream>::pop_front() {
  for (; in_flight_ > 0; --in_flight_) {
    if (!queue_.front().backlog) {
      --live_frames_;
      live_bytes_ -= queue_.front().frame->size();
    }
    queue_.pop_front();
  }
  // Freed, not kept: 90,000 idle connections must not each hold a burst's buffer.
  std::string().swap(batch_buf_);
}

template <class Stream>
void WebSocketSession<Stream>::on_write(beast::error_code ec, std::size_t) {
  writing_ = false;
  if (ec) return finish();
  pop_front();
  if (closing_) return;
  if (!queue_.empty()) return do_write();
  if (close_after_) do_close(*close_after_);
}

template <class Stream>
void WebSocketSession<Stream>::do_close(CloseCode code) {
  if (closing_ || finished_) return;
  // Beast's accept writes the 101 answer without its write lock, so a close
  // frame sent beside it is a second write on the TCP stream (the
  // pending_guard assertion, issue 7). Wait for the handshake; on_accept closes.
  if (!accepted_) {
    if (!close_after_) close_after_ = code;
    return;
  }
  closing_ = true;
  hello_timer_.cancel();
  // One write may be in flight (Beast allows a close beside it); drop the rest.
  while (queue_.size() > (writing_ ? in_flight_ : 0u)) {
    if (!queue_.back().backlog) {
      --live_frames_;
      live_bytes_ -= queue_.back().frame->size();
    }
    queue_.pop_back();
  }
  ws_.async_close(websocket::close_reason(static_cast<std::uint16_t>(code)),
                  [self = this->shared_from_this()](beast::error_code) { self->finish(); });
}

template <class Stream>
void WebSocketSession<Stream>::finish() {
  if (finished_) return;
  finished_ = true;
  hello_timer_.cancel();
  svc_.connection_closed(this->shared_from_this());
  beast::error_code ec;
  beast::get_lowest_layer(ws_).socket().close(ec);
}

template class WebSocketSession<beast::tcp_stream>;
template class WebSocketSession<beast::ssl_stream<beast::tcp_stream>>;

}  // namespace chibo::net
