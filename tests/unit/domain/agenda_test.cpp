// Official agenda templates per meeting kind (DOMAIN.md "Order of a regular
// meeting", "Kinds of meeting") and the agenda section spellings.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "domain/agenda.hpp"
#include "domain/rules.hpp"
#include "domain/text.hpp"

using namespace chibo::domain;

namespace {

using M = MeetingKind;
using Sec = AgendaSection;

const std::vector<std::string> opening_keys{"reason_guests", "minute_taker", "roll_call",
                                            "approve_agenda"};
const std::vector<std::string> closing_keys{"minutes", "close"};

std::vector<std::string> keys_of(const std::vector<AgendaItem>& items) {
  std::vector<std::string> out;
  for (const auto& i : items) out.push_back(i.key);
  return out;
}

}  // namespace

TEST_CASE("agenda sections have stable wire spellings", "[domain][agenda]") {
  struct Case {
    AgendaSection s;
    std::string name;
  };
  const auto c = GENERATE(values<Case>({
      {Sec::opening, "opening"},
      {Sec::proceedings, "proceedings"},
      {Sec::closing, "closing"},
  }));
  CHECK(to_string(c.s) == c.name);
  CHECK(agenda_section_from(c.name) == c.s);
}

TEST_CASE("agenda_section_from refuses unknown spellings", "[domain][agenda]") {
  const auto s = GENERATE(as<std::string>{}, "", "?", "Opening", "OPENING", "opening ",
                          " closing", "proceeding", "body", "mo_dau", "ending");
  INFO("'" << s << "'");
  CHECK_FALSE(agenda_section_from(s));
}

TEST_CASE("each kind's template lists its items in order", "[domain][agenda]") {
  struct Case {
    MeetingKind kind;
    std::vector<std::string> proceedings;  // between the opening and the common closing
    std::vector<std::string> closing_extra;  // closing items before the minutes
  };
  const auto c = GENERATE(values<Case>({
      {M::regular,
       {"news", "review", "next_tasks", "discussion", "resolution"},
       {"other_business", "self_score"}},
      {M::thematic,
       {"thematic_report", "thematic_discussion", "thematic_conclusion", "resolution"},
       {}},
      {M::annual_review, {"collective_review", "member_reviews", "rating_votes"}, {}},
      {M::admission,
       {"candidate_file", "candidate_discussion", "admission_vote", "resolution"},
       {}},
      {M::discipline,
       {"violation_report", "member_defence", "discipline_discussion", "discipline_vote"},
       {}},
      {M::election,
       {"committee_report", "counting_committee", "election_ballot", "election_result"},
       {}},
  }));
  INFO(to_string(c.kind));
  const auto items = agenda_template(c.kind);

  std::vector<std::string> want = opening_keys;
  want.insert(want.end(), c.proceedings.begin(), c.proceedings.end());
  want.insert(want.end(), c.closing_extra.begin(), c.closing_extra.end());
  want.insert(want.end(), closing_keys.begin(), closing_keys.end());
  CHECK(keys_of(items) == want);

  // Sections: the opening four, then the kind's proceedings, then closing.
  REQUIRE(items.size() == want.size());
  const std::size_t proceedings_end = opening_keys.size() + c.proceedings.size();
  for (std::size_t i = 0; i < items.size(); ++i) {
    INFO(items[i].key);
    const Sec want_section = i < opening_keys.size() ? Sec::opening
                             : i < proceedings_end   ? Sec::proceedings
                                                     : Sec::closing;
    CHECK(items[i].section == want_section);
  }
}

TEST_CASE("every template is well formed for agenda.set", "[domain][agenda]") {
  const auto kind = GENERATE(M::regular, M::thematic, M::annual_review, M::admission,
                             M::discipline, M::election);
  INFO(to_string(kind));
  const auto items = agenda_template(kind);
  REQUIRE(items.size() >= opening_keys.size() + closing_keys.size());
  CHECK(items.size() <= 40);  // PROTOCOL.md agenda.set: 1-40 items

  std::set<std::string> ids, keys;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const AgendaItem& it = items[i];
    INFO(it.id << " " << it.key);
    // Numbered i1, i2, ... in order, so each id is unique.
    CHECK(it.id == "i" + std::to_string(i + 1));
    ids.insert(it.id);
    keys.insert(it.key);
    // Keys: 1-40 characters of a-z_ (PROTOCOL.md agenda.set).
    CHECK_FALSE(it.key.empty());
    CHECK(it.key.size() <= 40);
    CHECK(it.key.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos);
    // Titles: 1-300 characters of valid UTF-8, precomposed (NFC) as the
    // client types them: no combining marks U+0300..U+036F.
    CHECK_FALSE(it.title.empty());
    REQUIRE(text::is_valid_utf8(it.title));
    CHECK(text::count_code_points(it.title) <= 300);
    CHECK(text::trim(it.title) == it.title);
    for (std::size_t b = 0; b + 1 < it.title.size(); ++b) {
      const auto c0 = static_cast<unsigned char>(it.title[b]);
      const auto c1 = static_cast<unsigned char>(it.title[b + 1]);
      const bool combining = (c0 == 0xCC && c1 >= 0x80) || (c0 == 0xCD && c1 <= 0xAF);
      CHECK_FALSE(combining);
    }
    // Only the thematic kind's own items are a thematic part.
    CHECK(it.thematic == (kind == M::thematic && it.key.rfind("thematic_", 0) == 0));
  }
  CHECK(ids.size() == items.size());
  CHECK(keys.size() == items.size());

  // Opening first, minutes and close last, whatever the kind.
  for (std::size_t i = 0; i < opening_keys.size(); ++i) CHECK(items[i].key == opening_keys[i]);
  CHECK(items[items.size() - 2].key == "minutes");
  CHECK(items.back().key == "close");

  // Same template twice: the same agenda (no hidden state).
  CHECK(agenda_template(kind) == items);
}

