// Store's life cycle: open (pragmas, migrations), the writer, shutdown.
#include <chrono>

#include "store/schema.hpp"
#include "store/store_impl.hpp"

namespace chibo::store {
namespace {

constexpr int kBusyTimeoutMs = 5000;
constexpr std::size_t kReadConnections = 4;
// Bounds one transaction, so one batch's fsync does not wait behind an
// unbounded amount of work while the queue keeps refilling.
constexpr std::size_t kMaxBatch = 1024;

// Sets the pragmas every write connection needs. Principle 3: synchronous=FULL
// in WAL mode fsyncs the WAL on every COMMIT, so a committed batch survives a
// power cut; foreign_keys is per connection and off by default in SQLite.
Status configure(Db& db) {
  {
    Stmt wal(db, "PRAGMA journal_mode = WAL");
    if (!wal.step() || wal.text(0) != "wal")
      return Status::storage_unavailable("store: the database cannot use WAL mode");
  }
  db.exec("PRAGMA synchronous = FULL");
  db.exec("PRAGMA foreign_keys = ON");
  return Status::ok();
}

}  // namespace

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::unique_ptr<Store> Store::open(const std::string& path, Status& st) {
  // Readers open the same file by name, so an in-memory database cannot work.
  if (path.empty() || path == ":memory:") {
    st = Status::invalid("store: a file path is required");
    return nullptr;
  }
  try {
    auto impl = std::make_unique<Impl>();
    impl->write_db = Db::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, kBusyTimeoutMs);
    if (st = refuse_newer(*impl->write_db); !st) return nullptr;
    if (st = configure(*impl->write_db); !st) return nullptr;
    if (st = migrate(*impl->write_db); !st) return nullptr;
    impl->readers = std::make_unique<ReadPool>(path, kReadConnections);
    impl->writer = std::make_unique<Writer>(*impl->write_db, kMaxBatch);
    st = Status::ok();
    return std::unique_ptr<Store>(new Store(std::move(impl)));
  } catch (const SqliteError& e) {
    st = status_of(e.code, e.what());
    return nullptr;
  }
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Store::~Store() = default;  // Impl's member order does the orderly shutdown

void Store::sync(DoneVoid done) {
  // An empty job: it commits with (or after) everything queued before it.
  impl_->writer->submit([](Db&) { return Status::ok(); }, std::move(done));
}

WriterStats Store::writer_stats() const { return impl_->writer->stats(); }

}  // namespace chibo::store
