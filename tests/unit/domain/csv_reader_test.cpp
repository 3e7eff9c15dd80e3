// The RFC 4180 record reader under the roster import: separator detection,
// quoting, line ends and the line numbers records report.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "domain/csv_reader.hpp"

using namespace chibo::domain;

TEST_CASE("detect_separator reads the first line with content", "[domain][csv]") {
  struct Case {
    std::string text;
    char sep;
  };
  const auto c = GENERATE(values<Case>({
      {"a,b\n", ','},
      {"a;b\n", ';'},
      {"a;b,c\n", ','},            // both: ','
      {"a\n", ','},                // neither: ','
      {"", ','},
      {"\"a,b\";c\n", ';'},        // a ',' inside quotes does not count
      {"\"a\"\"b,\";c\n", ';'},    // nor after an escaped quote
      {"a;b\nc,d\n", ';'},         // only the header line counts
      {"\r\n,,,\r\na;b\r\n", ';'},  // blank lines and bare separators are skipped
      {"a;\"b\nc\",d\n", ','},     // the header line continues through quotes
  }));
  INFO("'" << c.text << "'");
  CHECK(csv::detect_separator(c.text) == c.sep);
}

namespace {

struct Got {
  int line;
  std::vector<std::string> cells;
  bool bad;
  std::string raw;
  friend bool operator==(const Got&, const Got&) = default;
};

std::vector<Got> read_all(std::string_view text, char sep = ',') {
  csv::Reader reader{text, sep};
  csv::Record r;
  std::vector<Got> out;
  while (reader.next(r)) out.push_back({r.line, r.cells, r.bad_quoting, std::string{r.raw}});
  return out;
}

}  // namespace

TEST_CASE("Reader splits records and counts physical lines", "[domain][csv]") {
  using V = std::vector<Got>;
  CHECK(read_all("") == V{});
  CHECK(read_all("a,b") == V{{1, {"a", "b"}, false, "a,b"}});
  CHECK(read_all("a,b\r\nc,\n\rd") == V{{1, {"a", "b"}, false, "a,b"},
                                        {2, {"c", ""}, false, "c,"},
                                        {3, {""}, false, ""},  // lone CR ends a line too
                                        {4, {"d"}, false, "d"}});
  CHECK(read_all("a;b,c\n", ';') == V{{1, {"a", "b,c"}, false, "a;b,c"}});
  CHECK(read_all(",\n") == V{{1, {"", ""}, false, ","}});
}

TEST_CASE("Reader handles RFC 4180 quoting", "[domain][csv]") {
  using V = std::vector<Got>;
  CHECK(read_all("\"a,b\",\"say \"\"hi\"\"\"\n") ==
        V{{1, {"a,b", "say \"hi\""}, false, "\"a,b\",\"say \"\"hi\"\"\""}});
  CHECK(read_all("\"\",x") == V{{1, {"", "x"}, false, "\"\",x"}});
  // A quoted cell over three lines (CRLF, LF): the record starts on line 1,
  // its line breaks come out as "\n", and the next record is on line 4.
  CHECK(read_all("\"1\r\n2\n3\",x\r\ny\r\n") ==
        V{{1, {"1\n2\n3", "x"}, false, "\"1\r\n2\n3\",x"}, {4, {"y"}, false, "y"}});
}

TEST_CASE("Reader recovers from bad quoting at the next line", "[domain][csv]") {
  using V = std::vector<Got>;
  CHECK(read_all("a\"b,c\nd\n") == V{{1, {"a\"b"}, true, "a\"b,c"}, {2, {"d"}, false, "d"}});
  CHECK(read_all("\"a\"b,c\nd\n") == V{{1, {"a"}, true, "\"a\"b,c"}, {2, {"d"}, false, "d"}});
  // Unterminated: the rest of the text is one broken record.
  CHECK(read_all("x\n\"a,b\nc\n") == V{{1, {"x"}, false, "x"}, {2, {"a,b\nc\n"}, true, "\"a,b\nc\n"}});
}
