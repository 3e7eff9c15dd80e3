// Protocol v1 limits (PROTOCOL.md "Limits"). One place, so the server, the
// tests and the load generator agree.
#pragma once

#include <cstddef>
#include <cstdint>

namespace chibo::protocol {

inline constexpr int kVersion = 1;
inline constexpr std::size_t kMaxFrameBytes = 64 * 1024;
inline constexpr int kMaxJsonDepth = 32;
inline constexpr std::size_t kMaxStringChars = 8 * 1024;  // unless an op says otherwise
inline constexpr std::size_t kMaxNameChars = 200;
inline constexpr std::size_t kMaxPlaceChars = 500;
inline constexpr std::size_t kMaxNoticeChars = 2000;
inline constexpr std::size_t kMaxCsvBytes = 60 * 1024;
// Running a meeting (PROTOCOL.md "Running a meeting").
inline constexpr std::size_t kMaxAgendaItems = 40;
inline constexpr std::size_t kMaxAgendaTitleChars = 300;
inline constexpr std::size_t kMaxAgendaKeyChars = 40;
inline constexpr std::size_t kMaxSubjectChars = 500;
inline constexpr std::size_t kMaxVoteTextChars = 8000;
inline constexpr std::size_t kMaxGistChars = 4000;
inline constexpr std::size_t kMaxAbsenceNoteChars = 500;
inline constexpr std::size_t kMaxIdempotencyKeyChars = 64;
inline constexpr std::size_t kMaxCountingCommittee = 7;
inline constexpr std::size_t kMaxParticipantIdChars = 64;
inline constexpr std::size_t kMaxCandidates = 30;
inline constexpr std::size_t kMaxReviewTextChars = 16000;
inline constexpr std::size_t kMaxMinutesSectionChars = 16000;  // a 64 KiB frame holds it even at 3 bytes a character
inline constexpr std::size_t kMaxAddendumChars = 5000;
inline constexpr std::size_t kMaxReportFieldChars = 5000;
inline constexpr std::size_t kMaxUploadChunkChars = 48 * 1024;  // base64: 36 KiB of bytes, inside a 64 KiB frame
inline constexpr std::int64_t kMaxRequestId = (std::int64_t{1} << 53) - 1;
inline constexpr int kHelloTimeoutSeconds = 10;
inline constexpr int kMaxFailedHellos = 3;
// Live frames queued to one connection before it is closed with 4503. Above
// the largest meeting (3,000 connections, --max-participants): a check-in or
// vote storm in a congress queues one frame per member to every phone, and a
// phone a moment behind must not be cut off for it. Memory is bounded by the
// bytes limit (the frames are shared by every connection of the meeting).
inline constexpr std::size_t kMaxQueuedFrames = 8192;
inline constexpr std::size_t kMaxQueuedBytes = 4 * 1024 * 1024;
// A batched message (hello {batch: true}) holds frames up to this many bytes;
// a single larger frame is sent alone.
inline constexpr std::size_t kMaxBatchBytes = 64 * 1024;

// WebSocket close codes (PROTOCOL.md "Close codes").
enum class CloseCode : std::uint16_t {
  normal = 1000,
  going_away = 1001,
  bad_frame = 4400,
  unauthenticated = 4401,
  hello_timeout = 4408,
  rate_limited = 4429,
  overloaded = 4503,
};

}  // namespace chibo::protocol
