#include "ws_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cctype>
#include <deque>

namespace chibo::test {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// Runs `ioc` until `done()` or the deadline; false on timeout. Returns early
// (with done()'s answer) when no I/O is left that could change anything.
bool run_until(asio::io_context& ioc, const std::function<bool()>& done, Ms timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!done()) {
    const auto now = Clock::now();
    if (now >= deadline) return false;
    if (ioc.stopped()) ioc.restart();
    const std::size_t n = ioc.run_one_for(deadline - now);
    if (n == 0 && ioc.stopped()) return done();  // out of work: nothing more will happen
  }
  return true;
}

struct OpState {
  bool done = false;
  beast::error_code ec;
};

}  // namespace

struct WsClient::Impl {
  struct Frame {
    std::string raw;
    std::optional<json::object> obj;
    bool taken = false;
    bool is_event() const { return obj && obj->contains("ev"); }
  };

  // A fresh io_context per connection: handlers left over from an earlier
  // one (e.g. a refused upgrade's timers) die with it. Declared first: destroyed last.
  std::unique_ptr<asio::io_context> ioc = std::make_unique<asio::io_context>();
  std::optional<websocket::stream<beast::tcp_stream>> ws;
  beast::flat_buffer rbuf;
  bool reading = false;
  bool is_open = false;
  bool broken = false;  // a write timed out: the stream may not be used again
  bool ended = false;
  std::optional<int> code;
  std::string end_reason;
  std::deque<Frame> frames;
  std::map<std::int64_t, std::int64_t> last_seq;
  std::int64_t next_id = 1;
  int receive_buffer = 0;  // SO_RCVBUF, 0 = the system's
  bool batch = false;      // hello {batch: true}; split messages on "\n"
  std::size_t messages = 0, largest_batch = 0;

  ~Impl() { shutdown(); }

  // Closes the socket, runs the handlers that completes (they only record
  // the error), then drops the stream and every handler still pending.
  void shutdown() {
    if (ws) {
      beast::error_code ec;
      beast::get_lowest_layer(*ws).socket().close(ec);
      ioc->restart();
      ioc->poll();
    }
    ws.reset();
    ioc = std::make_unique<asio::io_context>();
    reading = false;
    is_open = false;
  }

  void reset() {
    shutdown();
    rbuf.consume(rbuf.size());
    reading = false;
    broken = false;
    ended = false;
    code.reset();
    end_reason.clear();
    frames.clear();
    last_seq.clear();
    messages = largest_batch = 0;
  }

  void push(std::string raw) {
    Frame f;
    boost::system::error_code ec;
    json::value v = json::parse(raw, ec);
    if (!ec && v.is_object()) f.obj = std::move(v.as_object());
    if (f.is_event()) {
      const json::object& o = *f.obj;
      const json::value* seq = o.if_contains("seq");
      const json::value* m = o.if_contains("meeting");
      if (seq && seq->is_int64() && m && m->is_int64()) {
        auto& top = last_seq[m->as_int64()];
        top = std::max(top, seq->as_int64());
      }
    }
    f.raw = std::move(raw);
    frames.push_back(std::move(f));
  }

  void start_read() {
    reading = true;
    ws->async_read(rbuf, [this](beast::error_code ec, std::size_t) {
      reading = false;
      if (ec) {
        ended = true;
        is_open = false;
        if (ec == websocket::error::closed) {
          code = ws->reason().code;
          end_reason = "closed by server with " + std::to_string(*code);
        } else {
          end_reason = ec.message();
        }
        return;
      }
      std::string msg = beast::buffers_to_string(rbuf.data());
      rbuf.consume(rbuf.size());
      ++messages;
      std::size_t n = 0;
      for (std::size_t at = 0; batch;) {
        const std::size_t nl = msg.find('\n', at);
        if (nl == std::string::npos) {
          msg.erase(0, at);
          break;
        }
        push(msg.substr(at, nl - at));
        ++n;
        at = nl + 1;
      }
      push(std::move(msg));
      largest_batch = std::max(largest_batch, n + 1);
      start_read();
    });
  }

  bool run(const std::function<bool()>& done, Ms timeout) { return run_until(*ioc, done, timeout); }

  void write(std::string_view data, bool text, Ms timeout) {
    if (!ws || !is_open) throw std::runtime_error("WsClient: not connected (" + end_reason + ")");
    if (broken) throw std::runtime_error("WsClient: an earlier write timed out");
    auto st = std::make_shared<OpState>();
    auto buf = std::make_shared<std::string>(data);
    ws->text(text);
    ws->async_write(asio::buffer(*buf), [st, buf](beast::error_code ec, std::size_t) {
      st->done = true;
      st->ec = ec;
    });
    if (!run([&] { return st->done; }, timeout)) {
      broken = true;
      throw TimeoutError("WsClient: write did not complete within " + std::to_string(timeout.count()) + " ms");
    }
    if (st->ec) throw std::runtime_error("WsClient: write failed: " + st->ec.message());
  }

