#include "service/export_shelf.hpp"

#include <openssl/rand.h>

#include <stdexcept>

namespace chibo::service {

std::string ExportShelf::put(ExportFile f, std::int64_t now_ms) {
  unsigned char raw[16];
  if (RAND_bytes(raw, sizeof raw) != 1) throw std::runtime_error("export: CSPRNG failed");
  static const char* hex = "0123456789abcdef";
  std::string name;
  for (unsigned char b : raw) {
    name += hex[b >> 4];
    name += hex[b & 15];
  }
  std::lock_guard lock(mu_);
  bytes_ += f.bytes->size();
  files_[name] = Entry{std::move(f), now_ms + kKeepMs};
  order_.push_back(name);
  evict(now_ms);
  return name;
}

std::optional<ExportFile> ExportShelf::get(const std::string& name, std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  evict(now_ms);
  auto it = files_.find(name);
  if (it == files_.end()) return std::nullopt;
  return it->second.file;
}

void ExportShelf::evict(std::int64_t now_ms) {
  // Names are put in time order, so the oldest are at the front.
  while (!order_.empty()) {
    auto it = files_.find(order_.front());
    if (it != files_.end() && it->second.expires_ms > now_ms && bytes_ <= kMaxBytes) break;
    if (it != files_.end()) {
      bytes_ -= it->second.file.bytes->size();
      files_.erase(it);
    }
    order_.pop_front();
  }
}

}  // namespace chibo::service