TEST_CASE("template titles are the official Vietnamese wording", "[domain][agenda]") {
  const std::map<std::string, std::string> titles{
      {"reason_guests", "Tuyên bố lý do, giới thiệu đại biểu"},
      {"minute_taker", "Cử thư ký cuộc họp"},
      {"roll_call", "Điểm danh đảng viên"},
      {"approve_agenda", "Thông qua chương trình sinh hoạt"},
      {"news", "Thông tin thời sự, phổ biến văn bản của cấp trên"},
      {"review", "Đánh giá kết quả thực hiện nghị quyết tháng trước"},
      {"next_tasks", "Phương hướng, nhiệm vụ tháng tới"},
      {"discussion", "Thảo luận, phê bình và tự phê bình"},
      {"resolution", "Chủ trì kết luận, biểu quyết nghị quyết"},
      {"other_business", "Công việc khác (nếu có)"},
      {"self_score", "Chi bộ tự chấm điểm buổi sinh hoạt"},
      {"thematic_report", "Trình bày dự thảo báo cáo chuyên đề"},
      {"thematic_discussion", "Thảo luận chuyên đề"},
      {"thematic_conclusion", "Chủ trì tiếp thu, kết luận chuyên đề"},
      {"collective_review", "Báo cáo kiểm điểm tập thể chi bộ"},
      {"member_reviews", "Đảng viên trình bày bản tự kiểm điểm, chi bộ góp ý"},
      {"rating_votes", "Biểu quyết đề xuất xếp loại đảng viên"},
      {"candidate_file", "Đọc hồ sơ, lý lịch của người xin vào Đảng"},
      {"candidate_discussion", "Thảo luận, nhận xét ưu điểm, khuyết điểm"},
      {"admission_vote", "Biểu quyết đề nghị kết nạp"},
      {"violation_report", "Trình bày báo cáo về vi phạm của đảng viên"},
      {"member_defence", "Đảng viên vi phạm trình bày ý kiến"},
      {"discipline_discussion", "Thảo luận, đề xuất hình thức kỷ luật"},
      {"discipline_vote", "Bỏ phiếu kín quyết định kỷ luật"},
      {"committee_report", "Báo cáo của cấp ủy, thông qua danh sách bầu cử"},
      {"counting_committee", "Bầu ban kiểm phiếu"},
      {"election_ballot", "Bỏ phiếu bầu cử"},
      {"election_result", "Công bố kết quả bầu cử"},
      {"minutes", "Thư ký đọc biên bản, chi bộ thông qua biên bản"},
      {"close", "Bế mạc"},
  };
  std::set<std::string> used;
  for (const auto kind : {M::regular, M::thematic, M::annual_review, M::admission,
                          M::discipline, M::election}) {
    for (const auto& it : agenda_template(kind)) {
      INFO(to_string(kind) << " " << it.key);
      const auto t = titles.find(it.key);
      REQUIRE(t != titles.end());
      CHECK(it.title == t->second);  // one key, one title, in every kind
      used.insert(it.key);
    }
  }
  CHECK(used.size() == titles.size());  // no title above is left unused
}

TEST_CASE("has_thematic_part and the minimum duration of a template", "[domain][agenda]") {
  struct Case {
    MeetingKind kind;
    bool thematic;
    int min_minutes;
  };
  const auto c = GENERATE(values<Case>({
      {M::regular, false, 90},
      {M::thematic, true, 120},
      {M::annual_review, false, 90},
      {M::admission, false, 90},
      {M::discipline, false, 90},
      {M::election, false, 90},
  }));
  INFO(to_string(c.kind));
  const auto items = agenda_template(c.kind);
  CHECK(has_thematic_part(items) == c.thematic);
  CHECK(min_minutes(c.kind, has_thematic_part(items), default_rule_set()) == c.min_minutes);
}

TEST_CASE("a regular meeting combined with a thematic part lasts 120 minutes",
          "[domain][agenda]") {
  CHECK_FALSE(has_thematic_part({}));
  auto items = agenda_template(M::regular);
  REQUIRE_FALSE(has_thematic_part(items));
  // The chair adds a thematic item to the monthly meeting.
  items.insert(items.end() - 2, AgendaItem{.id = "i12",
                                           .title = "Chuyên đề: học tập và làm theo",
                                           .section = Sec::proceedings,
                                           .key = "",
                                           .thematic = true});
  CHECK(has_thematic_part(items));
  CHECK(min_minutes(M::regular, has_thematic_part(items), default_rule_set()) == 120);
}