  // Index of the first unclaimed frame matching, waiting for it.
  std::optional<std::size_t> find(const Pred& pred, Ms timeout) {
    std::size_t scanned = 0;
    std::optional<std::size_t> hit;
    auto look = [&] {
      for (; scanned < frames.size(); ++scanned)
        if (!frames[scanned].taken && frames[scanned].obj && pred(*frames[scanned].obj)) {
          hit = scanned;
          return true;
        }
      return false;
    };
    // Frames already taken stay taken, so rescanning from `scanned` is enough.
    run([&] { return look() || ended; }, timeout);
    if (!hit) look();
    return hit;
  }
};

WsClient::WsClient() : impl_(std::make_unique<Impl>()) {}
WsClient::~WsClient() = default;
WsClient::WsClient(WsClient&&) noexcept = default;
WsClient& WsClient::operator=(WsClient&&) noexcept = default;

int WsClient::try_connect(unsigned short port, std::optional<std::string> origin, Ms timeout) {
  Impl& m = *impl_;
  m.reset();
  m.ws.emplace(*m.ioc);
  auto& lowest = beast::get_lowest_layer(*m.ws);
  auto st = std::make_shared<OpState>();
  if (m.receive_buffer > 0) {
    lowest.socket().open(tcp::v4());
    lowest.socket().set_option(asio::socket_base::receive_buffer_size(m.receive_buffer));
  }
  lowest.expires_after(timeout);
  lowest.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), [st](beast::error_code ec) {
    st->done = true;
    st->ec = ec;
  });
  if (!m.run([&] { return st->done; }, timeout + Ms(500)))
    throw TimeoutError("WsClient: TCP connect timed out");
  if (st->ec) throw std::runtime_error("WsClient: connect to port " + std::to_string(port) + ": " + st->ec.message());
  lowest.expires_never();

  auto to = websocket::stream_base::timeout::suggested(beast::role_type::client);
  to.handshake_timeout = timeout;
  m.ws->set_option(to);
  m.ws->set_option(websocket::stream_base::decorator([origin, extra = extra_headers_](websocket::request_type& req) {
    for (const auto& [k, v] : extra) req.set(k, v);
    req.set(http::field::user_agent, "chibo-integration-tests");
    if (origin) req.set(http::field::origin, *origin);
  }));
  auto res = std::make_shared<websocket::response_type>();
  auto hs = std::make_shared<OpState>();
  m.ws->async_handshake(*res, "127.0.0.1:" + std::to_string(port), "/ws", [hs, res](beast::error_code ec) {
    hs->done = true;
    hs->ec = ec;
  });
  if (!m.run([&] { return hs->done; }, timeout + Ms(500)))
    throw TimeoutError("WsClient: WebSocket handshake timed out");
  if (hs->ec) {
    const int status = res->result_int();
    m.shutdown();
    if (status != 0 && status != 101) return status;
    throw std::runtime_error("WsClient: handshake failed: " + hs->ec.message());
  }
  m.is_open = true;
  m.start_read();
  return 101;
}

void WsClient::set_receive_buffer(int bytes) { impl_->receive_buffer = bytes; }
void WsClient::set_batch(bool on) { impl_->batch = on; }
std::size_t WsClient::messages() const { return impl_->messages; }
std::size_t WsClient::largest_batch() const { return impl_->largest_batch; }

void WsClient::connect(unsigned short port, std::optional<std::string> origin, Ms timeout) {
  const int status = try_connect(port, std::move(origin), timeout);
  if (status != 101) throw std::runtime_error("WsClient: upgrade refused with HTTP " + std::to_string(status));
}

void WsClient::send_raw(std::string_view text, Ms timeout) { impl_->write(text, true, timeout); }

void WsClient::send_binary(std::string_view bytes, Ms timeout) { impl_->write(bytes, false, timeout); }

std::int64_t WsClient::send(std::string_view op, std::optional<json::object> args, Ms timeout) {
  const std::int64_t id = impl_->next_id++;
  json::object o;
  o["id"] = id;
  o["op"] = op;
  if (args) o["args"] = std::move(*args);
  impl_->write(json::serialize(o), true, timeout);
  return id;
}

json::object WsClient::wait_reply(std::int64_t id, Ms timeout) {
  auto hit = impl_->find(
      [id](const json::object& o) {
        const json::value* re = o.if_contains("re");
        return re && re->is_int64() && re->as_int64() == id;
      },
      timeout);
  if (!hit)
    throw TimeoutError("WsClient: no reply to request " + std::to_string(id) + " within " +
                       std::to_string(timeout.count()) + " ms" +
                       (impl_->ended ? " (connection ended: " + impl_->end_reason + ")" : ""));
  auto& f = impl_->frames[*hit];
  f.taken = true;
  return *f.obj;
}

