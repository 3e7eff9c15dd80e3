#include "net/tls.hpp"

#include <openssl/ssl.h>

namespace chibo::net {
namespace ssl = boost::asio::ssl;

std::string TlsConfig::load() {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  // TLS 1.2 and 1.3 only: SSLv3, TLS 1.0 and 1.1 are refused at the handshake.
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_compression |
                   ssl::context::single_dh_use | SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION);
  // TLS 1.2: forward-secret AEAD suites only (TLS 1.3 suites are all modern).
  SSL_CTX_set_cipher_list(ctx->native_handle(),
                          "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                          "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                          "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305");
  boost::system::error_code ec;
  ctx->use_certificate_chain_file(cert_file_, ec);
  if (ec) return "certificate " + cert_file_ + ": " + ec.message();
  ctx->use_private_key_file(key_file_, ssl::context::pem, ec);
  if (ec) return "key " + key_file_ + ": " + ec.message();
  if (SSL_CTX_check_private_key(ctx->native_handle()) != 1) return "the key does not match the certificate";
  std::lock_guard lock(mu_);
  ctx_ = std::move(ctx);
  return {};
}

}  // namespace chibo::net
