// fuzz_http_path: the static-file path resolution (server/net/static_files.hpp
// resolve_static, called by http_session.cpp for every GET/HEAD that is not
// /ws or /healthz) on arbitrary request targets.
//
// Invariants: a resolved path is the web root + "/" + the target's path (before
// '?' or '#'), never escapes the root (no "..", no segment starting with '.',
// no empty segment, no backslash, no NUL, no '%': nothing is percent-decoded, a
// '%' is refused outright), and is normal (std::filesystem lexically_normal
// keeps it under the root); resolve_static agrees exactly with a second,
// independent statement of the rule (below); mime_type answers for anything.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "net/static_files.hpp"

namespace {

// The rule, restated segment by segment (static_files.hpp: "nullopt when the
// target is not a plain path inside root (.., %, backslash, NUL, hidden
// files). "/" maps to index.html").
std::optional<std::string> model(std::string_view root, std::string_view target) {
  const std::string_view path = target.substr(0, target.find_first_of("?#"));
  if (path.empty() || path[0] != '/') return std::nullopt;
  if (path == "/") return std::string(root) + "/index.html";
  std::string_view rest = path.substr(1);
  for (;;) {
    const std::size_t slash = rest.find('/');
    const std::string_view seg = rest.substr(0, slash);
    if (seg.empty() || seg[0] == '.') return std::nullopt;
    for (char c : seg) {
      const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                         c == '-' || c == '_';
      if (!plain) return std::nullopt;
    }
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }
  return std::string(root) + std::string(path);
}

void check_root(std::string_view root, std::string_view target) {
  namespace fs = std::filesystem;
  const auto got = chibo::net::resolve_static(root, target);
  const auto want = model(root, target);
  FUZZ_CHECK(got.has_value() == want.has_value(), "resolve_static and the model disagree on accepting");
  if (!got) return;
  FUZZ_CHECK(*got == *want, "resolve_static and the model map to different files: " + *got + " vs " + *want);

  const std::string prefix = std::string(root) + "/";
  FUZZ_CHECK(got->starts_with(prefix), "not under the root: " + *got);
  const std::string_view rel = std::string_view(*got).substr(prefix.size());
  FUZZ_CHECK(!rel.empty() && rel[0] != '/', "absolute path after the root");
  // ("a..b.js" is a fine name; ".." as a segment is not.)
  FUZZ_CHECK(rel != ".." && !rel.starts_with("../") && rel.find("/../") == std::string_view::npos &&
                 !rel.ends_with("/.."),
             "'..' segment in a resolved path");
  FUZZ_CHECK(rel.find("//") == std::string_view::npos, "empty segment in a resolved path");
  FUZZ_CHECK(rel.find("/.") == std::string_view::npos && rel[0] != '.', "hidden segment in a resolved path");
  FUZZ_CHECK(rel.find_first_of(std::string_view("\\%\0", 3)) == std::string_view::npos,
             "backslash, percent or NUL in a resolved path");
  FUZZ_CHECK(rel.back() != '/', "a directory resolved");
  // What the file system would make of it stays under the root.
  const fs::path normal = fs::path(*got).lexically_normal();
  const fs::path inside = normal.lexically_relative(fs::path(root).lexically_normal());
  FUZZ_CHECK(!inside.empty() && *inside.begin() != "..", "lexically escapes the root: " + normal.string());
  FUZZ_CHECK(!chibo::net::mime_type(*got).empty(), "no MIME type");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view target(reinterpret_cast<const char*>(data), size);
  // An absolute root like the installed one, and a relative one like the
  // default next to the source tree.
  check_root("/srv/chibo/client-web", target);
  check_root("client-web", target);
  FUZZ_CHECK(!chibo::net::mime_type(target).empty(), "no MIME type");
  // A '%' anywhere in the path part is refused: nothing is percent-decoded,
  // so "%2e%2e" can never become "..".
  const std::string_view path = target.substr(0, target.find_first_of("?#"));
  if (path.find('%') != std::string_view::npos || path.find('\\') != std::string_view::npos ||
      path.find('\0') != std::string_view::npos)
    FUZZ_CHECK(!chibo::net::resolve_static("/srv/chibo/client-web", target), "%, \\ or NUL accepted");
  return 0;
}
