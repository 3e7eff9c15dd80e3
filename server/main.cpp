// chibo: the command line. `chibo serve` runs the server; the other commands
// work on the database file directly (stop the server first, or use them on a
// copy: they go through the same store, so they are safe beside it too).
#include <charconv>
#include <cstring>
#include <filesystem>
#include <ctime>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "auth/signing_key.hpp"
#include "domain/roster_csv.hpp"
#include "meeting/meeting_actor.hpp"
#include "net/server.hpp"
#include "service/minutes_files.hpp"
#include "service/sync_store.hpp"
#include "service/verify.hpp"
#include "store/backup.hpp"
#include "store/hash_chain.hpp"
#include "store/store.hpp"

#ifndef CHIBO_DEFAULT_WEB_ROOT
#define CHIBO_DEFAULT_WEB_ROOT "client-web"
#endif

namespace {
using namespace chibo;

constexpr const char* kUsage = R"(chibo 0.1.0 - online party-cell meeting companion

usage:
  chibo serve [--db PATH] [--listen HOST:PORT] [--web-root DIR] [--origin URL]...
              [--demo] [--threads N] [--meeting-threads N] [--rules NAME] [--max-upload BYTES]
              [--max-connections N] [--max-connections-per-address N]
              [--rate-limit PER_SECOND] [--rate-burst N] [--tls-cert PEM --tls-key PEM]
              [--trust-proxy] [--max-participants N] [--http-timeout S] [--ws-idle-timeout S]
              [--meeting-idle-timeout S]
      Serve the web client, /healthz and the WebSocket /ws. --listen defaults to
      127.0.0.1:8080 (port 0 picks a free port; the chosen one is printed).
      --demo seeds the demo cell into an empty database. --rules picks the
      rule set meetings open under (default vn-2023; DOMAIN.md "Votes").
      --max-upload caps a self-review file (default 5242880 bytes).
      --threads: network threads (default one per core, at least 2);
      --meeting-threads: the meetings' own threads (default half the cores,
      at least 1), so that a meeting never waits behind socket writes.
      Limits (docs/operations.md): WebSocket connections in all (100000) and
      per client address (1000); commands per connection per second (20, in
      bursts of up to 60; sustained abuse is closed with 4429); connections
      joined to one meeting (3000); an HTTP request must arrive within 30 s;
      a WebSocket silent for 60 s (pinged at 30 s) is closed. A meeting nobody
      has been connected to for 120 s (and with no secret ballot held) leaves
      memory and is read back from its log when next joined.
      --tls-cert/--tls-key serve HTTPS and WSS (TLS 1.2 and 1.3 only); SIGHUP
      reloads them. Without them: plain HTTP, for loopback or behind a proxy;
      --trust-proxy then takes the client address from X-Forwarded-For.
  chibo import-roster --db PATH --cell ID FILE.csv
      Add every row of a roster CSV to a cell; all or nothing.
  chibo export-roster --db PATH --cell ID [FILE.csv]
      Write a cell's roster as CSV (to stdout without FILE).
  chibo check --db PATH
      Verify every meeting's event-log hash chain; exit 1 if any is broken.
  chibo keys --db PATH
      Print the public half and id of the key that signs approved minutes
      (chibo-signing-key.pem beside the database; created on first start).
  chibo export --db PATH --meeting ID --format docx|pdf|html|json [FILE]
      Write a meeting's minutes (signed once approved, else a draft).
  chibo verify FILE [--db PATH] [--key PUBLIC.pem]
      Check an exported record, DOCX or PDF: the fingerprint, the signature,
      that the text is what was signed, and with --db the hash chain.
      Exit 0 only when every check passes.
  chibo backup --db PATH COPY.db
      An online, consistent copy while the server runs (a new file; then
      check it with chibo check --db COPY.db).
)";

// --name value pairs and positional arguments.
struct Cli {
  std::multimap<std::string, std::string> opts;
  std::vector<std::string> args;
  bool has(const std::string& k) const { return opts.count(k) > 0; }
  // The last value given wins (a wrapper can set defaults a caller overrides).
  std::string get(const std::string& k, const std::string& def = "") const {
    auto [first, last] = opts.equal_range(k);
    return first == last ? def : std::prev(last)->second;
  }
};

