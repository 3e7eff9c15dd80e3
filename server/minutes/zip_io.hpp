// In-memory zip archives through libzip, for the DOCX writer and reader.
// Internal to chibo_minutes; no libzip types leak out of zip_io.cpp.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace chibo::minutes::zip {

struct Entry {
  std::string name;
  std::string data;
};

// The archive of `entries` in that order, deflated, every entry dated
// 1980-01-01 00:00 in DOS time (the zip epoch; DOS time, not time_t, so the
// bytes do not depend on the time zone): the same entries give the same bytes.
// Throws std::runtime_error when libzip fails.
std::string write(const std::vector<Entry>& entries);

// The bytes of entry `name`, or nullopt when `archive` is not a zip, has no
// such entry, or the entry is larger than `max_size` (a zip bomb).
std::optional<std::string> read(std::string_view archive, const std::string& name,
                                std::size_t max_size);

}  // namespace chibo::minutes::zip
