// Serving client-web/ (issue 2: correct MIME types, caching headers).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace chibo::net {

// The MIME type for a file name, by extension; "application/octet-stream" otherwise.
std::string_view mime_type(std::string_view path);

// Maps a request target ("/js/app.js?v=1") to a file under `root`, or nullopt
// when the target is not a plain path inside root (.., %, backslash, NUL,
// hidden files). "/" maps to index.html.
std::optional<std::string> resolve_static(std::string_view root, std::string_view target);

}  // namespace chibo::net