bool parse_cli(int argc, char** argv, Cli& cli) {
  static const char* kFlags[] = {"--demo", "--trust-proxy"};
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) != 0) {
      cli.args.push_back(a);
      continue;
    }
    bool flag = false;
    for (const char* f : kFlags) flag |= a == f;
    if (flag) {
      cli.opts.emplace(a, "1");
    } else if (i + 1 < argc) {
      cli.opts.emplace(a, argv[++i]);
    } else {
      std::cerr << "chibo: " << a << " needs a value\n";
      return false;
    }
  }
  return true;
}

bool to_int(const std::string& s, long long& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

std::unique_ptr<store::Store> open_db(const Cli& cli) {
  store::Status st;
  auto db = store::Store::open(cli.get("--db", "chibo.db"), st);
  if (!db) std::cerr << "chibo: cannot open database: " << st.message() << "\n";
  return db;
}

int cmd_serve(const Cli& cli) {
  net::ServeOptions o;
  o.db_path = cli.get("--db", "chibo.db");
  o.web_root = cli.get("--web-root", CHIBO_DEFAULT_WEB_ROOT);
  o.demo = cli.has("--demo");
  const std::string listen = cli.get("--listen", "127.0.0.1:8080");
  const auto colon = listen.rfind(':');
  long long port = 0, threads = 0;
  if (colon == std::string::npos || !to_int(listen.substr(colon + 1), port) || port < 0 || port > 65535) {
    std::cerr << "chibo: --listen wants HOST:PORT, got " << listen << "\n";
    return 2;
  }
  o.host = listen.substr(0, colon);
  o.port = static_cast<unsigned short>(port);
  if (cli.has("--threads") && (!to_int(cli.get("--threads"), threads) || threads < 1 || threads > 256)) {
    std::cerr << "chibo: --threads wants 1..256\n";
    return 2;
  }
  o.threads = static_cast<int>(threads);
  o.rules = cli.get("--rules", "vn-2023");
  long long max_upload = static_cast<long long>(o.max_upload_bytes);
  if (cli.has("--max-upload") &&
      (!to_int(cli.get("--max-upload"), max_upload) || max_upload < 1024 || max_upload > 64LL * 1024 * 1024)) {
    std::cerr << "chibo: --max-upload wants 1024..67108864 bytes\n";
    return 2;
  }
  o.max_upload_bytes = static_cast<std::size_t>(max_upload);
  // Positive whole-number limits: flag, field, maximum.
  struct Limit {
    const char* flag;
    long long max;
    std::function<void(long long)> set;
  };
  const Limit limits[] = {
      {"--max-connections", 10'000'000, [&](long long v) { o.max_connections = static_cast<std::size_t>(v); }},
      {"--max-connections-per-address", 10'000'000,
       [&](long long v) { o.max_connections_per_address = static_cast<std::size_t>(v); }},
      {"--rate-limit", 100'000, [&](long long v) { o.rate_per_s = static_cast<double>(v); }},
      {"--rate-burst", 100'000, [&](long long v) { o.rate_burst = static_cast<double>(v); }},
      {"--max-participants", 1'000'000, [&](long long v) { o.max_participants = static_cast<std::size_t>(v); }},
      {"--http-timeout", 3'600, [&](long long v) { o.http_timeout_s = static_cast<int>(v); }},
      {"--ws-idle-timeout", 3'600, [&](long long v) { o.ws_idle_timeout_s = static_cast<int>(v); }},
      {"--meeting-idle-timeout", 86'400, [&](long long v) { o.meeting_idle_timeout_s = static_cast<int>(v); }},
      {"--meeting-threads", 256, [&](long long v) { o.meeting_threads = static_cast<int>(v); }},
  };
  o.trust_proxy = cli.has("--trust-proxy");
  o.tls_cert = cli.get("--tls-cert");
  o.tls_key = cli.get("--tls-key");
  if (o.tls_cert.empty() != o.tls_key.empty()) {
    std::cerr << "chibo: --tls-cert and --tls-key go together\n";
    return 2;
  }
  for (const auto& l : limits) {
    if (!cli.has(l.flag)) continue;
    long long v = 0;
    if (!to_int(cli.get(l.flag), v) || v < 1 || v > l.max) {
      std::cerr << "chibo: " << l.flag << " wants 1.." << l.max << "\n";
      return 2;
    }
    l.set(v);
  }
  for (auto [it, end] = cli.opts.equal_range("--origin"); it != end; ++it) o.origins.push_back(it->second);
  return net::serve(o);
}

bool cell_arg(const Cli& cli, long long& cell) {
  if (!to_int(cli.get("--cell"), cell) || cell < 1) {
    std::cerr << "chibo: --cell ID is required\n";
    return false;
  }
  return true;
}

int cmd_import_roster(const Cli& cli) {
  long long cell;
  if (!cell_arg(cli, cell) || cli.args.size() != 1) return 2;
  std::ifstream in(cli.args[0], std::ios::binary);
  if (!in) {
    std::cerr << "chibo: cannot read " << cli.args[0] << "\n";
    return 1;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  auto db = open_db(cli);
  if (!db) return 1;
  auto unit = db->unit(cell);
  if (!unit || unit->kind != domain::UnitKind::cell) {
    std::cerr << "chibo: no cell " << cell << "\n";
    return 1;
  }
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  auto parsed = domain::parse_roster_csv(ss.str(), cell, {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday});
  for (const auto& e : parsed.errors)
    std::cerr << cli.args[0] << ":" << e.line << ": " << (e.column.empty() ? "" : e.column + ": ")
              << domain::to_string(e.problem) << (e.detail.empty() ? "" : " (" + e.detail + ")") << "\n";
  if (!parsed.errors.empty()) {
    std::cerr << "chibo: nothing imported (" << parsed.errors.size() << " problems)\n";
    return 1;
  }
  try {
    auto ids = service::wait_for<std::vector<domain::Id>>(
        [&](auto done) { db->import_members(cell, parsed.members, done); });
    std::cout << "chibo: imported " << ids.size() << " members into cell " << cell << "\n";
  } catch (const store::Error& e) {
    std::cerr << "chibo: nothing imported: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

int cmd_export_roster(const Cli& cli) {
  long long cell;
  if (!cell_arg(cli, cell)) return 2;
  auto db = open_db(cli);
  if (!db) return 1;
  const std::string csv = domain::roster_to_csv(db->members_of(cell));
  if (cli.args.empty()) {
    std::cout << csv;
  } else {
    std::ofstream out(cli.args[0], std::ios::binary);
    out << csv;
    if (!out) return 1;
  }
  return 0;
}

int cmd_check(const Cli& cli) {
  auto db = open_db(cli);
  if (!db) return 1;
  int broken = 0;
  for (auto id : db->meeting_ids()) {
    auto log = db->events(id);
    auto bad = store::first_broken_link(log);
    std::cout << "meeting " << id << ": " << log.size() << " events, "
              << (bad ? "BROKEN at seq " + std::to_string(*bad) : std::string("chain verifies")) << "\n";
    broken += bad ? 1 : 0;
  }
  return broken ? 1 : 0;
}

int cmd_keys(const Cli& cli) {
  const auto path = auth::signing_key_path(cli.get("--db", "chibo.db"));
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    std::cerr << "chibo: no signing key at " << path << " (chibo serve creates it on first start)\n";
    return 1;
  }
  const auto key = auth::SigningKey::load_or_create(path);
  std::cout << "key id: " << key.key_id() << "\npublic key (raw, base64): " << key.public_key() << "\n"
            << key.public_pem();
  return 0;
}

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

int cmd_export(const Cli& cli) {
  long long id = 0;
  const auto format = service::file_format_from(cli.get("--format", "docx"));
  if (!to_int(cli.get("--meeting"), id) || id < 1 || !format || cli.args.size() > 1) {
    std::cerr << "chibo: export wants --meeting ID --format docx|pdf|html|json [FILE]\n";
    return 2;
  }
  auto db = open_db(cli);
  if (!db) return 1;
  const auto log = db->events(id);
  if (log.empty()) {
    std::cerr << "chibo: no meeting " << id << "\n";
    return 1;
  }
  meeting::MeetingState s = meeting::empty_state();
  for (const auto& e : log) meeting::apply(s, e);
  std::string bytes, name;
  if (s.minutes.lock) {
    const auto record = service::minutes_record(s);
    const auto doc = service::document_of_record(record);
    bytes = service::render(doc, *format, &record);
    name = doc.file_stem;
  } else {
    if (*format == service::FileFormat::json) {
      std::cerr << "chibo: meeting " << id << ": the minutes are not approved yet (no signed record)\n";
      return 1;
    }
    auto doc = meeting::minutes_document(s, meeting::document_context(*db, s.meeting.cell_id));
    doc.footer = service::footer_of(nullptr);
    bytes = service::render(doc, *format, nullptr);
    name = doc.file_stem;
  }
  const std::string out = cli.args.empty() ? name + "." + std::string(service::extension(*format)) : cli.args[0];
  std::ofstream f(out, std::ios::binary);
  f << bytes;
  if (!f) return 1;
  std::cout << "chibo: wrote " << out << (s.minutes.lock ? " (signed)" : " (draft, unsigned)") << "\n";
  return 0;
}

int cmd_verify(const Cli& cli) {
  if (cli.args.size() != 1) {
    std::cerr << "chibo: verify wants one FILE\n";
    return 2;
  }
  std::string bytes;
  if (!read_file(cli.args[0], bytes)) {
    std::cerr << "chibo: cannot read " << cli.args[0] << "\n";
    return 2;
  }
  std::optional<std::string> key;
  if (cli.has("--key")) {
    std::string pem;
    if (!read_file(cli.get("--key"), pem) || !(key = auth::public_key_from_pem(pem))) {
      std::cerr << "chibo: " << cli.get("--key") << " is not an Ed25519 key (PEM)\n";
      return 2;
    }
  }
  std::unique_ptr<store::Store> db;
  if (cli.has("--db") && !(db = open_db(cli))) return 2;
  const auto report = service::verify_file(bytes, key, db.get());
  for (const auto& l : report.lines) std::cout << l << "\n";
  std::cout << (report.ok ? "VERIFIED: " : "NOT VERIFIED: ") << cli.args[0] << "\n";
  return report.ok ? 0 : 1;
}

int cmd_backup(const Cli& cli) {
  if (cli.args.size() != 1) {
    std::cerr << "chibo: backup --db PATH COPY.db\n";
    return 2;
  }
  const std::string from = cli.get("--db", "chibo.db");
  if (auto st = store::backup_database(from, cli.args[0]); !st) {
    std::cerr << "chibo: backup failed: " << st.message() << "\n";
    return 1;
  }
  std::cout << "chibo: " << from << " copied to " << cli.args[0] << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    std::cout << kUsage;
    return argc < 2 ? 2 : 0;
  }
  if (!std::strcmp(argv[1], "--version")) {
    std::cout << "chibo 0.1.0\n";
    return 0;
  }
  Cli cli;
  if (!parse_cli(argc, argv, cli)) return 2;
  const std::string cmd = argv[1];
  try {
    if (cmd == "serve") return cmd_serve(cli);
    if (cmd == "import-roster") return cmd_import_roster(cli);
    if (cmd == "export-roster") return cmd_export_roster(cli);
    if (cmd == "check") return cmd_check(cli);
    if (cmd == "keys") return cmd_keys(cli);
    if (cmd == "export") return cmd_export(cli);
    if (cmd == "verify") return cmd_verify(cli);
    if (cmd == "backup") return cmd_backup(cli);
  } catch (const std::exception& e) {
    std::cerr << "chibo: " << e.what() << "\n";
    return 1;
  }
  std::cerr << "chibo: unknown command " << cmd << "\n" << kUsage;
  return 2;
}
