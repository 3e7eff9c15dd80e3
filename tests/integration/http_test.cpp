// Plain HTTP (health, static files) and the WebSocket upgrade's Origin check
// (PROTOCOL.md "Transport").
#include <boost/json/parse.hpp>

#include "fixture.hpp"

namespace chibo::test {

TEST_CASE("http: /healthz, static files, no path traversal, ETag revalidation", "[http]") {
  TestServer srv;

  const auto health = http_request(srv.port(), "GET", "/healthz");
  CHECK(health.status == 200);
  CHECK(health.header("content-type").find("application/json") == 0);
  boost::system::error_code ec;
  const auto hv = boost::json::parse(health.body, ec);
  INFO(health.body);
  REQUIRE(!ec);
  REQUIRE(hv.is_object());
  CHECK(str_at(hv.as_object(), "/status") == "ok");

  const auto index = http_request(srv.port(), "GET", "/");
  CHECK(index.status == 200);
  CHECK(index.header("content-type").find("text/html") == 0);
  CHECK(index.body.find("<html") != std::string::npos);
  const std::string etag = index.header("etag");
  REQUIRE(!etag.empty());

  // The same file by name, then revalidated: 304 with no body.
  const auto named = http_request(srv.port(), "GET", "/index.html");
  CHECK(named.status == 200);
  CHECK(named.body == index.body);
  CHECK(named.header("etag") == etag);
  const auto again = http_request(srv.port(), "GET", "/index.html", {{"If-None-Match", etag}});
  CHECK(again.status == 304);
  CHECK(again.body.empty());
  CHECK(again.header("etag") == etag);
  const auto stale = http_request(srv.port(), "GET", "/index.html", {{"If-None-Match", "\"0-0\""}});
  CHECK(stale.status == 200);

  // Other methods are refused.
  CHECK(http_request(srv.port(), "POST", "/index.html").status == 405);
  CHECK(http_request(srv.port(), "DELETE", "/healthz").status == 405);

  // Nothing outside the web root, however it is spelt.
  for (const char* target : {"/../server/main.cpp", "/js/../../server/main.cpp", "/..", "/%2e%2e/server/main.cpp",
                             "/js/%2e%2e/index.html", "/.git/config", "/..%2f..%2fetc%2fpasswd", "/nonexistent.html"}) {
    INFO(target);
    const auto res = http_request(srv.port(), "GET", target);
    CHECK(res.status == 404);
    CHECK(res.body.find("chibo: the command line") == std::string::npos);
  }
}

TEST_CASE("http: HEAD of a static file answers the headers and the server lives on", "[http]") {
  TestServer srv;
  const auto get = http_request(srv.port(), "GET", "/index.html");
  REQUIRE(get.status == 200);
  for (const char* target : {"/index.html", "/"}) {
    INFO("HEAD " << target);
    HttpResponse head;
    try {
      head = http_request(srv.port(), "HEAD", target);
    } catch (const std::exception& e) {
      FAIL_CHECK("HEAD " << target << " got no answer: " << e.what());
    }
    CHECK(head.status == 200);
    CHECK(head.body.empty());
    CHECK(head.header("etag") == get.header("etag"));
    CHECK(head.header("content-length") == std::to_string(get.body.size()));
  }
  // The server is still there.
  bool alive = false;
  try {
    alive = http_request(srv.port(), "GET", "/healthz").status == 200;
  } catch (const std::exception& e) {
    INFO(e.what());
  }
  INFO("server output:\n" << srv.output());
  CHECK(alive);
  CHECK(!srv.wait_exit(Ms(0)).has_value());  // not exited
}

TEST_CASE("http: the WebSocket upgrade checks Origin", "[http]") {
  TestServer srv;
  const std::string own = "http://127.0.0.1:" + std::to_string(srv.port());
  struct Case {
    std::optional<std::string> origin;
    int status;
  };
  const std::vector<Case> cases{
      {std::nullopt, 101},  // not a browser: allowed
      {own, 101},
      {"http://localhost:" + std::to_string(srv.port()), 101},
      {"http://evil.example", 403},
      {"http://127.0.0.1:" + std::to_string(srv.port() + 1), 403},
      {"null", 403},
  };
  for (const auto& c : cases) {
    INFO("Origin: " << c.origin.value_or("(none)"));
    WsClient ws;
    const int status = ws.try_connect(srv.port(), c.origin);
    CHECK(status == c.status);
    if (status == 101) CHECK(is_ok(ws.hello_password(kObserver, kDemoPassword, std::nullopt, std::nullopt, Ms(20000))));
  }
}

}  // namespace chibo::test
