// The XML parts of a DOCX (ECMA-376 WordprocessingML). Internal to
// chibo_minutes: docx_body.cpp writes word/document.xml and the footer,
// docx_package.cpp the rest and the zip.
#pragma once

#include "minutes/document.hpp"

#include <string>

namespace chibo::minutes::docx {

inline constexpr const char* kFooterRelId = "rIdFooter1";

std::string document_xml(const Document&);
std::string footer_xml(const Document&);

}  // namespace chibo::minutes::docx
