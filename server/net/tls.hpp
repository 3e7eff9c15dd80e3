// HTTPS and WSS natively (issue 7 "TLS"): TLS 1.2 and 1.3 only, modern
// cipher suites, the certificate and key reloaded on SIGHUP without
// dropping connections (new connections use the new pair).
#pragma once

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <mutex>
#include <string>

namespace chibo::net {

class TlsConfig {
 public:
  TlsConfig(std::string cert_file, std::string key_file)
      : cert_file_(std::move(cert_file)), key_file_(std::move(key_file)) {}

  // (Re)loads the certificate chain and key. On failure the previous context
  // stays in use and the error is returned ("" on success).
  std::string load();

  // The context new connections use. Thread-safe.
  std::shared_ptr<boost::asio::ssl::context> context() const {
    std::lock_guard lock(mu_);
    return ctx_;
  }

 private:
  std::string cert_file_, key_file_;
  mutable std::mutex mu_;
  std::shared_ptr<boost::asio::ssl::context> ctx_;  // GUARDED_BY(mu_)
};

}  // namespace chibo::net