json::object WsClient::request(std::string_view op, json::object args, Ms timeout) {
  return wait_reply(send(op, std::move(args), timeout), timeout);
}

json::object WsClient::call(std::string_view op, json::object args, Ms timeout) {
  json::object reply = request(op, args, timeout);
  if (!is_ok(reply))
    throw RequestFailed(std::string(op) + " " + dump(json::value(args)) + " failed: " + dump(json::value(reply)),
                        reply);
  return result_of(reply);
}

std::optional<json::object> WsClient::wait_frame(const Pred& pred, Ms timeout) {
  auto hit = impl_->find(pred, timeout);
  if (!hit) return std::nullopt;
  impl_->frames[*hit].taken = true;
  return *impl_->frames[*hit].obj;
}

std::optional<json::object> WsClient::wait_event(const Pred& pred, Ms timeout) {
  return wait_frame([&](const json::object& o) { return o.contains("ev") && pred(o); }, timeout);
}

std::optional<json::object> WsClient::wait_event(std::string_view ev, Ms timeout) {
  return wait_event([ev](const json::object& o) { return str_at(o, "/ev") == ev; }, timeout);
}

bool WsClient::wait_until(const std::function<bool()>& pred, Ms timeout) {
  return impl_->run([&] { return pred() || impl_->ended; }, timeout) && pred();
}

void WsClient::barrier(Ms timeout) {
  const auto reply = wait_reply(send("chibo.test.barrier", std::nullopt, timeout), timeout);
  if (error_code(reply) != "unknown_op")
    throw std::runtime_error("WsClient::barrier: unexpected reply " + dump(json::value(reply)));
}

void WsClient::pump(Ms d) {
  impl_->run([] { return false; }, d);
  if (impl_->ws) {
    impl_->ioc->restart();
    impl_->ioc->poll();  // and whatever is ready now
  }
}

std::vector<json::object> WsClient::events() const {
  std::vector<json::object> out;
  for (const auto& f : impl_->frames)
    if (f.is_event()) out.push_back(*f.obj);
  return out;
}

std::vector<json::object> WsClient::logged_events(std::int64_t meeting) const {
  std::vector<json::object> out;
  for (const auto& f : impl_->frames)
    if (f.is_event() && f.obj->contains("seq") && int_at(*f.obj, "/meeting") == meeting) out.push_back(*f.obj);
  return out;
}

std::vector<std::string> WsClient::junk() const {
  std::vector<std::string> out;
  for (const auto& f : impl_->frames)
    if (!f.obj) out.push_back(f.raw);
  return out;
}

void WsClient::clear_events() {
  auto& fs = impl_->frames;
  fs.erase(std::remove_if(fs.begin(), fs.end(), [](const Impl::Frame& f) { return f.is_event(); }), fs.end());
}

std::int64_t WsClient::last_seq(std::int64_t meeting) const {
  auto it = impl_->last_seq.find(meeting);
  return it == impl_->last_seq.end() ? 0 : it->second;
}

bool WsClient::connected() const { return impl_->is_open && !impl_->ended; }

bool WsClient::closed() {
  if (impl_->ws && !impl_->ended) {
    impl_->ioc->restart();
    impl_->ioc->poll();
  }
  return impl_->ended || !impl_->ws;
}

bool WsClient::wait_closed(Ms timeout) {
  if (!impl_->ws) return true;
  return impl_->run([&] { return impl_->ended; }, timeout);
}

std::optional<int> WsClient::close_code() const { return impl_->code; }

void WsClient::close(int code, Ms timeout) {
  Impl& m = *impl_;
  if (!m.ws || m.ended) return;
  auto st = std::make_shared<OpState>();
  m.ws->async_close(websocket::close_reason(static_cast<std::uint16_t>(code)), [st](beast::error_code ec) {
    st->done = true;
    st->ec = ec;
  });
  if (!m.run([&] { return st->done && !m.reading; }, timeout))
    throw TimeoutError("WsClient: close handshake did not finish");
  m.ended = true;
  m.is_open = false;
  if (m.end_reason.empty()) m.end_reason = "closed by client";
}

void WsClient::drop() {
  impl_->shutdown();
  impl_->ended = true;
  if (impl_->end_reason.empty()) impl_->end_reason = "dropped by client";
}

json::object WsClient::hello(json::object auth, std::optional<std::int64_t> meeting, std::optional<std::int64_t> since,
                             Ms timeout) {
  json::object args;
  args["v"] = 1;
  args["auth"] = std::move(auth);
  if (meeting) args["meeting"] = *meeting;
  if (since) args["since"] = *since;
  if (impl_->batch) args["batch"] = true;
  return request("hello", std::move(args), timeout);
}

