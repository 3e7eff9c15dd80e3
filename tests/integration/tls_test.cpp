// Issue 7 "TLS": chibo serve --tls-cert --tls-key serves HTTPS and WSS with
// TLS 1.2 and 1.3 only, and reloads its certificate on SIGHUP.
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/json.hpp>

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <unistd.h>
#include <filesystem>

#include "fixture.hpp"

using namespace chibo::test;
namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

// A self-signed certificate for 127.0.0.1 with common name `cn`.
void make_certificate(const std::string& dir, const std::string& cn) {
  const std::string cmd = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1"
                          " -subj /CN=" + cn + " -keyout " + dir + "/key.pem -out " + dir + "/cert.pem 2>/dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
}

struct TlsServer {
  std::string certs = std::filesystem::temp_directory_path() / ("chibo-tls-" + std::to_string(::getpid()));
  std::unique_ptr<TestServer> srv;
  TlsServer() {
    std::filesystem::create_directories(certs);
    make_certificate(certs, "chibo-first");
    TestServer::Options o;
    o.extra_args = {"--tls-cert", certs + "/cert.pem", "--tls-key", certs + "/key.pem"};
    srv = std::make_unique<TestServer>(o);
  }
  ~TlsServer() {
    srv.reset();
    std::error_code ec;
    std::filesystem::remove_all(certs, ec);
  }
};

// A client TLS context accepting any certificate, between the given versions.
ssl::context client_context(int min_version, int max_version) {
  ssl::context ctx(ssl::context::tls_client);
  ctx.set_verify_mode(ssl::verify_none);
  // Lets this client offer old versions, so that it is the server refusing them.
  SSL_CTX_set_security_level(ctx.native_handle(), 0);
  SSL_CTX_set_cipher_list(ctx.native_handle(), "ALL:@SECLEVEL=0");
  SSL_CTX_set_min_proto_version(ctx.native_handle(), min_version);
  SSL_CTX_set_max_proto_version(ctx.native_handle(), max_version);
  return ctx;
}

struct Handshake {
  bool ok = false;
  std::string version;  // "TLSv1.3"
  std::string subject;  // the server certificate's CN
};

Handshake try_handshake(unsigned short port, int min_version, int max_version) {
  asio::io_context ioc;
  auto ctx = client_context(min_version, max_version);
  beast::ssl_stream<beast::tcp_stream> s(ioc, ctx);
  beast::get_lowest_layer(s).expires_after(std::chrono::seconds(10));
  beast::get_lowest_layer(s).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  beast::error_code ec;
  s.handshake(ssl::stream_base::client, ec);
  Handshake h;
  h.ok = !ec;
  if (h.ok) {
    h.version = SSL_get_version(s.native_handle());
    if (X509* cert = SSL_get1_peer_certificate(s.native_handle())) {
      char cn[256] = {};
      X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn, sizeof cn);
      h.subject = cn;
      X509_free(cert);
    }
  }
  return h;
}

}  // namespace

TEST_CASE("TLS: HTTPS and WSS work; TLS 1.0 and 1.1 are refused", "[tls]") {
  TlsServer t;
  const auto port = t.srv->port();
  CHECK(t.srv->output().find("listening on https://127.0.0.1:") != std::string::npos);

  SECTION("versions") {
    CHECK(try_handshake(port, TLS1_2_VERSION, TLS1_2_VERSION).version == "TLSv1.2");
    CHECK(try_handshake(port, TLS1_3_VERSION, TLS1_3_VERSION).version == "TLSv1.3");
    CHECK_FALSE(try_handshake(port, TLS1_VERSION, TLS1_VERSION).ok);
    CHECK_FALSE(try_handshake(port, TLS1_1_VERSION, TLS1_1_VERSION).ok);
    CHECK(try_handshake(port, TLS1_VERSION, TLS1_3_VERSION).version == "TLSv1.3");
  }

  SECTION("HTTPS and a WSS hello") {
    asio::io_context ioc;
    auto ctx = client_context(TLS1_2_VERSION, TLS1_3_VERSION);
    websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws(ioc, ctx);
    auto& tcp_layer = beast::get_lowest_layer(ws);
    tcp_layer.expires_after(std::chrono::seconds(10));
    tcp_layer.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    ws.next_layer().handshake(ssl::stream_base::client);

    // HTTPS on the same connection first is not possible after an upgrade:
    // /healthz goes over its own TLS connection.
    {
      beast::ssl_stream<beast::tcp_stream> s(ioc, ctx);
      beast::get_lowest_layer(s).expires_after(std::chrono::seconds(10));
      beast::get_lowest_layer(s).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
      s.handshake(ssl::stream_base::client);
      http::request<http::empty_body> req{http::verb::get, "/healthz", 11};
      req.set(http::field::host, "127.0.0.1");
      http::write(s, req);
      beast::flat_buffer buf;
      http::response<http::string_body> res;
      http::read(s, buf, res);
      CHECK(res.result_int() == 200);
      CHECK(res.body().find("\"status\":\"ok\"") != std::string::npos);
      CHECK(res["X-Content-Type-Options"] == "nosniff");
    }

    ws.set_option(websocket::stream_base::decorator([port](websocket::request_type& r) {
      r.set(http::field::origin, "https://127.0.0.1:" + std::to_string(port));
    }));
    tcp_layer.expires_never();
    ws.handshake("127.0.0.1:" + std::to_string(port), "/ws");
    ws.write(asio::buffer(std::string(R"({"id":1,"op":"hello","args":{"v":1,"auth":{"user":"bithu","password":"chibo-demo"}}})")));
    beast::flat_buffer buf;
    ws.read(buf);
    const auto reply = boost::json::parse(beast::buffers_to_string(buf.data())).as_object();
    CHECK(reply.at("ok").as_bool());
    ws.close(websocket::close_code::normal);
  }

  SECTION("plain HTTP on the TLS port gets nothing") {
    CHECK_THROWS(http_request(port, "GET", "/healthz", {}, Ms(3000)));
  }
}

TEST_CASE("TLS: SIGHUP reloads the certificate; a bad one keeps the old", "[tls]") {
  TlsServer t;
  const auto port = t.srv->port();
  REQUIRE(try_handshake(port, TLS1_2_VERSION, TLS1_3_VERSION).subject == "chibo-first");
  make_certificate(t.certs, "chibo-renewed");
  t.srv->send_signal(SIGHUP);
  REQUIRE(t.srv->wait_output("TLS certificate reloaded", Ms(10000)));
  CHECK(try_handshake(port, TLS1_2_VERSION, TLS1_3_VERSION).subject == "chibo-renewed");

  // A broken key file: reported, and the renewed pair stays in use.
  { std::ofstream(t.certs + "/key.pem") << "not a key\n"; }
  t.srv->send_signal(SIGHUP);
  REQUIRE(t.srv->wait_output("TLS reload failed", Ms(10000)));
  CHECK(try_handshake(port, TLS1_2_VERSION, TLS1_3_VERSION).subject == "chibo-renewed");
}

TEST_CASE("TLS: a missing or mismatched pair stops the server with exit 2", "[tls]") {
  ServerProcess::Options o;
  o.start = false;
  ServerProcess srv(o);
  auto r = srv.run_cli({"serve", "--db", srv.db_path(), "--listen", "127.0.0.1:0", "--tls-cert", "/nonexistent.pem",
                        "--tls-key", "/nonexistent.pem"});
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("TLS") != std::string::npos);
  r = srv.run_cli({"serve", "--db", srv.db_path(), "--listen", "127.0.0.1:0", "--tls-cert", "/x.pem"});
  CHECK(r.exit_code == 2);
}
