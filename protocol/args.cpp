#include "protocol/args.hpp"

namespace chibo::protocol {
namespace json = boost::json;

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;  // count every byte that is not a continuation byte
  return n;
}

Args::Args(const json::object& o, std::string prefix) : o_(o), prefix_(std::move(prefix)) {}

std::string Args::name(std::string_view key) const {
  return prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
}

const json::value* Args::get(std::string_view key) {
  read_.emplace(key);
  const json::value* v = o_.if_contains(key);
  return (v && v->is_null()) ? nullptr : v;
}

std::int64_t Args::id(std::string_view key) { return integer(key, 1, kMaxRequestId); }

std::optional<std::int64_t> Args::opt_id(std::string_view key) { return opt_integer(key, 1, kMaxRequestId); }

std::int64_t Args::integer(std::string_view key, std::int64_t min, std::int64_t max) {
  auto v = opt_integer(key, min, max);
  if (!v) throw ArgError(name(key), "required");
  return *v;
}

std::optional<std::int64_t> Args::opt_integer(std::string_view key, std::int64_t min, std::int64_t max) {
  const json::value* v = get(key);
  if (!v) return std::nullopt;
  std::int64_t n;
  if (v->is_int64())
    n = v->as_int64();
  else if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(max))
    n = static_cast<std::int64_t>(v->as_uint64());
  else
    throw ArgError(name(key), "must be an integer");
  if (n < min || n > max) throw ArgError(name(key), "out of range");
  return n;
}

std::string Args::string(std::string_view key, std::size_t max_chars) {
  auto s = opt_string(key, max_chars);
  if (!s || s->empty()) throw ArgError(name(key), "required");
  return *s;
}

std::optional<std::string> Args::opt_string(std::string_view key, std::size_t max_chars) {
  const json::value* v = get(key);
  if (!v) return std::nullopt;
  if (!v->is_string()) throw ArgError(name(key), "must be a string");
  std::string_view s = v->as_string();
  // Boost.JSON's parser has already rejected invalid UTF-8.
  if (code_points(s) > max_chars) throw ArgError(name(key), "too long");
  return std::string(s);
}

bool Args::opt_bool(std::string_view key, bool fallback) {
  const json::value* v = get(key);
  if (!v) return fallback;
  if (!v->is_bool()) throw ArgError(name(key), "must be true or false");
  return v->as_bool();
}

const json::object& Args::object(std::string_view key) {
  const json::object* o = opt_object(key);
  if (!o) throw ArgError(name(key), "required");
  return *o;
}

const json::object* Args::opt_object(std::string_view key) {
  const json::value* v = get(key);
  if (!v) return nullptr;
  if (!v->is_object()) throw ArgError(name(key), "must be an object");
  return &v->as_object();
}

const json::value* Args::opt_raw(std::string_view key) { return get(key); }

void Args::finish() const {
  for (const auto& kv : o_)
    if (!read_.contains(kv.key())) throw ArgError(name(kv.key()), "unknown field");
}

}  // namespace chibo::protocol