json::object WsClient::hello_password(const std::string& user, const std::string& password,
                                      std::optional<std::int64_t> meeting, std::optional<std::int64_t> since,
                                      Ms timeout) {
  return hello({{"user", user}, {"password", password}}, meeting, since, timeout);
}

json::object WsClient::hello_token(const std::string& token, std::optional<std::int64_t> meeting,
                                   std::optional<std::int64_t> since, Ms timeout) {
  return hello({{"token", token}}, meeting, since, timeout);
}

json::object WsClient::hello_join(const std::string& token, std::optional<std::int64_t> meeting,
                                  std::optional<std::int64_t> since, Ms timeout) {
  return hello({{"join", token}}, meeting, since, timeout);
}

// ---- reading replies ----

bool is_ok(const json::object& reply) {
  const json::value* ok = reply.if_contains("ok");
  return ok && ok->is_bool() && ok->as_bool();
}

std::string error_code(const json::object& reply) {
  if (is_ok(reply)) return "";
  return str_at(reply, "/error/code", "<no error code>");
}

const json::object& result_of(const json::object& reply) {
  const json::value* r = at(reply, "/result");
  if (!is_ok(reply) || !r || !r->is_object())
    throw std::runtime_error("not an ok reply with a result: " + dump(json::value(reply)));
  return r->as_object();
}

json::object details_of(const json::object& reply) {
  const json::value* d = at(reply, "/error/details");
  return d && d->is_object() ? d->as_object() : json::object{};
}

const json::value* at(const json::object& o, std::string_view pointer) {
  if (pointer.empty() || pointer.front() != '/') return nullptr;
  const json::object* obj = &o;
  const json::value* cur = nullptr;
  std::size_t pos = 1;
  for (;;) {
    const std::size_t slash = pointer.find('/', pos);
    const std::string_view key = pointer.substr(pos, slash == std::string_view::npos ? pointer.npos : slash - pos);
    if (obj) {
      cur = obj->if_contains(key);
    } else if (cur && cur->is_array()) {
      std::size_t idx = 0;
      if (key.empty() || !std::all_of(key.begin(), key.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
        return nullptr;
      idx = std::stoul(std::string(key));
      const auto& arr = cur->as_array();
      cur = idx < arr.size() ? &arr[idx] : nullptr;
    } else {
      return nullptr;
    }
    if (!cur) return nullptr;
    if (slash == std::string_view::npos) return cur;
    obj = cur->is_object() ? &cur->as_object() : nullptr;
    pos = slash + 1;
  }
}

std::int64_t int_at(const json::object& o, std::string_view pointer, std::int64_t fallback) {
  const json::value* v = at(o, pointer);
  if (v && v->is_int64()) return v->as_int64();
  if (v && v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
  return fallback;
}

std::string str_at(const json::object& o, std::string_view pointer, std::string fallback) {
  const json::value* v = at(o, pointer);
  return v && v->is_string() ? std::string(v->as_string()) : fallback;
}

std::string dump(const json::value& v) { return json::serialize(v); }
std::string dump(const json::object& o) { return json::serialize(o); }

// ---- plain HTTP ----

HttpResponse http_request(unsigned short port, std::string_view method, std::string_view target,
                          const std::vector<std::pair<std::string, std::string>>& headers, Ms timeout) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(timeout);
  http::request<http::empty_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  req.set(http::field::user_agent, "chibo-integration-tests");
  for (const auto& [k, v] : headers) req.set(k, v);
  req.keep_alive(false);

  beast::error_code err;
  beast::flat_buffer buf;
  http::response_parser<http::string_body> parser;
  parser.body_limit(16 * 1024 * 1024);
  if (req.method() == http::verb::head) parser.skip(true);
  stream.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), [&](beast::error_code ec) {
    if (ec) {
      err = ec;
      return;
    }
    http::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
      if (ec) {
        err = ec;
        return;
      }
      http::async_read(stream, buf, parser, [&](beast::error_code ec, std::size_t) { err = ec; });
    });
  });
  ioc.run_for(timeout + Ms(1000));
  if (!ioc.stopped()) {
    stream.close();
    ioc.restart();
    ioc.run();
    throw TimeoutError("http_request: no answer within " + std::to_string(timeout.count()) + " ms");
  }
  if (err) throw std::runtime_error("http_request " + std::string(target) + ": " + err.message());
  auto res = parser.release();
  HttpResponse out;
  out.status = res.result_int();
  for (const auto& f : res) {
    std::string name(f.name_string());
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    out.headers[name] = std::string(f.value());
  }
  out.body = std::move(res.body());
  return out;
}

}  // namespace chibo::test
