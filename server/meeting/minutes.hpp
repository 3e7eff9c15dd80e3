// The minutes (biên bản) as a projection of the meeting's log (DESIGN.md
// principle 2; DOMAIN.md "Minutes"): every fact chibo knows — time, place,
// chair, minute-taker, the roll call, speakers, votes and ballots — written in
// the words of a cell's minutes book, with the minute-taker's sections in
// between. Pure: a MeetingState in, a minutes::Document out; the same state
// always gives the same document.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "meeting/meeting_state.hpp"
#include "minutes/document.hpp"

namespace chibo::meeting {

// What the log does not hold: the names on the document's header.
struct DocumentContext {
  std::string superior;  // the committee above the cell: "Đảng bộ phường Tân Mai"
  std::string cell;      // "Chi bộ Khu phố 3"
  std::string locality;  // the place-and-date line: "Biên Hòa"
};

// A part of the minutes the minute-taker writes (PROTOCOL.md "Minutes":
// number, opening, item:<id>, conclusion:<id>, closing), in document order,
// with the lines chibo writes there itself.
struct MinutesSectionInfo {
  std::string id, title;
  std::vector<std::string> facts;
};
std::vector<MinutesSectionInfo> minutes_sections(const MeetingState& s);
bool is_minutes_section(const MeetingState& s, std::string_view id);

// The approving vote as the lock records it (its vote.closed data) and when.
struct Approval {
  const boost::json::object* closed = nullptr;
  std::int64_t at_ms = 0;
};

// The minutes as they stand. Without an approval they are a draft (marked
// "(Dự thảo)" under the title); with one, the text that is locked. The
// footer is left empty: it carries the fingerprint of this very content and
// is filled in when a file is made (service/exports).
minutes::Document minutes_document(const MeetingState& s, const DocumentContext& ctx, const Approval* approval = nullptr);

// The attendance paragraph of the minutes, in one sentence (the observer
// report's pre-filled attendance).
std::string attendance_sentence(const MeetingState& s);
// Whether the agenda holds each part of the order of Hướng dẫn 12-HD/BTCTW
// (opening, proceedings, closing), for the observer report's pre-fill.
bool follows_order(const MeetingState& s);

// The observer report (báo cáo dự sinh hoạt chi bộ) on its fixed form.
minutes::Document observer_report_document(const MeetingState& s, const DocumentContext& ctx, const ObserverReport& r);

// A resolution of the resolution book (sổ ghi nghị quyết): a named vote with
// a resolution text that passed.
struct Resolution {
  domain::Id meeting = 0;
  std::string meeting_title, date;  // date: YYYY-MM-DD of the vote's close, in Vietnam
  std::string subject, text;
  int for_ = 0, against = 0, abstain = 0, denominator = 0;
};
std::vector<Resolution> resolutions_of(const MeetingState& s);
minutes::Document resolution_book_document(const DocumentContext& ctx, int year, const std::vector<Resolution>& rs);

// The messages the server's key signs (PROTOCOL.md "The lock").
std::string lock_message(domain::Id meeting, std::int64_t seq, std::string_view hash, std::string_view content_sha256,
                         std::int64_t locked_ms);
std::string addendum_message(domain::Id meeting, std::int64_t seq, std::string_view hash, std::string_view text_sha256,
                             std::int64_t date_ms);

}  // namespace chibo::meeting
