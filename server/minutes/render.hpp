// The renderers of a Document (document.hpp): DOCX, PDF and a printable HTML
// page, all in the layout of Hướng dẫn 36-HD/VPTW (DOMAIN.md "Minutes"), plus
// what `chibo verify` needs to read a signed record back out of a file
// (PROTOCOL.md "The record"). Heavy libraries (libzip, pango, cairo) stay in
// the .cpp files.
#pragma once

#include "minutes/document.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace chibo::minutes {

// Each returns the file's bytes. record_json: the signed record, embedded
// verbatim (DOCX part chibo/record.json, PDF Keywords "chibo-record:<base64>");
// empty = no record (a draft). Deterministic: same inputs give the same bytes
// (fixed zip timestamps, fixed PDF dates), so verify can re-render and compare.
std::string render_docx(const Document&, const std::string& record_json);
std::string render_pdf(const Document&, const std::string& record_json);
// A standalone printable page: inline CSS with A4 @page, no script.
std::string render_html(const Document&);

// The record embedded in a .docx or .pdf, or a .json record itself (an object
// with "chibo_record"); nullopt for anything else.
std::optional<std::string> extract_record(std::string_view file_bytes);
// One part of a DOCX (any zip), e.g. "word/document.xml"; nullopt when the
// bytes are not a zip, the part is missing, or it is unreasonably large.
std::optional<std::string> docx_part(std::string_view docx_bytes, const std::string& name);

}  // namespace chibo::minutes
