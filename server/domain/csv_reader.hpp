// A small RFC 4180 record reader for the roster import. Private to the domain
// layer; the roster rules live in roster_csv.cpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace chibo::domain::csv {

// ',' or ';' as used on the first line that has any content, outside quotes:
// ',' when both appear (Excel in a Vietnamese locale writes ';', everything
// else writes ','), ',' when neither does (a one-column file).
char detect_separator(std::string_view text);

struct Record {
  int line = 0;                    // 1-based physical line where the record starts
  std::vector<std::string> cells;  // unquoted; line breaks inside quotes become "\n"
  bool bad_quoting = false;        // an unterminated or misplaced quote cut the record short
  std::string_view raw;            // the record's source text, without its line end
};

// Splits text into records. Line ends are CRLF, LF or a lone CR, and count
// as one line each. A quoted cell may hold separators, line ends and "" for a
// quote. After a misplaced quote (a '"' inside an unquoted cell, or text after
// a closing quote) the reader resumes at the next physical line; after an
// unterminated quote it has consumed the rest of the text.
class Reader {
 public:
  Reader(std::string_view text, char separator) : text_(text), sep_(separator) {}

  // Fills `out` with the next record; false when the text is exhausted.
  bool next(Record& out);

 private:
  bool at_line_end() const { return pos_ < text_.size() && (text_[pos_] == '\r' || text_[pos_] == '\n'); }
  void consume_line_end();  // REQUIRES: at_line_end()
  void skip_rest_of_line();

  std::string_view text_;
  char sep_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

}  // namespace chibo::domain::csv
