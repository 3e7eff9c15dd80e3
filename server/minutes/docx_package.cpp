// The DOCX package (ECMA-376 Part 2, Open Packaging Conventions): content
// types, relationships, styles, properties, the body and footer from
// docx_body.cpp, and the signed record as chibo/record.json (PROTOCOL.md
// "The record"). Word and LibreOffice both need every part listed here.
#include "minutes/docx_parts.hpp"
#include "minutes/layout.hpp"
#include "minutes/render.hpp"
#include "minutes/text_util.hpp"
#include "minutes/zip_io.hpp"

namespace chibo::minutes {

namespace {

constexpr const char* kXmlDecl = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

std::string content_types(bool with_record) {
  std::string x = kXmlDecl;
  x += "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
       "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
       "<Default Extension=\"xml\" ContentType=\"application/xml\"/>";
  if (with_record) x += "<Default Extension=\"json\" ContentType=\"application/json\"/>";
  x += "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
       "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
       "<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
       "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
       "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
       "</Types>";
  return x;
}

std::string package_rels() {
  return std::string(kXmlDecl) +
         "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
         "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
         "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>"
         "</Relationships>";
}

std::string document_rels() {
  return std::string(kXmlDecl) +
         "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
         "<Relationship Id=\"" + std::string(docx::kFooterRelId) +
         "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>"
         "</Relationships>";
}

// Times New Roman everywhere (Hướng dẫn 36-HD/VPTW), Vietnamese proofing.
std::string styles() {
  const std::string sz = std::to_string(layout::half_points(layout::kBodyPt));
  return std::string(kXmlDecl) +
         "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
         "<w:docDefaults><w:rPrDefault><w:rPr>"
         "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/>"
         "<w:sz w:val=\"" + sz + "\"/><w:szCs w:val=\"" + sz + "\"/>"
         "<w:lang w:val=\"vi-VN\" w:eastAsia=\"vi-VN\" w:bidi=\"ar-SA\"/>"
         "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
         "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>"
         "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>"
         "<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/>"
         "<w:left w:w=\"0\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"0\" w:type=\"dxa\"/>"
         "</w:tblCellMar></w:tblPr></w:style>"
         "</w:styles>";
}

std::string one_line(const std::string& s) {
  std::string out;
  for (const auto& l : text::lines(s)) out += (out.empty() ? "" : " ") + l;
  return out;
}

// No dates: a fixed file has none to give (the record carries the real ones).
std::string core_properties(const Document& d) {
  std::string title = one_line(d.title);
  if (!d.subtitle.empty()) title += (title.empty() ? "" : " ") + one_line(d.subtitle);
  return std::string(kXmlDecl) +
         "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
         " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\""
         " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
         "<dc:title>" + text::xml_escape(title) + "</dc:title>"
         "<dc:creator>" + text::xml_escape(one_line(d.header.unit)) + "</dc:creator>"
         "<dc:language>vi-VN</dc:language>"
         "</cp:coreProperties>";
}

std::string app_properties() {
  return std::string(kXmlDecl) +
         "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
         "<Application>chibo</Application></Properties>";
}

}  // namespace

std::string render_docx(const Document& d, const std::string& record_json) {
  std::vector<zip::Entry> parts{
      {"[Content_Types].xml", content_types(!record_json.empty())},
      {"_rels/.rels", package_rels()},
      {"word/document.xml", docx::document_xml(d)},
      {"word/_rels/document.xml.rels", document_rels()},
      {"word/styles.xml", styles()},
      {"word/footer1.xml", docx::footer_xml(d)},
      {"docProps/core.xml", core_properties(d)},
      {"docProps/app.xml", app_properties()},
  };
  // Reached by name, not by a relationship: OPC allows such a part (it has a
  // content type, the json Default), Word opens the file and drops the part
  // only when it saves it again, and a re-saved file is no longer the signed one.
  if (!record_json.empty()) parts.push_back({"chibo/record.json", record_json});
  return zip::write(parts);
}

}  // namespace chibo::minutes
