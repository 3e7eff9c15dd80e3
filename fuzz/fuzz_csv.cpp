// fuzz_csv: the roster CSV import (server/domain/roster_csv.hpp,
// csv_reader.hpp) on arbitrary bytes, as roster.import hands it the `csv`
// argument.
//
// Invariants (roster_invariants.hpp): every problem has a line number within
// the input's lines, in line order, from the closed list, with a detail and
// column that are valid UTF-8 and at most 60 bytes; invalid_utf8 is reported
// exactly when the text is not UTF-8; errors and members never both; accepted
// members have a trimmed, collapsed, valid UTF-8 name of 1..200 characters,
// bounded phone and note, real dates not after today, at most one secretary;
// the export of the accepted members imports back to the same members.
// The record reader alone, with both separators: it terminates, lines go up.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/csv_reader.hpp"
#include "domain/roster_csv.hpp"
#include "fuzz_check.hpp"
#include "roster_invariants.hpp"

namespace {

using namespace chibo;

void check_reader(std::string_view text, char sep) {
  domain::csv::Reader reader(text, sep);
  domain::csv::Record r;
  const int lines = fuzz::physical_lines(text);
  int last = 0;
  std::size_t records = 0;
  while (reader.next(r)) {
    // Each record consumes at least one byte: the loop ends.
    FUZZ_CHECK(++records <= text.size() + 1, "the reader does not advance");
    FUZZ_CHECK(r.line > last && r.line <= lines, "record lines must go up within the text");
    last = r.line;
    FUZZ_CHECK(r.raw.data() >= text.data() && r.raw.data() + r.raw.size() <= text.data() + text.size(),
               "raw is not a slice of the text");
    FUZZ_CHECK(!r.cells.empty(), "a record without cells");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // The server passes today's date; a fixed one keeps runs reproducible and
  // lets seeds hold dates on both sides of it.
  constexpr domain::Date kToday{2026, 6, 15};
  constexpr domain::Id kCell = 2;

  const char sep = domain::csv::detect_separator(text);
  FUZZ_CHECK(sep == ',' || sep == ';', "separator is not , or ;");
  check_reader(text, ',');
  check_reader(text, ';');

  const auto parsed = domain::parse_roster_csv(text, kCell, kToday);
  fuzz::check_roster_parse(text, kCell, kToday, parsed, /*round_trip=*/true);
  return 0;
}
