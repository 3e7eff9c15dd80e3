#include "domain/csv_reader.hpp"

namespace chibo::domain::csv {

char detect_separator(std::string_view text) {
  bool comma = false, semicolon = false, content = false, quoted = false;
  for (char c : text) {
    if (c == '"') {
      quoted = !quoted;  // "" inside quotes flips twice: still quoted
      content = true;
    } else if (quoted) {
      continue;
    } else if (c == '\r' || c == '\n') {
      if (content) break;  // end of the header line
      comma = semicolon = false;  // a line of bare separators is not the header
    } else if (c == ',') {
      comma = true;
    } else if (c == ';') {
      semicolon = true;
    } else if (c != ' ' && c != '\t') {
      content = true;
    }
  }
  return semicolon && !comma ? ';' : ',';
}

void Reader::consume_line_end() {
  if (text_[pos_++] == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;  // CRLF
  ++line_;
}

void Reader::skip_rest_of_line() {
  while (pos_ < text_.size() && !at_line_end()) ++pos_;
}

bool Reader::next(Record& out) {
  if (pos_ >= text_.size()) return false;
  out.line = line_;
  out.cells.clear();
  out.bad_quoting = false;
  const std::size_t start = pos_;
  std::size_t end = start;  // end of the record's text, before its line end

  for (;;) {
    std::string cell;
    if (pos_ < text_.size() && text_[pos_] == '"') {
      ++pos_;
      bool closed = false;
      while (pos_ < text_.size()) {
        const char c = text_[pos_];
        if (c == '"') {
          if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
            cell += '"';
            pos_ += 2;
            continue;
          }
          ++pos_;
          closed = true;
          break;
        }
        if (c == '\r' || c == '\n') {
          cell += '\n';
          consume_line_end();
          continue;
        }
        cell += c;
        ++pos_;
      }
      if (!closed) {  // unterminated: the rest of the text is this broken record
        out.bad_quoting = true;
        out.cells.push_back(std::move(cell));
        out.raw = text_.substr(start, pos_ - start);
        return true;
      }
      if (pos_ < text_.size() && text_[pos_] != sep_ && !at_line_end()) {
        out.bad_quoting = true;  // text after the closing quote
      }
    } else {
      while (pos_ < text_.size() && text_[pos_] != sep_ && !at_line_end()) {
        if (text_[pos_] == '"') out.bad_quoting = true;  // quote inside an unquoted cell
        cell += text_[pos_++];
      }
    }
    if (out.bad_quoting) skip_rest_of_line();
    out.cells.push_back(std::move(cell));
    if (pos_ < text_.size() && text_[pos_] == sep_) {
      ++pos_;
      continue;
    }
    end = pos_;
    if (at_line_end()) consume_line_end();
    break;
  }
  out.raw = text_.substr(start, end - start);
  return true;
}

}  // namespace chibo::domain::csv
