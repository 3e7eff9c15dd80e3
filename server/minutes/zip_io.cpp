#include "minutes/zip_io.hpp"

#include <zip.h>

#include <cstdio>
#include <memory>

namespace chibo::minutes::zip {

namespace {

struct SourceFree {
  void operator()(zip_source_t* s) const { zip_source_free(s); }
};
using SourcePtr = std::unique_ptr<zip_source_t, SourceFree>;

struct ArchiveDiscard {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using ArchivePtr = std::unique_ptr<zip_t, ArchiveDiscard>;

struct FileClose {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};
using FilePtr = std::unique_ptr<zip_file_t, FileClose>;

// DOS date 1980-01-01: year 0 (since 1980) << 9 | month 1 << 5 | day 1.
constexpr zip_uint16_t kDosDate = (0 << 9) | (1 << 5) | 1;
constexpr zip_uint16_t kDosTime = 0;

[[noreturn]] void fail(const std::string& what, zip_t* z) {
  throw std::runtime_error("zip: " + what + ": " + (z ? zip_strerror(z) : "error"));
}

// Reads everything a (closed, kept) buffer source holds.
std::string drain(zip_source_t* src) {
  if (zip_source_open(src) < 0) throw std::runtime_error("zip: cannot reopen buffer");
  std::string out;
  if (zip_source_seek(src, 0, SEEK_END) == 0) {
    const zip_int64_t size = zip_source_tell(src);
    if (size > 0 && zip_source_seek(src, 0, SEEK_SET) == 0) {
      out.resize(static_cast<std::size_t>(size));
      const zip_int64_t got = zip_source_read(src, out.data(), out.size());
      out.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
    }
  }
  zip_source_close(src);
  return out;
}

}  // namespace

std::string write(const std::vector<Entry>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  SourcePtr buffer(zip_source_buffer_create(nullptr, 0, 0, &error));
  if (!buffer) {
    zip_error_fini(&error);
    throw std::runtime_error("zip: cannot create buffer");
  }
  ArchivePtr archive(zip_open_from_source(buffer.get(), ZIP_CREATE | ZIP_TRUNCATE, &error));
  zip_error_fini(&error);
  if (!archive) throw std::runtime_error("zip: cannot open buffer");
  // The archive owns the buffer source from here; keep our reference alive
  // past zip_close so we can read the result.
  zip_source_keep(buffer.get());

  for (const Entry& e : entries) {
    // The entry data stays alive in `entries` until zip_close copies it.
    zip_source_t* data = zip_source_buffer(archive.get(), e.data.data(), e.data.size(), 0);
    if (!data) fail("source for " + e.name, archive.get());
    const zip_int64_t index =
        zip_file_add(archive.get(), e.name.c_str(), data, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (index < 0) {
      zip_source_free(data);
      fail("add " + e.name, archive.get());
    }
    const auto i = static_cast<zip_uint64_t>(index);
    if (zip_set_file_compression(archive.get(), i, ZIP_CM_DEFLATE, 0) < 0 ||
        zip_file_set_dostime(archive.get(), i, kDosTime, kDosDate, 0) < 0)
      fail("set attributes of " + e.name, archive.get());
  }
  if (zip_close(archive.get()) < 0) fail("close", archive.get());
  (void)archive.release();  // zip_close freed it
  return drain(buffer.get());
}

std::optional<std::string> read(std::string_view bytes, const std::string& name,
                                std::size_t max_size) {
  zip_error_t error;
  zip_error_init(&error);
  SourcePtr source(zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error));
  if (!source) {
    zip_error_fini(&error);
    return std::nullopt;
  }
  ArchivePtr archive(zip_open_from_source(source.get(), ZIP_RDONLY, &error));
  zip_error_fini(&error);
  if (!archive) return std::nullopt;  // the source is still ours: SourcePtr frees it
  (void)source.release();             // now the archive owns it

  const zip_int64_t index = zip_name_locate(archive.get(), name.c_str(), ZIP_FL_ENC_GUESS);
  if (index < 0) return std::nullopt;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(archive.get(), static_cast<zip_uint64_t>(index), 0, &st) < 0 ||
      !(st.valid & ZIP_STAT_SIZE) || st.size > max_size)
    return std::nullopt;
  FilePtr file(zip_fopen_index(archive.get(), static_cast<zip_uint64_t>(index), 0));
  if (!file) return std::nullopt;
  std::string out(static_cast<std::size_t>(st.size), '\0');
  std::size_t done = 0;
  while (done < out.size()) {
    const zip_int64_t got = zip_fread(file.get(), out.data() + done, out.size() - done);
    if (got <= 0) return std::nullopt;  // truncated or corrupt (CRC checked at the end)
    done += static_cast<std::size_t>(got);
  }
  return out;
}

}  // namespace chibo::minutes::zip
