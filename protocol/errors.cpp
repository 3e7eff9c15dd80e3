#include "protocol/errors.hpp"

#include <array>

namespace chibo::protocol {
namespace {

struct Entry {
  ErrorCode code;
  std::string_view wire, vi, en;
};

// Messages are what a member reads on a phone: short, plain, what to do next.
constexpr std::array<Entry, 21> kErrors{{
    {ErrorCode::bad_json, "bad_json", "Dữ liệu gửi lên không đọc được.", "The message could not be read."},
    {ErrorCode::bad_request, "bad_request", "Yêu cầu không đúng định dạng.", "The request is malformed."},
    {ErrorCode::unknown_op, "unknown_op", "Thao tác không được hỗ trợ.", "Unknown operation."},
    {ErrorCode::invalid_args, "invalid_args", "Thông tin nhập chưa hợp lệ.", "An argument is missing or invalid."},
    {ErrorCode::hello_required, "hello_required", "Cần đăng nhập trước.", "Say hello (log in) first."},
    {ErrorCode::already_authenticated, "already_authenticated", "Kết nối này đã đăng nhập.", "This connection is already authenticated."},
    {ErrorCode::unsupported_version, "unsupported_version", "Phiên bản ứng dụng không còn được hỗ trợ, hãy tải lại trang.", "Protocol version not supported; reload the page."},
    {ErrorCode::auth_failed, "auth_failed", "Tên đăng nhập, mật khẩu hoặc liên kết không đúng.", "Wrong user name, password or link."},
    {ErrorCode::token_expired, "token_expired", "Phiên đăng nhập đã hết hạn, hãy đăng nhập lại.", "Your session has expired; log in again."},
    {ErrorCode::throttled, "throttled", "Đăng nhập sai quá nhiều lần, hãy thử lại sau.", "Too many failed logins; try again later."},
    {ErrorCode::forbidden, "forbidden", "Bạn không có quyền thực hiện thao tác này.", "You may not do this."},
    {ErrorCode::not_found, "not_found", "Không tìm thấy.", "Not found."},
    {ErrorCode::conflict, "conflict", "Thao tác không phù hợp với trạng thái hiện tại.", "This conflicts with the current state."},
    {ErrorCode::invalid_csv, "invalid_csv", "Tệp danh sách có dòng sai; chưa nhập dòng nào.", "The roster file has bad rows; nothing was imported."},
    {ErrorCode::meeting_not_open, "meeting_not_open", "Cuộc họp chưa bắt đầu.", "The meeting is not open."},
    {ErrorCode::meeting_closed, "meeting_closed", "Cuộc họp đã kết thúc.", "The meeting is closed."},
    {ErrorCode::not_eligible, "not_eligible", "Bạn không thuộc diện được biểu quyết hoặc điểm danh ở đây.", "You are not eligible to do this here."},
    {ErrorCode::vote_closed, "vote_closed", "Cuộc biểu quyết đã kết thúc.", "The vote is closed."},
    {ErrorCode::minutes_locked, "minutes_locked", "Biên bản đã được thông qua và khóa; chỉ có thể thêm phụ lục.",
     "The minutes are approved and locked; only addenda can be added."},
    {ErrorCode::storage_unavailable, "storage_unavailable", "Máy chủ tạm thời không lưu được dữ liệu; chưa có gì thay đổi, hãy thử lại sau.", "The server cannot store data right now; nothing changed, retry later."},
    {ErrorCode::internal, "internal", "Lỗi máy chủ; chưa có gì thay đổi.", "Server error; nothing changed."},
}};

const Entry& entry(ErrorCode c) {
  for (const auto& e : kErrors)
    if (e.code == c) return e;
  return kErrors.back();
}

}  // namespace

std::string_view to_string(ErrorCode c) { return entry(c).wire; }
std::string_view message_vi(ErrorCode c) { return entry(c).vi; }
std::string_view message_en(ErrorCode c) { return entry(c).en; }

std::optional<ErrorCode> error_code_from(std::string_view s) {
  for (const auto& e : kErrors)
    if (e.wire == s) return e.code;
  return std::nullopt;
}

}  // namespace chibo::protocol
