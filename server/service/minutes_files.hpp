// The files of the minutes, the observer report and the resolution book
// (PROTOCOL.md export.create, "The record"): a Document from the meeting
// layer's projection, laid out by minutes/render.hpp, with the signed record
// embedded once the minutes are locked.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>

#include "meeting/meeting_state.hpp"
#include "meeting/minutes.hpp"
#include "minutes/document.hpp"

namespace chibo::service {

enum class FileFormat { docx, pdf, html, json };
std::optional<FileFormat> file_format_from(std::string_view);
std::string_view extension(FileFormat);
std::string_view mime_of(FileFormat);

// The signed record of locked minutes. REQUIRES: s.minutes.lock.
boost::json::object minutes_record(const meeting::MeetingState& s);

// The footer every page carries: the fingerprint and key of a locked
// record, or that this is an unsigned draft.
std::string footer_of(const boost::json::object* record);

// The document a record locks, with its footer: what a DOCX or PDF of the
// record shows. Throws std::invalid_argument on a malformed record.
minutes::Document document_of_record(const boost::json::object& record);

// The file's bytes. `record`: the locked record to embed, or null (a draft,
// a report, the resolution book).
std::string render(const minutes::Document& doc, FileFormat f, const boost::json::object* record);

}  // namespace chibo::service
