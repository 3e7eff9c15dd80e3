// Checked access to a request's `args` (PROTOCOL.md: unknown fields are
// rejected, not ignored; strings are length-limited in code points).
//
//   Args a(req.args);
//   auto cell = a.id("cell");
//   auto place = a.opt_string("place", kMaxPlaceChars).value_or("");
//   a.finish();  // throws if a member was not read
//
// Every accessor throws ArgError{field, reason}; the dispatcher turns it into
// `invalid_args` with details.field, so handlers stay linear.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>

#include "protocol/limits.hpp"

namespace chibo::protocol {

struct ArgError : std::runtime_error {
  ArgError(std::string f, std::string why)
      : std::runtime_error(f + ": " + why), field(std::move(f)), reason(std::move(why)) {}
  std::string field;
  std::string reason;
};

// Number of Unicode code points in valid UTF-8 text.
std::size_t code_points(std::string_view utf8);

class Args {
 public:
  // `prefix` names nested objects in errors ("member.full_name").
  explicit Args(const boost::json::object& o, std::string prefix = {});

  std::int64_t id(std::string_view key);                     // required, >= 1
  std::optional<std::int64_t> opt_id(std::string_view key);  // absent or null -> nullopt
  std::int64_t integer(std::string_view key, std::int64_t min, std::int64_t max);
  std::optional<std::int64_t> opt_integer(std::string_view key, std::int64_t min, std::int64_t max);
  // Required string of 1..max_chars code points (after nothing: no trimming here).
  std::string string(std::string_view key, std::size_t max_chars = kMaxStringChars);
  // Absent or null -> nullopt; present may be empty.
  std::optional<std::string> opt_string(std::string_view key, std::size_t max_chars = kMaxStringChars);
  bool opt_bool(std::string_view key, bool fallback);
  const boost::json::object& object(std::string_view key);
  const boost::json::object* opt_object(std::string_view key);
  const boost::json::value* opt_raw(std::string_view key);  // marks as read, any type

  // Throws ArgError for the first member never read.
  void finish() const;

 private:
  std::string name(std::string_view key) const;
  const boost::json::value* get(std::string_view key);
  const boost::json::object& o_;
  std::string prefix_;
  std::set<std::string, std::less<>> read_;
};

}  // namespace chibo::protocol
