// Self-reviews (issue 4): written with their review.submitted event in one
// savepoint, each part replaced only when given, files read back by chunks.
#include <catch2/catch.hpp>

#include "store_fixture.hpp"

using namespace chibo;
using namespace chibo::store;
using test::TempDb;

namespace {

struct ReviewFixture {
  TempDb tmp;
  std::unique_ptr<Store> s = tmp.open();
  Id cell = test::add_unit(*s, domain::UnitKind::cell, "Chi bộ 1");
  Id member = test::add_member(*s, test::make_member(cell, "Nguyễn Văn An"));
  EventRecord head = test::create_meeting(*s, test::make_meeting(cell, "2026-12-20T08:00"));

  Status submit(ReviewWrite w, bool good_link = true) {
    EventRecord e = test::next_event(head, "review.submitted");
    if (!good_link) e.seq += 5;  // not the next link: the whole savepoint fails
    const Status st = test::wait_status([&](auto done) { s->append_event_with_review(e, w, done); });
    if (st) head = e;
    return st;
  }
  ReviewWrite write() const {
    ReviewWrite w;
    w.meeting_id = head.meeting_id;
    w.member_id = member;
    w.updated_ms = 1000;
    return w;
  }
};

}  // namespace

TEST_CASE("a review's parts are replaced only when given", "[store][reviews]") {
  ReviewFixture f;
  CHECK_FALSE(f.s->review(f.head.meeting_id, f.member));
  ReviewWrite w = f.write();
  w.self_rating = "good";
  w.text = "Bản tự kiểm điểm năm 2026.";
  REQUIRE(f.submit(w));
  ReviewWrite file = f.write();
  file.file = ReviewWrite::File{"tu-kiem-diem.pdf", "application/pdf", "abc", std::string("%PDF-1.4\0\x01\xff", 11)};
  REQUIRE(f.submit(file));
  auto r = f.s->review(f.head.meeting_id, f.member);
  REQUIRE(r);
  CHECK(r->self_rating == "good");
  CHECK(r->text == "Bản tự kiểm điểm năm 2026.");
  CHECK(r->file_name == "tu-kiem-diem.pdf");
  CHECK(r->file_size == 11);
  // Bytes come back exactly, NUL and 0xff included, chunk by chunk.
  CHECK(f.s->review_file(f.head.meeting_id, f.member, 0, 8) == std::string("%PDF-1.4", 8));
  CHECK(f.s->review_file(f.head.meeting_id, f.member, 8, 8) == std::string("\0\x01\xff", 3));
  CHECK(f.s->review_file(f.head.meeting_id, f.member, 11, 8).empty());
  CHECK(f.s->events(f.head.meeting_id).size() == 3);
}

TEST_CASE("a review whose event does not chain is not stored", "[store][reviews]") {
  ReviewFixture f;
  ReviewWrite w = f.write();
  w.text = "x";
  CHECK(f.submit(w, false).code() == Status::Code::conflict);
  CHECK_FALSE(f.s->review(f.head.meeting_id, f.member));
  CHECK(f.s->events(f.head.meeting_id).size() == 1);
}

TEST_CASE("a rating outside the four levels is refused by the schema", "[store][reviews]") {
  ReviewFixture f;
  ReviewWrite w = f.write();
  w.self_rating = "perfect";
  CHECK_FALSE(f.submit(w));
  CHECK(f.s->events(f.head.meeting_id).size() == 1);  // the event went with it
}
