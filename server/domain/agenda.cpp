// Official agenda templates per meeting kind (DOMAIN.md "Order of a regular
// meeting", after Hướng dẫn 12-HD/BTCTW 2018, and "Kinds of meeting").
#include "domain/agenda.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <utility>

namespace chibo::domain {
namespace {

constexpr std::array<std::pair<AgendaSection, std::string_view>, 3> sections{
    {{AgendaSection::opening, "opening"},
     {AgendaSection::proceedings, "proceedings"},
     {AgendaSection::closing, "closing"}}};

// One template line. The key is stable (clients and tests match on it); the
// title is what the chair sees first and may rewrite.
struct Entry {
  std::string_view key;
  std::string_view title;
  AgendaSection section;
  bool thematic = false;
};

constexpr auto O = AgendaSection::opening;
constexpr auto P = AgendaSection::proceedings;
constexpr auto C = AgendaSection::closing;

// "Opening: state the reason, introduce guests and observers, appoint the
// minute-taker, roll call, approve the agenda" — the same for every kind.
constexpr Entry opening[] = {
    {"reason_guests", "Tuyên bố lý do, giới thiệu đại biểu", O},
    {"minute_taker", "Cử thư ký cuộc họp", O},
    {"roll_call", "Điểm danh đảng viên", O},
    {"approve_agenda", "Thông qua chương trình sinh hoạt", O},
};

// "The chair's conclusion on each item; the resolution is voted."
constexpr Entry resolution{"resolution", "Chủ trì kết luận, biểu quyết nghị quyết", P};

constexpr Entry regular[] = {
    {"news", "Thông tin thời sự, phổ biến văn bản của cấp trên", P},
    {"review", "Đánh giá kết quả thực hiện nghị quyết tháng trước", P},
    {"next_tasks", "Phương hướng, nhiệm vụ tháng tới", P},
    {"discussion", "Thảo luận, phê bình và tự phê bình", P},
    resolution,
    // "Closing: admissions or other business if any, the cell scores its own
    // meeting", then the minutes and the close common to every kind.
    {"other_business", "Công việc khác (nếu có)", C},
    {"self_score", "Chi bộ tự chấm điểm buổi sinh hoạt", C},
};

// "Thematic: a draft report, discussion, revision, conclusion." These items
// are the thematic part that raises the minimum to 120 minutes.
constexpr Entry thematic[] = {
    {"thematic_report", "Trình bày dự thảo báo cáo chuyên đề", P, true},
    {"thematic_discussion", "Thảo luận chuyên đề", P, true},
    {"thematic_conclusion", "Chủ trì tiếp thu, kết luận chuyên đề", P, true},
    resolution,
};

// DOMAIN.md "Annual review and rating": the collective review, each member's
// self-review with comments, then the proposed ratings by vote.
constexpr Entry annual_review[] = {
    {"collective_review", "Báo cáo kiểm điểm tập thể chi bộ", P},
    {"member_reviews", "Đảng viên trình bày bản tự kiểm điểm, chi bộ góp ý", P},
    {"rating_votes", "Biểu quyết đề xuất xếp loại đảng viên", P},
};

constexpr Entry admission[] = {
    {"candidate_file", "Đọc hồ sơ, lý lịch của người xin vào Đảng", P},
    {"candidate_discussion", "Thảo luận, nhận xét ưu điểm, khuyết điểm", P},
    {"admission_vote", "Biểu quyết đề nghị kết nạp", P},
    resolution,
};

// Discipline is decided by "secret ballot, always".
constexpr Entry discipline[] = {
    {"violation_report", "Trình bày báo cáo về vi phạm của đảng viên", P},
    {"member_defence", "Đảng viên vi phạm trình bày ý kiến", P},
    {"discipline_discussion", "Thảo luận, đề xuất hình thức kỷ luật", P},
    {"discipline_vote", "Bỏ phiếu kín quyết định kỷ luật", P},
};

// Elections use a secret ballot with a ballot-counting committee (ban kiểm phiếu).
constexpr Entry election[] = {
    {"committee_report", "Báo cáo của cấp ủy, thông qua danh sách bầu cử", P},
    {"counting_committee", "Bầu ban kiểm phiếu", P},
    {"election_ballot", "Bỏ phiếu bầu cử", P},
    {"election_result", "Công bố kết quả bầu cử", P},
};

// "The minute-taker reads the minutes back and the meeting approves them,
// closing" — last in every kind.
constexpr Entry closing[] = {
    {"minutes", "Thư ký đọc biên bản, chi bộ thông qua biên bản", C},
    {"close", "Bế mạc", C},
};

std::span<const Entry> body_of(MeetingKind kind) {
  switch (kind) {
    case MeetingKind::regular: return regular;
    case MeetingKind::thematic: return thematic;
    case MeetingKind::annual_review: return annual_review;
    case MeetingKind::admission: return admission;
    case MeetingKind::discipline: return discipline;
    case MeetingKind::election: return election;
  }
  return regular;
}

}  // namespace

std::string_view to_string(AgendaSection v) {
  for (const auto& [s, n] : sections)
    if (s == v) return n;
  return "?";
}

std::optional<AgendaSection> agenda_section_from(std::string_view n) {
  for (const auto& [s, name] : sections)
    if (name == n) return s;
  return std::nullopt;
}

std::vector<AgendaItem> agenda_template(MeetingKind kind) {
  std::vector<AgendaItem> items;
  auto add = [&](std::span<const Entry> entries) {
    for (const Entry& e : entries)
      items.push_back(AgendaItem{.id = "i" + std::to_string(items.size() + 1),
                                 .title = std::string{e.title},
                                 .section = e.section,
                                 .key = std::string{e.key},
                                 .thematic = e.thematic});
  };
  add(opening);
  add(body_of(kind));
  add(closing);
  return items;
}

bool has_thematic_part(const std::vector<AgendaItem>& items) {
  return std::any_of(items.begin(), items.end(), [](const AgendaItem& i) { return i.thematic; });
}

}  // namespace chibo::domain
