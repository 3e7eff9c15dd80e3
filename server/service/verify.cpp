#include "service/verify.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "auth/signing_key.hpp"
#include "meeting/meeting_json.hpp"
#include "meeting/minutes.hpp"
#include "minutes/render.hpp"
#include "service/minutes_files.hpp"
#include "store/hash_chain.hpp"

namespace chibo::service {
namespace json = boost::json;
using meeting::int_of;
using meeting::str_of;

namespace {

struct Checker {
  VerifyReport r;
  void ok(const std::string& s) { r.lines.push_back("ok   " + s); }
  void fail(const std::string& s) {
    r.ok = false;
    r.lines.push_back("FAIL " + s);
  }
  void note(const std::string& s) { r.lines.push_back("note " + s); }
};

void check_db(Checker& c, const json::object& rec, store::Store& db) {
  const domain::Id meeting = int_of(rec, "meeting");
  const json::object& chain = rec.at("chain").as_object();
  const std::int64_t seq = int_of(chain, "seq");
  const auto log = db.events(meeting);
  if (log.empty()) return c.fail("the database has no meeting " + std::to_string(meeting));
  if (auto bad = store::first_broken_link(log))
    return c.fail("meeting " + std::to_string(meeting) + ": the hash chain is broken at seq " + std::to_string(*bad));
  c.ok("meeting " + std::to_string(meeting) + ": the hash chain of " + std::to_string(log.size()) +
       " events verifies");
  if (seq < 1 || seq > static_cast<std::int64_t>(log.size()) || log[seq - 1].hash != str_of(chain, "hash"))
    return c.fail("the record is bound to event " + std::to_string(seq) + ", whose hash in the database differs");
  c.ok("event " + std::to_string(seq) + " in the database has the hash the record is bound to");
  bool found = false;
  for (const auto& e : log) {
    if (e.type != "minutes.locked") continue;
    const json::value v = json::parse(e.data);
    if (v.is_object() && str_of(v.as_object(), "content_sha256") == str_of(rec, "content_sha256") &&
        str_of(v.as_object(), "signature") == str_of(rec, "signature"))
      found = true;
  }
  if (found) c.ok("the database holds this lock (minutes.locked) with the same fingerprint and signature");
  else c.fail("the database holds no lock with this fingerprint and signature");
}

}  // namespace

VerifyReport verify_file(std::string_view bytes, const std::optional<std::string>& trusted_key, store::Store* db) {
  Checker c;
  const auto text = minutes::extract_record(bytes);
  if (!text) {
    c.fail("no chibo record in this file (not a locked chibo minutes export, or the record was removed)");
    return c.r;
  }
  json::object rec;
  try {
    json::value v = json::parse(*text);
    if (!v.is_object() || !v.as_object().contains("content") || !v.as_object().at("content").is_object() ||
        !v.as_object().contains("chain") || !v.as_object().at("chain").is_object())
      throw std::invalid_argument("shape");
    rec = std::move(v.as_object());
  } catch (const std::exception&) {
    c.fail("the embedded record is not valid JSON of the expected shape");
    return c.r;
  }
  const domain::Id meeting = int_of(rec, "meeting");
  c.ok("record of meeting " + std::to_string(meeting) + ", locked at " + std::to_string(int_of(rec, "locked_ms")) +
       " ms, key " + str_of(rec, "key_id"));

  const std::string sha = store::sha256_hex(json::serialize(rec.at("content").as_object()));
  if (sha == str_of(rec, "content_sha256")) c.ok("the content's SHA-256 is the fingerprint the record states: " + sha);
  else c.fail("the content was changed: its SHA-256 is " + sha + ", the record states " + str_of(rec, "content_sha256"));

  std::string key = str_of(rec, "public_key");
  if (trusted_key) {
    if (*trusted_key != key) c.fail("the record names a different public key than the one given (--key)");
    else c.ok("signed by the given key (--key)");
    key = *trusted_key;
  } else {
    c.note("public key taken from the record itself: give --key (chibo keys prints it) to check who signed");
  }
  const json::object& chain = rec.at("chain").as_object();
  const std::string msg = meeting::lock_message(meeting, int_of(chain, "seq"), str_of(chain, "hash"),
                                                str_of(rec, "content_sha256"), int_of(rec, "locked_ms"));
  if (auth::verify_signature(key, msg, str_of(rec, "signature"))) c.ok("the Ed25519 signature verifies");
  else c.fail("the Ed25519 signature does not verify: the record was altered or signed by another key");

  if (const json::value* a = rec.if_contains("addenda"); a && a->is_array()) {
    int n = 0;
    for (const auto& v : a->as_array()) {
      ++n;
      if (!v.is_object()) {
        c.fail("addendum " + std::to_string(n) + " is malformed");
        continue;
      }
      const json::object& o = v.as_object();
      const json::value* ch = o.if_contains("chain");
      const json::object empty;
      const json::object& aco = ch && ch->is_object() ? ch->as_object() : empty;
      const std::string am = meeting::addendum_message(meeting, int_of(aco, "seq"), str_of(aco, "hash"),
                                                       store::sha256_hex(str_of(o, "text")), int_of(o, "date_ms"));
      if (auth::verify_signature(key, am, str_of(o, "signature")))
        c.ok("addendum " + std::to_string(n) + ": the signature verifies");
      else
        c.fail("addendum " + std::to_string(n) + ": the signature does not verify");
    }
  }

  // What a person reads must be what was signed: the file is re-made from
  // the record (rendering is deterministic) and compared.
  const bool is_docx = bytes.substr(0, 2) == "PK";
  const bool is_pdf = bytes.substr(0, 5) == "%PDF-";
  try {
    const minutes::Document doc = document_of_record(rec);
    if (is_docx) {
      const auto shown = minutes::docx_part(bytes, "word/document.xml");
      const auto expect = minutes::docx_part(minutes::render_docx(doc, *text), "word/document.xml");
      if (shown && expect && *shown == *expect) c.ok("the document's text (word/document.xml) is exactly the record's");
      else c.fail("the document's text (word/document.xml) differs from the signed record: it was edited");
    } else if (is_pdf) {
      if (minutes::render_pdf(doc, *text) == bytes) c.ok("the PDF is byte for byte the one made from the record");
      else c.note("the PDF could not be re-made byte for byte (another chibo version or fonts); its pages were not compared");
    }
  } catch (const std::exception& e) {
    c.fail(std::string("the record's content cannot be laid out: ") + e.what());
  }

  if (db) check_db(c, rec, *db);
  else c.note("no --db: the hash chain was not checked against a database");
  return c.r;
}

}  // namespace chibo::service
