// The minutes (PROTOCOL.md "Minutes"): who may write them, versions and
// conflicts, the read-back, the approving vote and the lock it signs, dated
// addenda, observers' reports, and the projection's exact words from a fixed
// meeting (meeting/minutes.cpp).
#include <boost/json/serialize.hpp>

#include <algorithm>

#include "meeting/minutes.hpp"
#include "meeting_fixture.hpp"

namespace chibo::meeting::test {
namespace {

using domain::Choice;
using minutes::BlockKind;

// 2026-12-01 19:30 in Vietnam (12:30 UTC).
constexpr std::int64_t kStart = 1796128200000;

const auth::SigningKey& test_key() {
  static const auth::SigningKey k = auth::SigningKey::generate();
  return k;
}
const DocumentContext kDoc{"Đảng bộ phường Tân Mai", "Chi bộ Khu phố 3", "Biên Hòa"};

struct Minuted : Meeting {
  Actor taker = member_actor(2);
  std::int64_t before_close = 0;  // the head vote_all's close was decided on
  std::string before_close_hash;
  Minuted() {
    now = kStart;
    key = &test_key();
    document = &kDoc;
    REQUIRE_FALSE(run(kChair, cmd::Open{}, example_roster()).refused);
    for (int i : {1, 2, 3, 4, 5, 10, 11}) REQUIRE_FALSE(run(member_actor(i), cmd::Checkin{}).refused);
    REQUIRE_FALSE(run(kChair, cmd::Mark{6, Attendance::absent_excused, domain::AbsenceReason::illness, ""}).refused);
    REQUIRE_FALSE(run(kChair, cmd::Mark{7, Attendance::absent_unexcused, {}, ""}).refused);
    REQUIRE_FALSE(run(kChair, cmd::Appoint{"minute_taker", "member:2", {}, ""}).refused);
  }
  std::string item(std::string_view key) const {
    for (const auto& i : s.agenda)
      if (i.key == key) return i.id;
    FAIL("no agenda item " << key);
    return "";
  }
  Decision save(const Actor& who, std::string section, std::string text, std::int64_t base) {
    return run(who, cmd::MinutesSave{std::move(section), std::move(text), base});
  }
  // Every voter present (1..5) answers; the chair closes. The denominator is
  // 6: officials 1..9 less the attached (9), the absent exempt (8) and the
  // excused absence (6); 7, absent without a reason, still counts.
  Decision vote_all(Choice c) {
    REQUIRE(s.open_vote);
    const std::int64_t v = *s.open_vote;
    for (int i : {1, 2, 3, 4, 5}) REQUIRE_FALSE(run(member_actor(i), cmd::VoteCast{v, c, ""}).refused);
    now += 60'000;
    before_close = s.head;
    before_close_hash = s.head_hash;
    return run(kChair, cmd::VoteClose{v});
  }
};

std::vector<std::string> texts(const minutes::Document& d) {
  std::vector<std::string> out;
  for (const auto& b : d.blocks) out.push_back(b.lead + b.text);
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

TEST_CASE("minutes: who writes, versions, conflicts and bad sections", "[meeting][minutes]") {
  Minuted m;
  // A member who is not the minute-taker may not write; an observer neither.
  CHECK(m.save(member_actor(3), "opening", "x", 0).refused == ErrorCode::forbidden);
  CHECK(m.save(kObserver, "opening", "x", 0).refused == ErrorCode::forbidden);
  // Unknown sections, and items not on the agenda, are bad arguments.
  for (const char* bad : {"", "intro", "item:", "item:i999", "conclusion:nope", "numbers"}) {
    INFO(bad);
    auto d = m.save(m.taker, bad, "x", 0);
    CHECK(d.refused == ErrorCode::invalid_args);
    CHECK(d.reason == "section");
  }
  const std::string news = "item:" + m.item("news");
  auto d = m.save(m.taker, news, "Đồng chí Bí thư phổ biến Chỉ thị 05.", 0);
  REQUIRE_FALSE(d.refused);
  CHECK(d.result.at("version").as_int64() == 1);
  CHECK(m.last_type() == "minutes.saved");
  CHECK(m.s.minutes.sections.at(news).by == "M2");
  // The chair, on another device, saves from the same version 0: refused,
  // with the text that is there now; nothing changes.
  const auto head = m.s.head;
  d = m.save(kChair, news, "Bản của chủ trì", 0);
  CHECK(d.refused == ErrorCode::conflict);
  CHECK(d.reason == "edited");
  CHECK(d.result.at("version").as_int64() == 1);
  CHECK(d.result.at("text").as_string() == "Đồng chí Bí thư phổ biến Chỉ thị 05.");
  CHECK(d.result.at("by").as_string() == "M2");
  CHECK(m.s.head == head);
  // A base from the future is as wrong as one from the past.
  CHECK(m.save(kChair, news, "x", 7).refused == ErrorCode::conflict);
  // The same text again changes nothing; the chair saving from version 1 wins.
  d = m.save(m.taker, news, "Đồng chí Bí thư phổ biến Chỉ thị 05.", 1);
  CHECK_FALSE(d.refused);
  CHECK(d.events.empty());
  d = m.save(kChair, news, "Bản của chủ trì", 1);
  REQUIRE_FALSE(d.refused);
  CHECK(m.s.minutes.sections.at(news).version == 2);
  // A section may be emptied.
  REQUIRE_FALSE(m.save(kChair, news, "", 2).refused);
  CHECK(m.s.minutes.sections.at(news).text.empty());
}

TEST_CASE("minutes: read back, approved by a named vote, locked and signed", "[meeting][minutes]") {
  Minuted m;
  REQUIRE_FALSE(m.save(m.taker, "number", "15", 0).refused);
  // Approval needs a read-back first, and only the chair opens it.
  CHECK(m.run(kChair, cmd::MinutesApprove{}).reason == "not_presented");
  CHECK(m.run(member_actor(3), cmd::MinutesPresent{}).refused == ErrorCode::forbidden);
  REQUIRE_FALSE(m.run(m.taker, cmd::MinutesPresent{}).refused);
  CHECK(m.s.minutes.presented);
  CHECK(m.run(m.taker, cmd::MinutesApprove{}).refused == ErrorCode::forbidden);
  // A change after the read-back needs another read-back.
  REQUIRE_FALSE(m.save(m.taker, "closing", "Chi bộ tự chấm: hoàn thành tốt.", 0).refused);
  CHECK_FALSE(m.s.minutes.presented);
  CHECK(m.run(kChair, cmd::MinutesApprove{}).reason == "not_presented");
  REQUIRE_FALSE(m.run(m.taker, cmd::MinutesPresent{}).refused);
  auto d = m.run(kChair, cmd::MinutesApprove{});
  REQUIRE_FALSE(d.refused);
  CHECK(m.last_type() == "vote.opened");
  CHECK(m.last_data().at("minutes").as_bool());
  CHECK(m.last_data().at("subject").as_string() == "Thông qua biên bản");
  CHECK(m.s.minutes.approval_vote == d.result.at("vote").as_int64());
  // While they are voted on, the text stays as read.
  CHECK(m.save(m.taker, "closing", "x", 1).reason == "approval_open");
  CHECK(m.run(m.taker, cmd::MinutesPresent{}).reason == "approval_open");
  CHECK(m.run(kChair, cmd::MinutesApprove{}).reason == "vote_open");

  d = m.vote_all(Choice::yes);
  REQUIRE_FALSE(d.refused);
  REQUIRE(d.events.size() == 2);
  CHECK(d.events[0].type == "vote.closed");
  CHECK(d.events[1].type == "minutes.locked");
  REQUIRE(m.s.minutes.lock);
  const MinutesLock& l = *m.s.minutes.lock;
  // Bound to the last event before the close; the hash is of the content
  // as serialized; the signature is over PROTOCOL.md's message.
  CHECK(l.chain_seq == m.before_close);
  CHECK(l.chain_hash == m.before_close_hash);
  CHECK(l.content_sha256 == store::sha256_hex(json::serialize(l.content)));
  CHECK(l.key_id == test_key().key_id());
  CHECK(auth::verify_signature(test_key().public_key(),
                               lock_message(7, l.chain_seq, l.chain_hash, l.content_sha256, l.locked_ms), l.signature));
  CHECK_FALSE(auth::verify_signature(test_key().public_key(),
                                     lock_message(7, l.chain_seq + 1, l.chain_hash, l.content_sha256, l.locked_ms),
                                     l.signature));
  // The locked text is no draft and says how it was approved.
  const auto doc = minutes::document_from_json(l.content);
  CHECK(doc.subtitle == "Sinh hoạt chi bộ thường kỳ tháng 12 năm 2026");
  CHECK(doc.header.number == "Số 15-BB/CB");
  const auto t = texts(doc);
  CHECK(has(t, "Biên bản đã được thư ký đọc lại trước chi bộ và được chi bộ biểu quyết thông qua lúc 19 giờ 31 phút, "
               "ngày 01 tháng 12 năm 2026, với 5/6 (83,3%) đồng chí tán thành, 0 không tán thành, 0 không biểu quyết."));
  CHECK(has(t, "Chi bộ tự chấm: hoàn thành tốt."));

  // After the lock: no edits, no second read-back or approval; addenda only.
  CHECK(m.save(m.taker, "closing", "sửa", 1).refused == ErrorCode::minutes_locked);
  CHECK(m.run(m.taker, cmd::MinutesPresent{}).refused == ErrorCode::minutes_locked);
  CHECK(m.run(kChair, cmd::MinutesApprove{}).refused == ErrorCode::minutes_locked);
  CHECK(m.run(member_actor(3), cmd::MinutesAddendum{"x"}).refused == ErrorCode::forbidden);
  REQUIRE_FALSE(m.run(kChair, cmd::Close{}).refused);
  // An addendum after the meeting closed, dated and signed over its text.
  m.now += 86'400'000;
  const auto head = m.s.head;
  const auto head_hash = m.s.head_hash;
  REQUIRE_FALSE(m.run(m.taker, cmd::MinutesAddendum{"Bổ sung: đồng chí Phong vắng do đi công tác."}).refused);
  REQUIRE(m.s.minutes.addenda.size() == 1);
  const auto& a = m.s.minutes.addenda[0];
  CHECK(a.date_ms == m.now);
  CHECK(a.chain_seq == head);
  CHECK(auth::verify_signature(test_key().public_key(),
                               addendum_message(7, head, head_hash, store::sha256_hex(a.text), a.date_ms), a.signature));
  // Anything else is read-only once closed.
  CHECK(m.save(m.taker, "closing", "x", 1).refused == ErrorCode::meeting_closed);
}

TEST_CASE("minutes: refused approval goes back to drafting; no key, no lock", "[meeting][minutes]") {
  Minuted m;
  REQUIRE_FALSE(m.run(m.taker, cmd::MinutesPresent{}).refused);
  REQUIRE_FALSE(m.run(kChair, cmd::MinutesApprove{}).refused);
  auto d = m.vote_all(Choice::no);
  REQUIRE(d.events.size() == 1);
  CHECK_FALSE(m.s.minutes.lock);
  CHECK_FALSE(m.s.minutes.presented);
  CHECK_FALSE(m.s.minutes.approval_vote);
  REQUIRE_FALSE(m.save(m.taker, "closing", "Đã sửa theo ý kiến.", 0).refused);
  // Without the server's key the vote cannot close passed: nothing is
  // written rather than minutes approved but unsigned.
  REQUIRE_FALSE(m.run(m.taker, cmd::MinutesPresent{}).refused);
  REQUIRE_FALSE(m.run(kChair, cmd::MinutesApprove{}).refused);
  m.key = nullptr;
  const auto v = *m.s.open_vote;
  for (int i : {1, 2, 3, 4, 5}) REQUIRE_FALSE(m.run(member_actor(i), cmd::VoteCast{v, Choice::yes, ""}).refused);
  const auto head = m.s.head;
  CHECK(m.run(kChair, cmd::VoteClose{v}).refused == ErrorCode::internal);
  CHECK(m.s.head == head);
}

TEST_CASE("minutes: observers file reports, others may not", "[meeting][minutes]") {
  Minuted m;
  cmd::ObserverReportFile r{"Đủ", "Không", "Đề nghị bổ sung", true, false};
  CHECK(m.run(kObserver, r).refused == ErrorCode::forbidden);  // not come in yet
  m.s.arrived["account:9"] = Participant{"account:9", "Phan Văn Quang", "observer", "Đảng ủy viên", std::nullopt};
  m.s.arrived["guest:1"] = Participant{"guest:1", "Khách", "guest", "", std::nullopt};
  CHECK(m.run(Actor{"guest:1", "Khách", std::nullopt, false}, r).refused == ErrorCode::forbidden);
  CHECK(m.run(member_actor(1), r).refused == ErrorCode::forbidden);
  REQUIRE_FALSE(m.run(kObserver, r).refused);
  REQUIRE_FALSE(m.run(kChair, cmd::Close{}).refused);
  r.remarks = "Sau cuộc họp: bổ sung";
  REQUIRE_FALSE(m.run(kObserver, r).refused);  // after the close too; the last one counts
  const auto& rep = m.s.observer_reports.at("account:9");
  CHECK(rep.remarks == "Sau cuộc họp: bổ sung");
  CHECK(rep.title == "Đảng ủy viên");
  CHECK_FALSE(rep.content_ok);
  const auto doc = observer_report_document(m.s, kDoc, rep);
  CHECK(doc.title == "BÁO CÁO");
  const auto t = texts(doc);
  CHECK(has(t, "Nội dung sinh hoạt: chưa đảm bảo."));
  CHECK(has(t, "Trình tự sinh hoạt: đúng theo Hướng dẫn 12-HD/BTCTW."));
  CHECK(doc.signatures.at(0).name == "Phan Văn Quang");
}

TEST_CASE("minutes projection: the words of a fixed meeting", "[meeting][minutes]") {
  Minuted m;
  m.s.arrived["account:9"] = Participant{"account:9", "Phan Văn Quang", "observer", "Đảng ủy viên", std::nullopt};
  // A speech with a gist and a resolution voted under "resolution".
  REQUIRE_FALSE(m.run(kChair, cmd::AgendaGoto{m.item("discussion")}).refused);
  REQUIRE_FALSE(m.run(kChair, cmd::FloorGive{"member:3"}).refused);
  const auto speech = m.s.head;
  REQUIRE_FALSE(m.run(kChair, cmd::FloorEnd{}).refused);
  REQUIRE_FALSE(m.run(m.taker, cmd::Gist{speech, "Nhất trí với dự thảo nghị quyết."}).refused);
  REQUIRE_FALSE(m.run(kChair, cmd::AgendaGoto{m.item("resolution")}).refused);
  REQUIRE_FALSE(m.run(kChair, cmd::VoteOpen{"Nghị quyết tháng 12", "Tập trung thu phí vệ sinh.", {}}).refused);
  const auto v = *m.s.open_vote;
  for (int i : {1, 2, 3, 4}) REQUIRE_FALSE(m.run(member_actor(i), cmd::VoteCast{v, Choice::yes, ""}).refused);
  REQUIRE_FALSE(m.run(member_actor(5), cmd::VoteCast{v, Choice::abstain, ""}).refused);
  REQUIRE_FALSE(m.run(kChair, cmd::VoteClose{v}).refused);
  REQUIRE_FALSE(m.save(m.taker, "conclusion:" + m.item("resolution"), "Chi bộ thống nhất ban hành.", 0).refused);

  const auto doc = minutes_document(m.s, kDoc);
  CHECK(doc.header.superior == "ĐẢNG BỘ PHƯỜNG TÂN MAI");
  CHECK(doc.header.unit == "CHI BỘ KHU PHỐ 3");
  CHECK(doc.header.place_date == "Biên Hòa, ngày 01 tháng 12 năm 2026");
  CHECK(doc.header.number.empty());
  CHECK(doc.title == "BIÊN BẢN");
  CHECK(doc.subtitle == "Sinh hoạt chi bộ thường kỳ tháng 12 năm 2026\n(Dự thảo)");
  CHECK(doc.file_stem == "bien-ban-2026-12-01-chi-bo-khu-pho-3");
  REQUIRE(doc.signatures.size() == 2);
  CHECK(doc.signatures[0].role == "CHỦ TRÌ");
  CHECK(doc.signatures[0].name == "Bí thư");  // the chair's name from meeting.opened
  CHECK(doc.signatures[1].name == "Official 2");
  const auto t = texts(doc);
  INFO([&] {
    std::string all;
    for (const auto& s : t) all += s + "\n";
    return all;
  }());
  CHECK(has(t, "Thời gian: bắt đầu lúc 19 giờ 30 phút, ngày 01 tháng 12 năm 2026."));
  CHECK(has(t, "Thư ký: đồng chí Official 2."));
  // 11 on the roll: 9 official (one exempt, one attached), 2 probationary.
  CHECK(has(t, "Tổng số đảng viên của chi bộ: 11 đồng chí (9 chính thức, 2 dự bị); miễn công tác và sinh hoạt "
               "đảng: 1; sinh hoạt tạm thời nơi khác: 1."));
  // Expected: everyone but the exempt and the attached member (9); present 7.
  CHECK(has(t, "Có mặt: 7 đồng chí (7/9 đảng viên phải dự sinh hoạt, đạt 77,8%)."));
  CHECK(has(t, "Vắng có lý do: 1 đồng chí: đồng chí Official 6 (ốm)."));
  CHECK(has(t, "Vắng không có lý do: 1 đồng chí: đồng chí Official 7."));
  CHECK(has(t, "Đại biểu cấp trên dự: đồng chí Phan Văn Quang, Đảng ủy viên."));
  CHECK(has(t, "Số đảng viên được tính khi biểu quyết: 6 đồng chí."));
  CHECK(has(t, "Đồng chí Official 3: Nhất trí với dự thảo nghị quyết."));
  CHECK(has(t, "Biểu quyết: Nghị quyết tháng 12. Hình thức: biểu quyết giơ tay (công khai)."));
  CHECK(has(t, "Nội dung: Tập trung thu phí vệ sinh."));
  CHECK(has(t, "Số đảng viên được tính: 6 đồng chí. Tán thành: 4/6 (66,7%); không tán thành: 0; không biểu quyết: 1."));
  CHECK(has(t, "Tán thành: đồng chí Official 1, Official 2, Official 3 và Official 4."));
  CHECK(has(t, "Không biểu quyết: đồng chí Official 5."));
  CHECK(has(t, "Kết quả: thông qua (cần quá 1/2 số đảng viên được tính, tức ít nhất 4 đồng chí tán thành)."));
  CHECK(has(t, "Kết luận của chủ trì: Chi bộ thống nhất ban hành."));
  CHECK(has(t, "(Biên bản chưa được chi bộ thông qua.)"));
  // The opening's steps have no part of their own when nothing happened under them.
  CHECK_FALSE(has(t, "1. Tuyên bố lý do, giới thiệu đại biểu"));
  CHECK(std::count_if(doc.blocks.begin(), doc.blocks.end(), [](const minutes::Block& b) {
          return b.kind == BlockKind::heading;
        }) >= 4);
  // The same state always gives the same document.
  CHECK(json::serialize(minutes::to_json(doc)) == json::serialize(minutes::to_json(minutes_document(m.s, kDoc))));
  // The resolution goes to the resolution book.
  const auto rs = resolutions_of(m.s);
  REQUIRE(rs.size() == 1);
  CHECK(rs[0].text == "Tập trung thu phí vệ sinh.");
  CHECK(rs[0].for_ == 4);
  CHECK(rs[0].date == "2026-12-01");
  // The sections the editor shows: number, opening, an item and conclusion
  // pair per agenda item, closing; the facts of the discussion item.
  const auto secs = minutes_sections(m.s);
  CHECK(secs.front().id == "number");
  CHECK(secs.back().id == "closing");
  CHECK(secs.size() == 3 + 2 * m.s.agenda.size());
  for (const auto& sec : secs) CHECK(is_minutes_section(m.s, sec.id));
  auto disc = std::find_if(secs.begin(), secs.end(),
                           [&](const MinutesSectionInfo& x) { return x.id == "item:" + m.item("discussion"); });
  REQUIRE(disc != secs.end());
  CHECK(disc->facts == std::vector<std::string>{"Đồng chí Official 3: Nhất trí với dự thảo nghị quyết."});
}

}  // namespace chibo::meeting::test
