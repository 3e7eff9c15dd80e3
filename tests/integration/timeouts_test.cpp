// Issue 7 "slow and dead peers": an HTTP client that never finishes its
// request (slow-loris), an oversized one, and a WebSocket peer that stops
// answering (half-open TCP) are each cut off by the server within its limit,
// and their place is given back. Deadlines in the checks are many times the
// limits: CI is a loaded 2-core machine, and only a failure reaches them.
#include <chrono>

#include "fixture.hpp"
#include "raw_tcp.hpp"

using namespace chibo::test;
using Clock = std::chrono::steady_clock;

namespace {

TestServer::Options with(std::vector<std::string> args) {
  TestServer::Options o;
  o.extra_args = std::move(args);
  return o;
}

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace

TEST_CASE("slow-loris: a request that never completes is closed after --http-timeout", "[timeouts]") {
  TestServer srv(with({"--http-timeout", "2"}));
  SECTION("a header dribbled one line at a time") {
    RawTcp loris(srv.port());
    const auto t0 = Clock::now();
    REQUIRE(loris.send("GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
    bool closed = false;
    while (!closed && seconds_since(t0) < 30) {
      closed = loris.wait_peer_closed(Ms(250));
      if (!closed) loris.send("X-Slow: 1\r\n");  // always more to come, never the blank line
      // Everyone else is served meanwhile.
      if (!closed && seconds_since(t0) < 1) CHECK(http_request(srv.port(), "GET", "/healthz").status == 200);
    }
    const double took = seconds_since(t0);
    INFO("closed after " << took << " s");
    CHECK(closed);
    CHECK(took >= 1.5);  // not before the limit (2 s)
    CHECK(took < 30);    // and long before 15 times it
    loris.drain(Ms(2000));
    CHECK(loris.received().find("200 OK") == std::string::npos);
  }
  SECTION("a connection that sends nothing at all") {
    RawTcp idle(srv.port());
    const auto t0 = Clock::now();
    REQUIRE(idle.wait_peer_closed(std::chrono::seconds(30)));
    CHECK(seconds_since(t0) >= 1.5);
  }
  CHECK(http_request(srv.port(), "GET", "/healthz").status == 200);
}

TEST_CASE("an HTTP header over 8 KiB or a body over 16 KiB is refused at once", "[timeouts]") {
  TestServer srv;  // default --http-timeout 30: closing well before it is the size limit at work
  SECTION("header") {
    RawTcp big(srv.port());
    const auto t0 = Clock::now();
    big.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + std::string(10'000, 'a') + "\r\n\r\n");
    REQUIRE(big.wait_peer_closed(std::chrono::seconds(20)));
    CHECK(seconds_since(t0) < 20);
    big.drain(Ms(2000));
    CHECK(big.received().find("200 OK") == std::string::npos);
  }
  SECTION("body") {
    RawTcp big(srv.port());
    const auto t0 = Clock::now();
    big.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n" + std::string(20'000, 'b'));
    REQUIRE(big.wait_peer_closed(std::chrono::seconds(20)));
    CHECK(seconds_since(t0) < 20);
    big.drain(Ms(2000));
    CHECK(big.received().find("200 OK") == std::string::npos);
  }
  CHECK(http_request(srv.port(), "GET", "/healthz").status == 200);
}

TEST_CASE("half-open TCP: a WebSocket peer that answers no ping is closed by the keep-alive", "[timeouts]") {
  // One place per address, so the dead peer's place is seen taken, then freed.
  TestServer srv(with({"--ws-idle-timeout", "2", "--max-connections-per-address", "1"}));
  RawTcp dead(srv.port());
  REQUIRE(dead.send(ws_upgrade_request(srv.port())));
  REQUIRE(dead.read_until("\r\n\r\n", kWait));
  const std::size_t header_end = dead.received().find("\r\n\r\n") + 4;
  REQUIRE(dead.received().rfind("HTTP/1.1 101", 0) == 0);
  const auto t0 = Clock::now();
  {
    WsClient other;
    CHECK(other.try_connect(srv.port()) == 429);  // the dead peer still holds the place
  }
  // From now on it neither reads nor writes: a phone gone without a FIN.
  REQUIRE(dead.wait_peer_closed(std::chrono::seconds(30)));
  const double took = seconds_since(t0);
  INFO("closed after " << took << " s");
  CHECK(took >= 1.0);  // the ping goes out at 1 s, the cut at 2 s
  CHECK(took < 30);
  dead.drain(Ms(2000));
  // What the server sent after the 101: a ping (FIN + opcode 9, unmasked), no data.
  REQUIRE(dead.received().size() > header_end);
  CHECK(static_cast<unsigned char>(dead.received()[header_end]) == 0x89);

  bool accepted = false;
  for (int i = 0; i < 100 && !accepted; ++i) {
    WsClient again;
    accepted = again.try_connect(srv.port()) == 101;
    if (!accepted) again.pump(Ms(50));
  }
  CHECK(accepted);
}
