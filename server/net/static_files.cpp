#include "net/static_files.hpp"

#include <array>
#include <utility>

namespace chibo::net {

std::string_view mime_type(std::string_view path) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".webmanifest", "application/manifest+json"},
      {".txt", "text/plain; charset=utf-8"},
      {".csv", "text/csv; charset=utf-8"},
      {".woff2", "font/woff2"},
  }};
  const auto dot = path.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  const auto ext = path.substr(dot);
  for (const auto& [e, t] : kTypes)
    if (e == ext) return t;
  return "application/octet-stream";
}

std::optional<std::string> resolve_static(std::string_view root, std::string_view target) {
  auto q = target.find_first_of("?#");
  std::string_view path = target.substr(0, q);
  if (path.empty() || path.front() != '/') return std::nullopt;
  // Only a conservative alphabet: the client's own file names need no escapes,
  // and refusing '%' and '\\' means no decoding tricks reach the file system.
  for (char c : path) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
                    c == '.' || c == '-' || c == '_';
    if (!ok) return std::nullopt;
  }
  // No segment may start with '.' (no "..", no hidden files), none may be empty.
  for (std::size_t i = 0; i < path.size(); ++i)
    if (path[i] == '/' && i + 1 < path.size() && (path[i + 1] == '.' || path[i + 1] == '/')) return std::nullopt;
  std::string out(root);
  if (path == "/") return out + "/index.html";
  if (path.back() == '/') return std::nullopt;
  return out + std::string(path);
}

}  // namespace chibo::net
