#include "net/server.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <functional>
#include <optional>
#include <future>
#include <iostream>
#include <thread>

#include "net/listener.hpp"
#include "net/session_tracker.hpp"
#include "net/websocket_session.hpp"
#include "meeting/clock.hpp"
#include "service/demo.hpp"
#include "service/service.hpp"
#include "store/store.hpp"

namespace chibo::net {
namespace asio = boost::asio;

namespace {

// Waits until every write queued so far has committed.
void flush(store::Store& st) {
  std::promise<void> done;
  st.sync([&](store::Status) { done.set_value(); });
  done.get_future().wait();
}

}  // namespace

int serve(const ServeOptions& opt) {
  const int threads = opt.threads > 0 ? opt.threads : std::max(2u, std::thread::hardware_concurrency());
  // Declared before the io_context, so it outlives it: connections whose
  // close handshake did not finish within the grace period are destroyed with
  // the io_context's abandoned operations, and remove themselves from it.
  SessionTracker tracker;
  // The meetings' actors run on their own threads: a meeting's strand then
  // never waits in one queue behind thousands of socket writes, the ones its
  // own broadcasts just caused (bench/README.md, stop 15). Connections read
  // and write on the I/O threads of `ioc` below. Declared before `ioc`: the
  // connections that `ioc` destroys at the end hold actors, whose strands
  // belong to `meetings`.
  const int meeting_threads =
      opt.meeting_threads > 0 ? opt.meeting_threads : std::max(1u, std::thread::hardware_concurrency() / 2);
  asio::io_context meetings{meeting_threads};
  auto meetings_work = asio::make_work_guard(meetings);
  asio::io_context ioc{threads};

  store::Status st;
  auto store = store::Store::open(opt.db_path, st);
  if (!store) {
    std::cerr << "chibo: cannot open database " << opt.db_path << ": " << st.message() << "\n";
    return 1;
  }
  if (opt.demo) {
    if (service::seed_demo_if_empty(*store)) std::cout << "chibo: demo cell created in " << opt.db_path << "\n";
    std::cout << service::demo_logins() << std::flush;
  }

  std::optional<auth::SigningKey> key;
  try {
    key = auth::SigningKey::load_or_create(auth::signing_key_path(opt.db_path));
  } catch (const std::exception& e) {
    std::cerr << "chibo: " << e.what() << "\n";
    return 2;
  }
  std::cout << "chibo: minutes are signed with key " << key->key_id() << "\n";

  {
    service::ServiceOptions sopt;
    sopt.signing_key = &*key;
    sopt.rules = domain::find_rule_set(opt.rules);
    sopt.max_upload_bytes = opt.max_upload_bytes;
    sopt.max_participants = opt.max_participants;
    if (!sopt.rules) {
      std::cerr << "chibo: unknown rule set " << opt.rules << "\n";
      return 2;
    }
    service::Service svc(meetings.get_executor(), *store, sopt);
    for (const auto& problem : svc.start()) std::cerr << "chibo: NOT LOADED: " << problem << "\n";

    HttpOptions http{opt.web_root, opt.origins, opt.max_connections, opt.max_connections_per_address,
                     auth::RatePolicy{opt.rate_per_s, opt.rate_burst}, opt.trust_proxy,
                     std::chrono::seconds(opt.http_timeout_s), std::chrono::seconds(opt.ws_idle_timeout_s)};
    std::shared_ptr<TlsConfig> tls;
    if (!opt.tls_cert.empty()) {
      tls = std::make_shared<TlsConfig>(opt.tls_cert, opt.tls_key);
      if (auto err = tls->load(); !err.empty()) {
        std::cerr << "chibo: TLS: " << err << "\n";
        return 2;
      }
    }
    const std::string scheme = tls ? "https" : "http";
    std::shared_ptr<Listener> listener;
    try {
      listener = std::make_shared<Listener>(ioc, asio::ip::tcp::endpoint(asio::ip::make_address(opt.host), opt.port),
                                            http, svc, tracker, tls);
    } catch (const std::exception& e) {
      std::cerr << "chibo: cannot listen on " << opt.host << ":" << opt.port << ": " << e.what() << "\n";
      return 1;
    }
    const auto port = listener->local_endpoint().port();
    // Browsers on this machine may use any of these names for it.
    for (const std::string& host : {opt.host, std::string("localhost"), std::string("127.0.0.1")})
      http.origins.push_back(scheme + "://" + host + ":" + std::to_string(port));
    listener->start();

    // SIGHUP reloads the certificate and key (a renewed certificate without a
    // restart); a bad pair is reported and the old one kept.
    asio::signal_set hup(ioc, SIGHUP);
    std::function<void()> wait_hup = [&] {
      hup.async_wait([&](boost::system::error_code ec, int) {
        if (ec) return;
        if (tls) {
          const std::string err = tls->load();
          std::cerr << "chibo: SIGHUP: " << (err.empty() ? "TLS certificate reloaded" : "TLS reload failed, keeping the old one: " + err) << "\n";
        }
        wait_hup();
      });
    };
    wait_hup();

    // Quiet meetings leave memory (service/registry.hpp), checked a few
    // times per idle timeout.
    asio::steady_timer sweep(ioc);
    const std::int64_t idle_ms = std::int64_t{opt.meeting_idle_timeout_s} * 1000;
    const auto sweep_every = std::chrono::milliseconds(std::clamp<std::int64_t>(idle_ms / 4, 250, 15'000));
    std::function<void()> wait_sweep = [&] {
      sweep.expires_after(sweep_every);
      sweep.async_wait([&](boost::system::error_code ec) {
        if (ec) return;
        svc.registry().evict_quiet(meeting::now_ms(), idle_ms);
        wait_sweep();
      });
    };
    wait_sweep();

    // Graceful shutdown: stop accepting, close every WebSocket with 1001,
    // give the close handshakes a moment, then stop the I/O threads.
    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    asio::steady_timer grace(ioc);
    signals.async_wait([&](boost::system::error_code, int sig) {
      std::cout << "chibo: signal " << sig << ", shutting down" << std::endl;
      listener->stop();
      hup.cancel();
      sweep.cancel();
      tracker.for_each([](service::Connection& s) {
        if (auto sp = s.try_shared()) sp->close(protocol::CloseCode::going_away);
      });
      grace.expires_after(std::chrono::milliseconds(500));
      grace.async_wait([&](boost::system::error_code) { ioc.stop(); });
    });

    // Announced only once the signal handlers are in place: a SIGTERM sent
    // by whoever waited for this line stops the server gracefully.
    std::cout << "chibo: listening on " << scheme << "://" << opt.host << ":" << port << std::endl;

    std::vector<std::thread> meeting_pool;
    for (int i = 0; i < meeting_threads; ++i) meeting_pool.emplace_back([&] { meetings.run(); });
    std::vector<std::thread> pool;
    for (int i = 1; i < threads; ++i) pool.emplace_back([&] { ioc.run(); });
    ioc.run();
    for (auto& t : pool) t.join();
    // The meetings' threads return once nothing is queued for them. Writes
    // still queued then finish before the service they call back goes away,
    // and their callbacks run here (one may queue another write: a batch
    // waiting for the one before), until a flush leaves nothing to run. So
    // no handler of the meetings outlives the service, or holds a connection
    // when `ioc` is destroyed.
    meetings_work.reset();
    for (auto& t : meeting_pool) t.join();
    for (;;) {
      flush(*store);
      meetings.restart();
      if (meetings.poll() == 0) break;
    }
  }
  store.reset();
  std::cout << "chibo: stopped" << std::endl;
  return 0;
}

}  // namespace chibo::net
