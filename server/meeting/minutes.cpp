// The words of the minutes. Each sentence follows the minutes of a cell's
// minutes book (DOMAIN.md "Minutes"); figures come from the events as they
// were declared (vote.closed, ballot.closed), never recomputed here.
#include "meeting/minutes.hpp"

#include <boost/json/array.hpp>

#include <algorithm>

#include "domain/wording.hpp"
#include "meeting/meeting_json.hpp"

namespace chibo::meeting {
namespace json = boost::json;
using namespace domain;
using minutes::Block;
using minutes::BlockKind;
namespace w = domain::wording;

namespace {

std::string role_title(CommitteeRole r) {
  switch (r) {
    case CommitteeRole::secretary: return "Bí thư Chi bộ";
    case CommitteeRole::deputy: return "Phó Bí thư Chi bộ";
    case CommitteeRole::committee_member: return "Chi ủy viên";
    case CommitteeRole::none: break;
  }
  return "";
}

std::string reason_words(const RollEntry& e) {
  std::string r;
  if (e.reason) {
    switch (*e.reason) {
      case AbsenceReason::illness: r = "ốm"; break;
      case AbsenceReason::work: r = "bận công tác"; break;
      case AbsenceReason::travel: r = "đi vắng"; break;
      case AbsenceReason::other: r = e.note; break;
    }
    if (*e.reason != AbsenceReason::other && !e.note.empty()) r += ", " + e.note;
  }
  return r;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep = ", ") {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

// "đồng chí A, B và C"
std::string comrades(const std::vector<std::string>& names) {
  if (names.empty()) return "";
  std::string out = "đồng chí " + names[0];
  for (std::size_t i = 1; i < names.size(); ++i) out += (i + 1 == names.size() ? " và " : ", ") + names[i];
  return out;
}

std::string participant_name_title(const MeetingState& s, const std::string& p) {
  std::string name = s.name_of(p);
  std::string title;
  if (auto it = s.arrived.find(p); it != s.arrived.end()) title = it->second.title;
  if (title.empty() && p.rfind("member:", 0) == 0)
    if (const RollEntry* e = s.roll_entry(std::atoll(p.c_str() + 7))) title = role_title(e->member.committee_role);
  return title.empty() ? name : name + ", " + title;
}

w::LocalTime meeting_day(const MeetingState& s) {
  if (s.opened_ms) return w::local_time(s.opened_ms);
  w::LocalTime t;
  if (auto d = parse_date(s.meeting.starts_at.substr(0, std::min<std::size_t>(10, s.meeting.starts_at.size())))) {
    t.year = d->year;
    t.month = d->month;
    t.day = d->day;
  }
  return t;
}

// "Zoom", "Jitsi Meet", "Zalo", else the host of the link.
std::string platform_of(const std::string& url) {
  std::string host = url;
  if (auto p = host.find("://"); p != std::string::npos) host = host.substr(p + 3);
  host = host.substr(0, host.find_first_of("/?#"));
  std::string lower;
  for (char c : host) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  if (lower.find("zoom") != std::string::npos) return "Zoom";
  if (lower.find("jit.si") != std::string::npos || lower.find("jitsi") != std::string::npos) return "Jitsi Meet";
  if (lower.find("zalo") != std::string::npos) return "Zalo";
  if (lower.find("meet.google") != std::string::npos) return "Google Meet";
  if (lower.find("teams") != std::string::npos) return "Microsoft Teams";
  return host;
}

std::string subtitle_of(const MeetingState& s) {
  const w::LocalTime d = meeting_day(s);
  const std::string month = "tháng " + std::to_string(d.month) + " năm " + std::to_string(d.year);
  switch (s.meeting.kind) {
    case MeetingKind::regular: return "Sinh hoạt chi bộ thường kỳ " + month;
    case MeetingKind::annual_review:
      return "Kiểm điểm, đánh giá, xếp loại đảng viên năm " + std::to_string(d.year);
    default: return s.meeting.title;
  }
}

std::string rule_words(std::string_view rule) {
  if (rule == "more_than_half") return "quá 1/2";
  if (rule == "at_least_two_thirds") return "ít nhất 2/3";
  if (rule.rfind("more_than_", 0) == 0) return "quá " + std::string(rule.substr(10));
  if (rule.rfind("at_least_", 0) == 0) return "ít nhất " + std::string(rule.substr(9));
  return std::string(rule);
}

const json::object& obj_of(const json::object& o, std::string_view key) {
  static const json::object kEmpty;
  const json::value* v = o.if_contains(key);
  return v && v->is_object() ? v->as_object() : kEmpty;
}

std::string count_of(int part, int whole) {
  std::string s = std::to_string(part) + "/" + std::to_string(whole);
  if (whole > 0) s += " (" + w::percent(part, whole) + ")";
  return s;
}

// One named vote: subject, method, who counts, counts by name, the result
// under the rule that applied (DOMAIN.md "Votes"; named votes are recorded
// by name).
std::vector<Block> vote_blocks(const MeetingState& s, const NamedVote& v) {
  std::vector<Block> out;
  std::string head = v.subject + ". Hình thức: biểu quyết giơ tay (công khai).";
  out.push_back({BlockKind::para, "Biểu quyết: ", head});
  if (!v.text.empty()) out.push_back({BlockKind::quote, "Nội dung: ", v.text});
  if (v.open) {
    out.push_back({BlockKind::para, "", "(Đang biểu quyết.)"});
    return out;
  }
  const json::object& d = v.closed;
  const int den = static_cast<int>(int_of(d, "denominator"));
  const int yes = static_cast<int>(int_of(d, "for")), no = static_cast<int>(int_of(d, "against")),
            abst = static_cast<int>(int_of(d, "abstain"));
  std::string counts = "Số đảng viên được tính: " + std::to_string(den) + " đồng chí. Tán thành: " + count_of(yes, den) +
                       "; không tán thành: " + std::to_string(no) + "; không biểu quyết: " + std::to_string(abst);
  if (const json::value* na = d.if_contains("not_answered"); na && na->is_array() && !na->as_array().empty())
    counts += "; không trả lời: " + std::to_string(na->as_array().size());
  out.push_back({BlockKind::para, "", counts + "."});
  // By name: who answered what (the fold keeps each member's last answer).
  std::vector<std::string> by[3];
  for (const auto& e : s.roll) {
    auto it = v.choices.find(e.member.id);
    if (it != v.choices.end()) by[static_cast<int>(it->second)].push_back(e.member.full_name);
  }
  const char* labels[3] = {"Tán thành: ", "Không tán thành: ", "Không biểu quyết: "};
  for (int i = 0; i < 3; ++i)
    if (!by[i].empty()) out.push_back({BlockKind::bullet, labels[i], comrades(by[i]) + "."});
  const bool passed = bool_of(d, "passed");
  out.push_back({BlockKind::para, "Kết quả: ",
                 std::string(passed ? "thông qua" : "không thông qua") + " (cần " + rule_words(str_of(d, "rule")) +
                     " số đảng viên được tính, tức ít nhất " + std::to_string(int_of(d, "required")) +
                     " đồng chí tán thành)."});
  return out;
}

std::string option_label(const SecretBallot& b, const std::string& id) {
  const BallotOption* o = b.option(id);
  return o ? o->label : id;
}

// One secret ballot: the counting committee's report (DOMAIN.md: the minutes
// record the method, ballots issued, returned, valid and invalid, and the
// result) and the fingerprint of the sealed box.
std::vector<Block> ballot_blocks(const MeetingState& s, const SecretBallot& b) {
  std::vector<Block> out;
  out.push_back({BlockKind::para, "Bỏ phiếu kín: ", b.subject + "."});
  if (b.open) {
    out.push_back({BlockKind::para, "", "(Đang bỏ phiếu.)"});
    return out;
  }
  std::vector<std::string> committee;
  for (const auto& p : s.counting_committee)
    committee.push_back(s.name_of(p) + (p == s.committee_head ? " (trưởng ban)" : ""));
  if (!committee.empty()) out.push_back({BlockKind::para, "Ban kiểm phiếu: ", comrades(committee) + "."});
  const json::object& d = b.closed;
  out.push_back({BlockKind::para, "Kết quả kiểm phiếu: ",
                 "số phiếu phát ra: " + std::to_string(int_of(d, "issued")) +
                     "; số phiếu thu về: " + std::to_string(int_of(d, "returned")) +
                     "; hợp lệ: " + std::to_string(int_of(d, "valid")) +
                     "; không hợp lệ: " + std::to_string(int_of(d, "invalid")) +
                     "; số đảng viên được tính: " + std::to_string(int_of(d, "denominator")) + "."});
  const json::object& counts = obj_of(d, "counts");
  for (const auto& o : b.options)
    if (const json::value* c = counts.if_contains(o.id); c && c->is_int64())
      out.push_back({BlockKind::bullet, o.label + ": ", std::to_string(c->as_int64()) + " phiếu."});
  const json::object& r = obj_of(d, "result");
  std::string result;
  switch (b.kind) {
    case BallotKind::yes_no:
      result = std::string(bool_of(r, "passed") ? "thông qua" : "không thông qua") + " (cần ít nhất " +
               std::to_string(int_of(r, "required")) + " phiếu đồng ý).";
      break;
    case BallotKind::discipline: {
      const std::string p = str_of(r, "penalty");
      result = p.empty() ? "không hình thức kỷ luật nào đạt số phiếu cần thiết."
                         : "đề nghị hình thức kỷ luật: " + option_label(b, p) + ".";
      break;
    }
    case BallotKind::election: {
      std::vector<std::string> elected;
      if (const json::value* e = r.if_contains("elected"); e && e->is_array())
        for (const auto& id : e->as_array())
          if (id.is_string()) elected.push_back(option_label(b, std::string(id.as_string())));
      result = elected.empty() ? "không có đồng chí nào trúng cử." : "trúng cử: " + comrades(elected) + ".";
      break;
    }
    case BallotKind::rating: {
      const std::string level = str_of(r, "level");
      // The higher committee decides; the cell only proposes (DOMAIN.md).
      result = level.empty() ? "chưa đủ phiếu để đề xuất mức xếp loại."
                             : "chi bộ đề xuất xếp loại: " + option_label(b, level) + ".";
      break;
    }
  }
  out.push_back({BlockKind::para, "Kết quả: ", result});
  const std::string fp = str_of(d, "fingerprint");
  if (!fp.empty()) out.push_back({BlockKind::para, "Mã niêm phong hòm phiếu (SHA-256): ", fp});
  return out;
}

std::vector<std::string> facts_text(const std::vector<Block>& blocks) {
  std::vector<std::string> out;
  for (const auto& b : blocks) out.push_back(b.lead + b.text);
  return out;
}

// The speeches of one agenda item: "Đồng chí A: gist".
std::vector<Block> speech_blocks(const MeetingState& s, const std::string& item) {
  std::vector<Block> out;
  for (const auto& [id, sp] : s.speeches) {
    if (sp.item != item) continue;
    std::string text = sp.gist.empty() ? "phát biểu ý kiến." : sp.gist;
    out.push_back({BlockKind::bullet, "Đồng chí " + participant_name_title(s, sp.participant) + ": ", text});
  }
  return out;
}

std::vector<Block> decisions_of_item(const MeetingState& s, const std::string& item) {
  std::vector<Block> out;
  // Votes and ballots in the order they were opened (both keyed by seq).
  std::vector<std::pair<std::int64_t, bool>> order;
  for (const auto& [id, v] : s.votes)
    if (v.item == item && !v.minutes) order.push_back({id, false});
  for (const auto& [id, b] : s.ballots)
    if (b.item == item) order.push_back({id, true});
  std::sort(order.begin(), order.end());
  for (auto [id, secret] : order) {
    auto blocks = secret ? ballot_blocks(s, s.ballots.at(id)) : vote_blocks(s, s.votes.at(id));
    out.insert(out.end(), blocks.begin(), blocks.end());
  }
  return out;
}

std::string section_text(const MeetingState& s, const std::string& id) {
  auto it = s.minutes.sections.find(id);
  return it == s.minutes.sections.end() ? std::string() : it->second.text;
}

bool item_known(const MeetingState& s, const std::string& item) {
  return !item.empty() && s.agenda_item(item) != nullptr;
}

std::vector<Block> attendance_blocks(const MeetingState& s) {
  std::vector<Block> out;
  const AttendanceSummary sum = summarize(s.attendees(), s.rules());
  int official = 0, probationary = 0;
  for (const auto& e : s.roll) (e.member.kind == MemberKind::official ? official : probationary)++;
  std::string total = "Tổng số đảng viên của chi bộ: " + std::to_string(sum.members) + " đồng chí (" +
                      std::to_string(official) + " chính thức, " + std::to_string(probationary) + " dự bị)";
  const int exempt = sum.by_category[static_cast<int>(RollCategory::exempt)].total;
  const int attached = sum.by_category[static_cast<int>(RollCategory::attached)].total;
  const int suspended = sum.by_category[static_cast<int>(RollCategory::suspended)].total;
  if (exempt) total += "; miễn công tác và sinh hoạt đảng: " + std::to_string(exempt);
  if (attached) total += "; sinh hoạt tạm thời nơi khác: " + std::to_string(attached);
  if (suspended) total += "; đình chỉ sinh hoạt: " + std::to_string(suspended);
  out.push_back({BlockKind::bullet, "", total + "."});
  std::string present = "Có mặt: " + std::to_string(sum.present) + " đồng chí";
  if (sum.expected > 0)
    present += " (" + std::to_string(sum.expected_present) + "/" + std::to_string(sum.expected) +
               " đảng viên phải dự sinh hoạt, đạt " + w::percent(sum.expected_present, sum.expected) + ")";
  out.push_back({BlockKind::bullet, "", present + "."});
  std::vector<std::string> excused, unexcused, late, departed;
  for (const auto& e : s.roll) {
    const std::string& n = e.member.full_name;
    if (e.attendance == Attendance::absent_excused) {
      const std::string r = reason_words(e);
      excused.push_back(r.empty() ? n : n + " (" + r + ")");
    } else if (e.attendance == Attendance::absent_unexcused || e.attendance == Attendance::unmarked) {
      // Exempt members are not expected: not being there is no absence.
      if (e.member.status == MemberStatus::active) unexcused.push_back(n);
    }
    if (e.late && attended(e.attendance)) late.push_back(n);
    if (e.attendance == Attendance::departed) departed.push_back(n);
  }
  out.push_back({BlockKind::bullet, "",
                 "Vắng có lý do: " + std::to_string(excused.size()) + " đồng chí" +
                     (excused.empty() ? "" : ": " + comrades(excused)) + "."});
  out.push_back({BlockKind::bullet, "",
                 "Vắng không có lý do: " + std::to_string(unexcused.size()) + " đồng chí" +
                     (unexcused.empty() ? "" : ": " + comrades(unexcused)) + "."});
  if (!late.empty()) out.push_back({BlockKind::bullet, "", "Đến muộn: " + comrades(late) + "."});
  if (!departed.empty()) out.push_back({BlockKind::bullet, "", "Về sớm: " + comrades(departed) + "."});
  std::vector<std::string> observers, guests;
  for (const auto& [id, p] : s.arrived) {
    if (p.role != "observer" && p.role != "guest") continue;
    const std::string who = p.title.empty() ? p.name : p.name + ", " + p.title;
    (p.role == "observer" ? observers : guests).push_back(who);
  }
  if (!observers.empty()) out.push_back({BlockKind::bullet, "", "Đại biểu cấp trên dự: " + comrades(observers) + "."});
  if (!guests.empty()) out.push_back({BlockKind::bullet, "", "Khách mời: " + comrades(guests) + "."});
  out.push_back({BlockKind::bullet, "",
                 "Số đảng viên được tính khi biểu quyết: " + std::to_string(sum.denominator) + " đồng chí."});
  return out;
}

std::string time_place(const MeetingState& s) {
  const std::string& place = s.meeting.place;
  const std::string platform = s.meeting.video_url.empty() ? "" : platform_of(s.meeting.video_url);
  if (!platform.empty() && !place.empty()) return "trực tuyến qua " + platform + ", kết hợp tại " + place + ".";
  if (!platform.empty()) return "trực tuyến qua " + platform + ".";
  return place.empty() ? "trực tuyến." : place + ".";
}

void add_text(std::vector<Block>& out, BlockKind kind, const std::string& lead, const std::string& text) {
  if (!text.empty()) out.push_back({kind, lead, text});
}

std::string number_line(const MeetingState& s) {
  std::string n = section_text(s, "number");
  if (n.empty()) return "";
  const bool digits = n.find_first_not_of("0123456789") == std::string::npos;
  return "Số " + n + (digits ? "-BB/CB" : "");
}

minutes::Header header_of(const MeetingState& s, const DocumentContext& ctx, const std::string& number) {
  minutes::Header h;
  h.superior = w::upper(ctx.superior);
  h.unit = w::upper(ctx.cell);
  h.number = number;
  const std::string locality = ctx.locality.empty() ? std::string("…") : ctx.locality;
  h.place_date = locality + ", " + w::date_words(meeting_day(s));
  return h;
}

std::string stem_date(const MeetingState& s) {
  const w::LocalTime d = meeting_day(s);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

// What happened under no agenda item (or one since removed).
std::vector<Block> unplaced_blocks(const MeetingState& s) {
  std::vector<Block> other;
  for (const auto& [id, sp] : s.speeches)
    if (!item_known(s, sp.item))
      other.push_back({BlockKind::bullet, "Đồng chí " + participant_name_title(s, sp.participant) + ": ",
                       sp.gist.empty() ? std::string("phát biểu ý kiến.") : sp.gist});
  std::vector<std::pair<std::int64_t, bool>> order;
  for (const auto& [id, v] : s.votes)
    if (!item_known(s, v.item) && !v.minutes) order.push_back({id, false});
  for (const auto& [id, bl] : s.ballots)
    if (!item_known(s, bl.item)) order.push_back({id, true});
  std::sort(order.begin(), order.end());
  for (auto [id, secret] : order) {
    auto blocks = secret ? ballot_blocks(s, s.ballots.at(id)) : vote_blocks(s, s.votes.at(id));
    other.insert(other.end(), blocks.begin(), blocks.end());
  }
  return other;
}

}  // namespace

std::vector<MinutesSectionInfo> minutes_sections(const MeetingState& s) {
  std::vector<MinutesSectionInfo> out;
  out.push_back({"number", "Số biên bản", {}});
  out.push_back({"opening", "Khai mạc, lý do cuộc họp", facts_text(attendance_blocks(s))});
  for (const auto& item : s.agenda) {
    std::vector<Block> facts = speech_blocks(s, item.id);
    auto d = decisions_of_item(s, item.id);
    facts.insert(facts.end(), d.begin(), d.end());
    out.push_back({"item:" + item.id, item.title, facts_text(facts)});
    out.push_back({"conclusion:" + item.id, "Kết luận của chủ trì — " + item.title, {}});
  }
  // The editor shows what happened under no agenda item beside the closing.
  out.push_back({"closing", "Kết thúc", facts_text(unplaced_blocks(s))});
  return out;
}

bool is_minutes_section(const MeetingState& s, std::string_view id) {
  if (id == "number" || id == "opening" || id == "closing") return true;
  for (std::string_view prefix : {std::string_view("item:"), std::string_view("conclusion:")})
    if (id.substr(0, prefix.size()) == prefix) return s.agenda_item(std::string(id.substr(prefix.size()))) != nullptr;
  return false;
}

minutes::Document minutes_document(const MeetingState& s, const DocumentContext& ctx, const Approval* approval) {
  minutes::Document doc;
  doc.header = header_of(s, ctx, number_line(s));
  doc.title = "BIÊN BẢN";
  doc.subtitle = subtitle_of(s);
  if (!approval) doc.subtitle += "\n(Dự thảo)";
  doc.file_stem = "bien-ban-" + stem_date(s) + "-" + w::slug(ctx.cell);
  auto& b = doc.blocks;

  b.push_back({BlockKind::heading, "", "I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN"});
  if (s.opened_ms) {
    const w::LocalTime t = w::local_time(s.opened_ms);
    b.push_back({BlockKind::para, "Thời gian: ", "bắt đầu lúc " + w::time_words(t) + ", " + w::date_words(t) + "."});
  } else {
    b.push_back({BlockKind::para, "Thời gian: ", "(cuộc họp chưa bắt đầu)."});
  }
  b.push_back({BlockKind::para, "Địa điểm: ", time_place(s)});
  b.push_back({BlockKind::para, "Chủ trì: ",
               s.chair.empty() ? std::string("(chưa có).") : "đồng chí " + participant_name_title(s, s.chair) + "."});
  b.push_back({BlockKind::para, "Thư ký: ",
               s.minute_taker.empty() ? std::string("(chưa cử).")
                                      : "đồng chí " + participant_name_title(s, s.minute_taker) + "."});
  b.push_back({BlockKind::para, "Thành phần dự họp:", ""});
  auto att = attendance_blocks(s);
  b.insert(b.end(), att.begin(), att.end());

  b.push_back({BlockKind::heading, "", "II. NỘI DUNG"});
  add_text(b, BlockKind::para, "", section_text(s, "opening"));
  if (!s.agenda.empty()) {
    b.push_back({BlockKind::para, "Chương trình sinh hoạt:", ""});
    for (const auto& item : s.agenda) b.push_back({BlockKind::bullet, "", item.title});
  }
  int n = 0;
  auto item_part = [&](const AgendaItem& item) {
    auto sp = speech_blocks(s, item.id);
    auto dec = decisions_of_item(s, item.id);
    const std::string text = section_text(s, "item:" + item.id), concl = section_text(s, "conclusion:" + item.id);
    // The opening's steps (reason, minute-taker, roll call) are written in
    // part I already: they get a part of their own only when something was
    // said or decided under them.
    if (item.section == AgendaSection::opening && sp.empty() && dec.empty() && text.empty() && concl.empty()) return;
    b.push_back({BlockKind::heading, "", std::to_string(++n) + ". " + item.title});
    add_text(b, BlockKind::para, "", text);
    if (!sp.empty()) {
      b.push_back({BlockKind::para, "Ý kiến phát biểu:", ""});
      b.insert(b.end(), sp.begin(), sp.end());
    }
    b.insert(b.end(), dec.begin(), dec.end());
    add_text(b, BlockKind::quote, "Kết luận của chủ trì: ", concl);
  };
  for (const auto& item : s.agenda)
    if (item.section != AgendaSection::closing) item_part(item);
  // Speeches and votes taken with no agenda item current (or under an item
  // since removed) still belong in the record.
  if (auto other = unplaced_blocks(s); !other.empty()) {
    b.push_back({BlockKind::heading, "", std::to_string(++n) + ". Nội dung khác"});
    b.insert(b.end(), other.begin(), other.end());
  }

  b.push_back({BlockKind::heading, "", "III. KẾT THÚC"});
  for (const auto& item : s.agenda)
    if (item.section == AgendaSection::closing) {
      add_text(b, BlockKind::para, item.title + ": ", section_text(s, "item:" + item.id));
      auto dec = decisions_of_item(s, item.id);
      b.insert(b.end(), dec.begin(), dec.end());
      add_text(b, BlockKind::quote, "Kết luận của chủ trì: ", section_text(s, "conclusion:" + item.id));
    }
  add_text(b, BlockKind::para, "", section_text(s, "closing"));
  if (approval && approval->closed) {
    const json::object& d = *approval->closed;
    const int den = static_cast<int>(int_of(d, "denominator"));
    const w::LocalTime at = w::local_time(approval->at_ms);
    b.push_back({BlockKind::para, "",
                 "Biên bản đã được thư ký đọc lại trước chi bộ và được chi bộ biểu quyết thông qua lúc " +
                     w::time_words(at) + ", " + w::date_words(at) + ", với " +
                     count_of(static_cast<int>(int_of(d, "for")), den) + " đồng chí tán thành, " +
                     std::to_string(int_of(d, "against")) + " không tán thành, " +
                     std::to_string(int_of(d, "abstain")) + " không biểu quyết."});
    b.push_back({BlockKind::para, "", "Cuộc họp kết thúc lúc " + w::time_words(at) + " cùng ngày."});
  } else {
    b.push_back({BlockKind::center, "", "(Biên bản chưa được chi bộ thông qua.)"});
  }
  doc.signatures.push_back({"CHỦ TRÌ", s.chair.empty() ? "" : s.name_of(s.chair)});
  doc.signatures.push_back({"THƯ KÝ", s.minute_taker.empty() ? "" : s.name_of(s.minute_taker)});
  return doc;
}

std::string attendance_sentence(const MeetingState& s) {
  std::vector<std::string> parts;
  for (const auto& blk : attendance_blocks(s)) parts.push_back(blk.text);
  return join(parts, " ");
}

bool follows_order(const MeetingState& s) {
  bool sec[3] = {false, false, false};
  for (const auto& i : s.agenda) sec[static_cast<int>(i.section)] = true;
  return sec[0] && sec[1] && sec[2];
}

minutes::Document observer_report_document(const MeetingState& s, const DocumentContext& ctx, const ObserverReport& r) {
  minutes::Document doc;
  doc.header = header_of(s, ctx, "");
  doc.header.unit = w::upper(ctx.superior);
  doc.header.superior = "";
  doc.title = "BÁO CÁO";
  doc.subtitle = "Kết quả dự sinh hoạt chi bộ\n" + ctx.cell + " — " + s.meeting.title;
  doc.file_stem = "bao-cao-du-sinh-hoat-" + stem_date(s) + "-" + w::slug(ctx.cell);
  auto& b = doc.blocks;
  b.push_back({BlockKind::para, "Người dự: ", "đồng chí " + (r.title.empty() ? r.name : r.name + ", " + r.title) + "."});
  const w::LocalTime d = meeting_day(s);
  b.push_back({BlockKind::para, "Cuộc họp: ", s.meeting.title + ", " + w::date_words(d) + "; " + time_place(s)});
  b.push_back({BlockKind::heading, "", "1. Tình hình đảng viên dự sinh hoạt"});
  add_text(b, BlockKind::para, "", r.attendance);
  b.push_back({BlockKind::heading, "", "2. Việc thực hiện quy trình, nội dung sinh hoạt"});
  b.push_back({BlockKind::bullet, "Trình tự sinh hoạt: ",
               r.order_ok ? "đúng theo Hướng dẫn 12-HD/BTCTW." : "chưa đúng theo Hướng dẫn 12-HD/BTCTW."});
  b.push_back({BlockKind::bullet, "Nội dung sinh hoạt: ", r.content_ok ? "đảm bảo." : "chưa đảm bảo."});
  b.push_back({BlockKind::heading, "", "3. Ý kiến phát biểu, góp ý tại cuộc họp"});
  add_text(b, BlockKind::para, "", r.remarks.empty() ? std::string("Không.") : r.remarks);
  b.push_back({BlockKind::heading, "", "4. Đề xuất, kiến nghị"});
  add_text(b, BlockKind::para, "", r.proposals.empty() ? std::string("Không.") : r.proposals);
  doc.signatures.push_back({"NGƯỜI BÁO CÁO", r.name});
  return doc;
}

std::vector<Resolution> resolutions_of(const MeetingState& s) {
  std::vector<Resolution> out;
  for (const auto& [id, v] : s.votes) {
    if (v.open || v.minutes || v.text.empty() || !bool_of(v.closed, "passed")) continue;
    Resolution r;
    r.meeting = s.meeting.id;
    r.meeting_title = s.meeting.title;
    const w::LocalTime t = w::local_time(v.closed_ms);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", t.year, t.month, t.day);
    r.date = buf;
    r.subject = v.subject;
    r.text = v.text;
    r.for_ = static_cast<int>(int_of(v.closed, "for"));
    r.against = static_cast<int>(int_of(v.closed, "against"));
    r.abstain = static_cast<int>(int_of(v.closed, "abstain"));
    r.denominator = static_cast<int>(int_of(v.closed, "denominator"));
    out.push_back(std::move(r));
  }
  return out;
}

minutes::Document resolution_book_document(const DocumentContext& ctx, int year, const std::vector<Resolution>& rs) {
  minutes::Document doc;
  doc.header.superior = w::upper(ctx.superior);
  doc.header.unit = w::upper(ctx.cell);
  doc.header.place_date = (ctx.locality.empty() ? std::string("…") : ctx.locality) + ", năm " + std::to_string(year);
  doc.title = "SỔ GHI NGHỊ QUYẾT CHI BỘ";
  doc.subtitle = "Năm " + std::to_string(year);
  doc.file_stem = "so-nghi-quyet-" + std::to_string(year) + "-" + w::slug(ctx.cell);
  auto& b = doc.blocks;
  if (rs.empty()) b.push_back({BlockKind::center, "", "(Chưa có nghị quyết nào được thông qua trong năm.)"});
  int n = 0;
  for (const auto& r : rs) {
    const auto d = parse_date(r.date).value_or(Date{});
    b.push_back({BlockKind::heading, "", std::to_string(++n) + ". " + r.subject});
    b.push_back({BlockKind::para, "Cuộc họp: ", r.meeting_title + ", " + w::date_words(d.year, d.month, d.day) + "."});
    b.push_back({BlockKind::quote, "", r.text});
    b.push_back({BlockKind::para, "Biểu quyết: ",
                 "tán thành " + count_of(r.for_, r.denominator) + ", không tán thành " + std::to_string(r.against) +
                     ", không biểu quyết " + std::to_string(r.abstain) + "."});
  }
  return doc;
}

std::string lock_message(Id meeting, std::int64_t seq, std::string_view hash, std::string_view content_sha256,
                         std::int64_t locked_ms) {
  return "chibo-minutes-v1\nmeeting=" + std::to_string(meeting) + "\nseq=" + std::to_string(seq) + "\nhash=" +
         std::string(hash) + "\ncontent=" + std::string(content_sha256) + "\nlocked=" + std::to_string(locked_ms);
}

std::string addendum_message(Id meeting, std::int64_t seq, std::string_view hash, std::string_view text_sha256,
                             std::int64_t date_ms) {
  return "chibo-addendum-v1\nmeeting=" + std::to_string(meeting) + "\nseq=" + std::to_string(seq) + "\nhash=" +
         std::string(hash) + "\ntext=" + std::string(text_sha256) + "\ndate=" + std::to_string(date_ms);
}

}  // namespace chibo::meeting
