// The server's Ed25519 signing key (issue 5, PROTOCOL.md "The lock"): approved
// minutes and their addenda are signed with it so anyone holding the public
// half can check an export offline (`chibo verify`). OpenSSL's EVP API; the
// key never leaves this class.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chibo::auth {

class SigningKey {
 public:
  // Reads the PEM private key at `path`, or — when the file does not exist —
  // creates a fresh key and writes it there with mode 0600. Throws
  // std::runtime_error naming the path when the file exists but is not an
  // Ed25519 private key, or cannot be written.
  static SigningKey load_or_create(const std::filesystem::path& path);
  // A key in memory only (tests).
  static SigningKey generate();

  SigningKey(SigningKey&&) noexcept;
  SigningKey& operator=(SigningKey&&) noexcept;
  ~SigningKey();

  // Raw 64-byte Ed25519 signature of `message`, base64 (standard, padded).
  // Ed25519 is deterministic: the same message always gives the same signature.
  std::string sign(std::string_view message) const;
  const std::string& public_key() const { return public_b64_; }  // raw 32 bytes, base64
  const std::string& key_id() const { return key_id_; }           // 16 hex digits
  std::string public_pem() const;                                 // SubjectPublicKeyInfo PEM

 private:
  struct Impl;
  explicit SigningKey(std::unique_ptr<Impl>);
  std::unique_ptr<Impl> impl_;
  std::string public_b64_, key_id_;
};

// Where the key of the database at `db_path` lives: beside it, in the same
// data directory (so a backup of the directory keeps both together).
std::filesystem::path signing_key_path(const std::filesystem::path& db_path);

// The id of a raw public key: the first 16 hex digits of its SHA-256.
std::string key_id_of(const std::vector<unsigned char>& raw_public);

// Checks a base64 signature of `message` against a base64 raw public key.
// False for anything malformed.
bool verify_signature(std::string_view public_key_b64, std::string_view message, std::string_view signature_b64);

// The raw public key (base64) of a PEM file holding an Ed25519 public or
// private key; nullopt when it is not one.
std::optional<std::string> public_key_from_pem(const std::string& pem);

}  // namespace chibo::auth
