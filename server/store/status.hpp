// Status: the value type every store operation reports (after LevelDB's Status).
#pragma once

#include <string>
#include <utility>

namespace chibo::store {

class Status {
 public:
  enum class Code {
    ok,
    not_found,            // the row addressed does not exist (or was removed)
    conflict,             // uniqueness or ordering violated (duplicate username, seq not head+1)
    invalid,              // the caller passed something the schema refuses
    storage_unavailable,  // SQLite could not write: disk full, I/O error, read-only file
    internal,             // anything else; a bug
  };

  Status() = default;  // ok
  static Status ok() { return {}; }
  static Status not_found(std::string m) { return {Code::not_found, std::move(m)}; }
  static Status conflict(std::string m) { return {Code::conflict, std::move(m)}; }
  static Status invalid(std::string m) { return {Code::invalid, std::move(m)}; }
  static Status storage_unavailable(std::string m) { return {Code::storage_unavailable, std::move(m)}; }
  static Status internal(std::string m) { return {Code::internal, std::move(m)}; }

  bool is_ok() const { return code_ == Code::ok; }
  explicit operator bool() const { return is_ok(); }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  Status(Code c, std::string m) : code_(c), message_(std::move(m)) {}
  Code code_ = Code::ok;
  std::string message_;
};

}  // namespace chibo::store
