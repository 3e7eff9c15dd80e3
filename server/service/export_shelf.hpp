// Files made by export.create, kept for a short while under an unguessable
// name so that a phone on a weak link can fetch them over plain HTTP (and
// retry) without a session cookie (PROTOCOL.md export.create). Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace chibo::service {

struct ExportFile {
  std::string filename;  // ASCII: "bien-ban-2026-12-01-chi-bo-khu-pho-3.docx"
  std::string mime;
  std::shared_ptr<const std::string> bytes;
};

class ExportShelf {
 public:
  static constexpr std::int64_t kKeepMs = 10 * 60 * 1000;            // 10 minutes
  static constexpr std::size_t kMaxBytes = 64 * 1024 * 1024;          // oldest files go first beyond this

  // Puts `f` on the shelf; returns its 128-bit random name (32 hex digits).
  std::string put(ExportFile f, std::int64_t now_ms);
  // The file of that name if it is still kept.
  std::optional<ExportFile> get(const std::string& name, std::int64_t now_ms);

 private:
  struct Entry {
    ExportFile file;
    std::int64_t expires_ms;
  };
  void evict(std::int64_t now_ms);  // REQUIRES: mu_ held
  std::mutex mu_;
  std::map<std::string, Entry> files_;  // GUARDED_BY(mu_)
  std::deque<std::string> order_;       // GUARDED_BY(mu_): names, oldest first
  std::size_t bytes_ = 0;               // GUARDED_BY(mu_)
};

}  // namespace chibo::service
