#include "auth/signing_key.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "auth/base64.hpp"

namespace chibo::auth {

struct SigningKey::Impl {
  EVP_PKEY* key = nullptr;
  ~Impl() { EVP_PKEY_free(key); }
};

namespace {

struct BioDel { void operator()(BIO* b) const { BIO_free(b); } };
struct PkeyDel { void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); } };
struct MdDel { void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); } };
using Bio = std::unique_ptr<BIO, BioDel>;
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDel>;

std::vector<unsigned char> raw_public(EVP_PKEY* k) {
  std::size_t n = 32;
  std::vector<unsigned char> raw(n);
  if (EVP_PKEY_get_raw_public_key(k, raw.data(), &n) != 1 || n != 32)
    throw std::runtime_error("signing key: cannot read the public key");
  return raw;
}

std::string pem_of(EVP_PKEY* k, bool priv) {
  Bio bio(BIO_new(BIO_s_mem()));
  const int ok = priv ? PEM_write_bio_PrivateKey(bio.get(), k, nullptr, nullptr, 0, nullptr, nullptr)
                      : PEM_write_bio_PUBKEY(bio.get(), k);
  if (!ok) throw std::runtime_error("signing key: cannot encode PEM");
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

Pkey fresh_key() {
  Pkey k(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (!k) throw std::runtime_error("signing key: key generation failed");
  return k;
}

}  // namespace

SigningKey::SigningKey(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {
  const auto raw = raw_public(impl_->key);
  public_b64_ = base64_encode(raw.data(), raw.size());
  key_id_ = key_id_of(raw);
}
SigningKey::SigningKey(SigningKey&&) noexcept = default;
SigningKey& SigningKey::operator=(SigningKey&&) noexcept = default;
SigningKey::~SigningKey() = default;

SigningKey SigningKey::generate() {
  auto impl = std::make_unique<Impl>();
  impl->key = fresh_key().release();
  return SigningKey(std::move(impl));
}

SigningKey SigningKey::load_or_create(const std::filesystem::path& path) {
  auto impl = std::make_unique<Impl>();
  std::ifstream in(path, std::ios::binary);
  if (in) {
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string pem = ss.str();
    Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    impl->key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
    if (!impl->key || EVP_PKEY_get_id(impl->key) != EVP_PKEY_ED25519)
      throw std::runtime_error(path.string() + ": not an Ed25519 private key (PEM)");
    return SigningKey(std::move(impl));
  }
  impl->key = fresh_key().release();
  const std::string pem = pem_of(impl->key, true);
  // Written to a temporary name with mode 0600 from the start, then renamed:
  // the private key is never readable by others, not even for a moment.
  const std::filesystem::path tmp = path.string() + ".tmp";
  const mode_t old = ::umask(077);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << pem;
    out.close();
    ::umask(old);
    if (!out) throw std::runtime_error(tmp.string() + ": cannot write the signing key");
  }
  std::filesystem::permissions(tmp, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::filesystem::rename(tmp, path);
  return SigningKey(std::move(impl));
}

std::string SigningKey::sign(std::string_view message) const {
  std::unique_ptr<EVP_MD_CTX, MdDel> ctx(EVP_MD_CTX_new());
  unsigned char sig[64];
  std::size_t len = sizeof sig;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, impl_->key) != 1 ||
      EVP_DigestSign(ctx.get(), sig, &len, reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1)
    throw std::runtime_error("signing key: signing failed");
  return base64_encode(sig, len);
}

std::string SigningKey::public_pem() const { return pem_of(impl_->key, false); }

std::filesystem::path signing_key_path(const std::filesystem::path& db_path) {
  return db_path.parent_path() / "chibo-signing-key.pem";
}

std::string key_id_of(const std::vector<unsigned char>& raw) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256(raw.data(), raw.size(), md);
  static const char* hex = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 8; ++i) {
    id += hex[md[i] >> 4];
    id += hex[md[i] & 15];
  }
  return id;
}

bool verify_signature(std::string_view public_key_b64, std::string_view message, std::string_view signature_b64) {
  auto pub = base64_decode(public_key_b64);
  auto sig = base64_decode(signature_b64);
  if (!pub || pub->size() != 32 || !sig || sig->size() != 64) return false;
  Pkey k(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, pub->data(), pub->size()));
  std::unique_ptr<EVP_MD_CTX, MdDel> ctx(EVP_MD_CTX_new());
  if (!k || !ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, k.get()) != 1) return false;
  return EVP_DigestVerify(ctx.get(), sig->data(), sig->size(), reinterpret_cast<const unsigned char*>(message.data()),
                          message.size()) == 1;
}

std::optional<std::string> public_key_from_pem(const std::string& pem) {
  Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  Pkey k(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (!k) {
    Bio again(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    k.reset(PEM_read_bio_PrivateKey(again.get(), nullptr, nullptr, nullptr));
  }
  if (!k || EVP_PKEY_get_id(k.get()) != EVP_PKEY_ED25519) return std::nullopt;
  const auto raw = raw_public(k.get());
  return base64_encode(raw.data(), raw.size());
}

}  // namespace chibo::auth
