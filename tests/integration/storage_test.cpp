// Issue 7 "Faults" and "Operations": the database on a full disk, and an
// online backup while a meeting runs.
//
// Disk full: the database lives on a tmpfs of a few MiB (mount(2); the tests
// run as root), a filler file takes every free byte, notices are sent until
// SQLite reports SQLITE_FULL. Then: the write is answered storage_unavailable,
// reads still work, nothing unacknowledged is stored; the filler is removed
// and writes work again without a restart; every chain verifies.
#include <sqlite3.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <atomic>
#include <fstream>
#include <iostream>
#include <thread>

#include "fixture.hpp"

namespace chibo::test {
namespace {

namespace fs = std::filesystem;

// A size-limited tmpfs, unmounted at the end (declare it before the server,
// so the server has stopped by then).
class Tmpfs {
 public:
  explicit Tmpfs(const std::string& size) {
    char tmpl[] = "/tmp/chibo-tinyfs-XXXXXX";
    if (!::mkdtemp(tmpl)) return;
    dir_ = tmpl;
    const std::string opts = "size=" + size + ",mode=0700";
    if (::mount("tmpfs", dir_.c_str(), "tmpfs", 0, opts.c_str()) == 0) mounted_ = true;
    else error_ = std::strerror(errno);
  }
  ~Tmpfs() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_, error_;
  bool mounted_ = false;
};

// Writes zeros to `path` until the filesystem is full; the bytes written.
std::size_t fill(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  REQUIRE(f);
  std::setvbuf(f, nullptr, _IONBF, 0);
  static const std::string chunk(4096, '\0');
  std::size_t n = 0;
  while (std::fwrite(chunk.data(), 1, chunk.size(), f) == chunk.size()) n += chunk.size();
  std::fclose(f);
  return n;
}

// seq -> notice text of the meeting's whole log, read by a fresh connection.
std::map<std::int64_t, std::string> notices_of(const ServerProcess& srv, const std::string& token,
                                               std::int64_t meeting, std::int64_t* head_out = nullptr) {
  json::object reply;
  WsClient v = with_token(srv, token, meeting, 0, &reply);
  const auto head = int_at(reply, "/result/joined/head");
  wait_seq(v, meeting, head, Ms(20000));
  v.barrier();
  const auto log = v.logged_events(meeting);
  CHECK(seqs_of(log) == range(1, v.last_seq(meeting)));
  std::map<std::int64_t, std::string> out;
  for (const auto& e : named(log, "notice")) out[int_at(e, "/seq")] = str_at(e, "/data/text");
  if (head_out) *head_out = head;
  return out;
}

bool chains_verify(const ServerProcess& srv, const std::string& db, std::string& output) {
  const CliResult r = srv.run_cli({"check", "--db", db});
  output = r.output;
  return r.exit_code == 0 && r.output.find("chain verifies") != std::string::npos &&
         r.output.find("BROKEN") == std::string::npos;
}

TestServer::Options options(std::vector<std::string> args) {
  TestServer::Options o;
  o.start = false;
  // Notices as fast as the test sends them: the rate limit is not under test.
  args.insert(args.end(), {"--rate-limit", "100000", "--rate-burst", "100000"});
  o.extra_args = std::move(args);
  return o;
}

}  // namespace

TEST_CASE("disk full: writes answer storage_unavailable, reads go on, nothing unacknowledged stored, recovery by itself",
          "[storage]") {
  Tmpfs tiny("6m");
  if (!tiny.mounted()) {
    WARN("cannot mount a tmpfs here (" << tiny.error() << "): disk-full test not run");
    return;
  }
  const std::string db = tiny.dir() + "/chibo.db";
  TestServer srv(options({"--db", db}));  // the last --db wins
  srv.start();
  Login sec = login(srv, kSecretary);
  const auto meeting = demo_meeting(sec.ws, sec.cell());
  sec.ws.call("meeting.open", {{"meeting", meeting}});
  sec.ws.call("meeting.join", {{"meeting", meeting}});
  const Link link = issue_one(sec.ws, meeting, int_at(sec.ws.call("roster.list", {{"cell", sec.cell()}}), "/members/4/id"));
  WsClient member = with_link(srv, link.token);

  const std::string filler = tiny.dir() + "/filler";
  const std::size_t filled = fill(filler);
  INFO("filler of " << filled << " bytes");

  // Notices of 1,900 characters until one is refused (the WAL has some room
  // left from earlier commits; it runs out within a few MiB).
  std::map<std::int64_t, std::string> acked;
  std::string refused_text;
  json::object refused;
  for (int i = 0; i < 3000 && refused_text.empty(); ++i) {
    std::string text = "Thông báo " + std::to_string(i) + " " + std::string(1900, 'x');
    const auto r = sec.ws.request("meeting.notice", {{"meeting", meeting}, {"text", text}}, Ms(20000));
    if (is_ok(r)) {
      acked[int_at(r, "/result/seq")] = text;
    } else {
      refused = r;
      refused_text = text;
    }
  }
  INFO("acknowledged before the disk was full: " << acked.size() << "; refused with " << dump(refused));
  REQUIRE(!refused_text.empty());
  CHECK(error_code(refused) == "storage_unavailable");
  CHECK(!str_at(refused, "/error/message").empty());

  // Another write through the store (not a meeting command) is refused too;
  // reads go on: lists, a join's replay of the whole log, /healthz.
  const auto add = sec.ws.request(
      "roster.add", {{"cell", sec.cell()}, {"member", json::object{{"full_name", "Người Mới"}}}}, Ms(20000));
  CHECK(!is_ok(add));
  CHECK(error_code(add) == "storage_unavailable");
  CHECK(sec.ws.call("roster.list", {{"cell", sec.cell()}}).at("members").as_array().size() == 12);
  CHECK(!sec.ws.call("meeting.list", {{"cell", sec.cell()}}).at("meetings").as_array().empty());
  CHECK(http_request(srv.port(), "GET", "/healthz").status == 200);
  {
    const auto stored = notices_of(srv, sec.token, meeting);
    for (const auto& [seq, text] : acked) CHECK(stored.count(seq) == 1);
    for (const auto& [seq, text] : stored) CHECK(text != refused_text);
  }

  // Space returns: writes work again, no restart.
  fs::remove(filler);
  bool recovered = false;
  std::int64_t after_seq = 0;
  for (int i = 0; i < 50 && !recovered; ++i) {
    const auto r = sec.ws.request("meeting.notice", {{"meeting", meeting}, {"text", "Đã có chỗ trống"}}, Ms(20000));
    recovered = is_ok(r);
    if (recovered) after_seq = int_at(r, "/result/seq");
    else sec.ws.pump(Ms(100));
  }
  REQUIRE(recovered);
  std::cout << "disk full: " << acked.size() << " notices acknowledged after the " << filled
            << "-byte filler, then storage_unavailable; written again after the filler went\n";
  acked[after_seq] = "Đã có chỗ trống";
  wait_seq(member, meeting, after_seq, Ms(20000));  // the member in the room sees it live

  // After a restart exactly the acknowledged notices are there, chains verify.
  srv.restart();
  const auto stored = notices_of(srv, sec.token, meeting);
  CHECK(stored == acked);
  CHECK(srv.stop() == 0);
  std::string out;
  const bool ok = chains_verify(srv, db, out);
  INFO("chibo check:\n" << out);
  CHECK(ok);
}

TEST_CASE("backup: an online copy while notices stream in holds every acknowledged event up to it", "[storage]") {
  TestServer srv(options({}));
  srv.start();
  Login sec = login(srv, kSecretary);
  const auto meeting = demo_meeting(sec.ws, sec.cell());
  sec.ws.call("meeting.open", {{"meeting", meeting}});
  const std::string copy = srv.dir() + "/backup.db";

  // Notices keep coming (a few in flight at a time) while `chibo backup` runs
  // beside the server; acked_before holds those acknowledged before it started.
  std::map<std::int64_t, std::string> acked, acked_before;
  std::atomic<int> phase{0};  // 0 before, 1 running, 2 done
  CliResult backup;
  std::thread runner;
  std::vector<std::pair<std::int64_t, std::string>> in_flight;
  int n = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (phase != 2 || !in_flight.empty()) {
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    while (phase != 2 && in_flight.size() < 8) {
      std::string text = "Sao lưu " + std::to_string(n++);
      in_flight.emplace_back(sec.ws.send("meeting.notice", json::object{{"meeting", meeting}, {"text", text}}), text);
    }
    const auto [id, text] = in_flight.front();
    in_flight.erase(in_flight.begin());
    const auto r = sec.ws.wait_reply(id, Ms(20000));
    INFO(dump(r));
    REQUIRE(is_ok(r));
    acked[int_at(r, "/result/seq")] = text;
    if (phase == 0 && acked.size() >= 50) {
      acked_before = acked;
      phase = 1;
      runner = std::thread([&] {
        backup = srv.run_cli({"backup", "--db", srv.db_path(), copy});
        phase = 2;
      });
    }
  }
  runner.join();
  INFO("chibo backup: " << backup.output);
  REQUIRE(backup.exit_code == 0);
  INFO(acked.size() << " notices acknowledged, " << acked_before.size() << " before the backup");

  // The copy is one file (no WAL beside it) and verifies.
  CHECK(!fs::exists(copy + "-wal"));
  std::string out;
  const bool ok = chains_verify(srv, copy, out);
  INFO("chibo check on the copy:\n" << out);
  CHECK(ok);

  // Restored: a server on the copy has every notice acknowledged before the
  // backup began, and its log is a prefix of the live one (same seqs, same texts).
  std::map<std::int64_t, std::string> live = notices_of(srv, sec.token, meeting);
  TestServer restored(options({"--db", copy}));
  restored.start();
  const auto in_copy = notices_of(restored, sec.token, meeting);
  for (const auto& [seq, text] : acked_before) {
    INFO("acknowledged before the backup: seq " << seq);
    REQUIRE(in_copy.count(seq) == 1);
    CHECK(in_copy.at(seq) == text);
  }
  for (const auto& [seq, text] : in_copy) {
    INFO("in the copy: seq " << seq);
    REQUIRE(live.count(seq) == 1);
    CHECK(live.at(seq) == text);
  }
  std::cout << "backup: " << acked.size() << " notices acknowledged, " << acked_before.size()
            << " before the backup began, " << in_copy.size() << " in the copy\n";
  CHECK(in_copy.size() >= acked_before.size());
  CHECK(in_copy.size() <= live.size());

  // A second backup to the same name is refused (never overwritten).
  const auto again = srv.run_cli({"backup", "--db", srv.db_path(), copy});
  CHECK(again.exit_code == 1);
}

}  // namespace chibo::test
