// A party document as chibo exports it (DOMAIN.md "Minutes"): the official
// two-column header, a title, blocks of text and signature blocks. The minutes,
// the resolution book and the observer report are all a Document; the
// meeting layer writes the words (meeting/minutes.hpp), the renderers here
// only lay them out (render.hpp). No I/O, no Asio.
//
// The same structure travels as JSON (the "content" of a minutes record,
// PROTOCOL.md "Minutes"): to_json/document_from_json are exact inverses, so a
// signed record re-renders to the same document.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

namespace chibo::minutes {

// The header of Hướng dẫn 36-HD/VPTW as DOMAIN.md describes it:
//   ĐẢNG BỘ PHƯỜNG TÂN MAI          ĐẢNG CỘNG SẢN VIỆT NAM   (underlined)
//   CHI BỘ KHU PHỐ 3
//          *                       Tân Mai, ngày 05 tháng 9 năm 2021 (italic)
//   Số 15-BB/CB
struct Header {
  std::string superior;    // "ĐẢNG BỘ PHƯỜNG TÂN MAI" (upper case, as printed)
  std::string unit;        // "CHI BỘ KHU PHỐ 3" (bold)
  std::string number;      // "Số 15-BB/CB", or empty: no number line
  std::string party = "ĐẢNG CỘNG SẢN VIỆT NAM";
  std::string place_date;  // "Tân Mai, ngày 05 tháng 9 năm 2021"
};

enum class BlockKind {
  heading,  // bold section heading: "I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN"
  para,     // body paragraph, justified, first-line indent
  bullet,   // "- " item, indented
  quote,    // text written by a person (a gist, a conclusion), italic
  center,   // centred line (e.g. "(Đề xuất)")
};

struct Block {
  BlockKind kind = BlockKind::para;
  std::string lead;  // printed bold before `text` ("Chủ trì: "), may be empty
  std::string text;  // may contain '\n': each line its own paragraph of this kind
};

struct Signature {
  std::string role;  // "CHỦ TRÌ", "THƯ KÝ", "NGƯỜI BÁO CÁO"
  std::string name;  // printed under the signing space; may be empty
};

struct Document {
  Header header;
  std::string title;     // "BIÊN BẢN"
  std::string subtitle;  // "Sinh hoạt chi bộ thường kỳ tháng 9 năm 2021"; may hold '\n'
  std::vector<Block> blocks;
  std::vector<Signature> signatures;  // 0 to 2, left then right
  std::string footer;    // small print on every page: the verification fingerprint
  std::string file_stem; // "bien-ban-2021-09-05-chi-bo-khu-pho-3" (ASCII, for file names)
};

std::string_view to_string(BlockKind);
std::optional<BlockKind> block_kind_from(std::string_view);

boost::json::object to_json(const Document&);
// REQUIRES nothing: throws std::invalid_argument naming the field on a bad shape.
Document document_from_json(const boost::json::object&);

}  // namespace chibo::minutes
