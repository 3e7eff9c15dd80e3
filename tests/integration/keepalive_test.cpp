// ping: the browsers' keep-alive (PROTOCOL.md "ping").
#include "fixture.hpp"

using namespace chibo::test;

TEST_CASE("ping: answered with the server time, only after hello", "[keepalive]") {
  TestServer srv;
  WsClient anon;
  anon.connect(srv.port());
  CHECK(error_code(anon.request("ping")) == "hello_required");

  Login sec = login(srv, kSecretary);
  const auto r = sec.ws.request("ping");
  REQUIRE(is_ok(r));
  CHECK(int_at(r, "/result/now") > 1'700'000'000'000);
  const auto bad = sec.ws.request("ping", {{"extra", 1}});
  CHECK(error_code(bad) == "invalid_args");
  CHECK(str_at(details_of(bad), "/field") == "extra");
  CHECK(is_ok(sec.ws.request("ping")));  // the connection stays usable
}
