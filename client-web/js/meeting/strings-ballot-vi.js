// Vietnamese strings of secret ballots and self-reviews (ballot-member.js,
// ballot.js, review.js), added when one of them loads; English is in en.js.
import { DECISION_VI } from '../i18n.js';

export const RATING_VI = {
  excellent: 'Hoàn thành xuất sắc nhiệm vụ',
  good: 'Hoàn thành tốt nhiệm vụ',
  completed: 'Hoàn thành nhiệm vụ',
  not_completed: 'Không hoàn thành nhiệm vụ',
};
export const PENALTY_VI = { expulsion: 'Khai trừ', removal: 'Cách chức', warning: 'Cảnh cáo', reprimand: 'Khiển trách' };

const labelOf = (p, id) => (p.options || []).find((o) => o.id === id)?.label || id;

// One line for a closed ballot's result, by kind (PROTOCOL.md ballot.closed).
function resultVi(p) {
  const r = p.r || {};
  const back = p.returned != null ? ` · thu về ${p.returned}/${p.issued} phiếu` : '';
  switch (p.kind) {
    case 'yes_no':
      return `${r.passed ? 'Đạt' : 'Không đạt'}: ${p.counts?.for ?? 0}/${p.den} đồng ý, cần ${r.required}${back}`;
    case 'discipline':
      return (r.penalty ? `Kỷ luật: ${PENALTY_VI[r.penalty]} (${r.cumulative} phiếu cộng dồn, cần ${r.required})`
        : 'Không hình thức kỷ luật nào đủ số phiếu') + back;
    case 'election': {
      const el = (r.elected || []).map((c) => labelOf(p, c)).join(', ');
      const tied = (r.tied || []).map((c) => labelOf(p, c)).join(', ');
      return `Trúng cử: ${el || 'không ai'}${tied ? ` · bằng phiếu, cần bầu lại: ${tied}` : ''} (cần quá ${r.required - 1} phiếu)${back}`;
    }
    case 'rating':
      return `Đề xuất xếp loại: ${RATING_VI[r.level] || r.level}${r.required ? ` (${r.cumulative} phiếu cộng dồn, cần ${r.required})` : ''}${back}`;
    default:
      return back;
  }
}

function kindVi(p) {
  switch (p.kind) {
    case 'yes_no': return `Phiếu kín · ${DECISION_VI[p.decision] || ''}`;
    case 'discipline': return 'Phiếu kín · kỷ luật đảng viên';
    case 'election': return `Phiếu kín · bầu cử, chọn tối đa ${p.seats} người`;
    case 'rating': return `Phiếu kín · xếp loại đồng chí ${p.name}`;
    default: return 'Phiếu kín';
  }
}

export default {
  'ballot.cast': 'Bỏ phiếu',
  'ballot.openTitle': 'Đang bỏ phiếu kín',
  'ballot.closedTitle': 'Kết quả bỏ phiếu kín',
  'ballot.kindLine': kindVi,
  'ballot.blank': 'Phiếu trắng (không chọn ai, không chọn phương án nào)',
  'ballot.upTo': 'Chọn tối đa {n} người.',
  'ballot.pick': 'Vui lòng chọn một phương án, hoặc phiếu trắng.',
  'ballot.tooMany': 'Bạn đã chọn nhiều hơn số người được bầu.',
  'ballot.held': 'Bạn đã bỏ phiếu. Phiếu nằm trong hòm phiếu, chờ kiểm.',
  'ballot.trackerIs': 'Mã phiếu của bạn (chỉ máy này biết). Sau khi kiểm phiếu, máy sẽ tự đối chiếu:',
  'ballot.heldElsewhere': 'Bạn đã bỏ phiếu (từ một thiết bị khác).',
  'ballot.sending': 'Đang gửi phiếu…',
  'ballot.notEligible': 'Bạn không thuộc diện bỏ phiếu lần này.',
  'ballot.turnout': 'Đã bỏ phiếu: {n}/{of}',
  'ballot.counted': 'Phiếu của bạn đã được kiểm: {choice}.',
  'ballot.countedBlank': 'Phiếu của bạn (phiếu trắng) đã được kiểm.',
  'ballot.missing': 'KHÔNG tìm thấy phiếu của bạn trong hòm phiếu đã công bố. Hãy báo ngay cho ban kiểm phiếu.',
  'ballot.changed': 'Phiếu mang mã của bạn có nội dung KHÁC với lựa chọn của bạn. Hãy báo ngay cho ban kiểm phiếu.',
  'ballot.resultLine': resultVi,
  'secrecy.few_ballots': 'Lưu ý: dưới 3 phiếu nên kết quả có thể cho biết mỗi người đã bầu thế nào.',
  'secrecy.unanimous': 'Lưu ý: mọi phiếu hợp lệ đều giống nhau nên kết quả cho biết mỗi người đã bầu thế nào.',
  'rating.excellent': RATING_VI.excellent,
  'rating.good': RATING_VI.good,
  'rating.completed': RATING_VI.completed,
  'rating.not_completed': RATING_VI.not_completed,
  // Self-review (review.js).
  'review.title': 'Bản tự kiểm điểm của tôi',
  'review.selfRating': 'Tự nhận mức xếp loại',
  'review.text': 'Nội dung tự kiểm điểm',
  'review.textPh': 'Ưu điểm, khuyết điểm, nguyên nhân, hướng khắc phục…',
  'review.save': 'Lưu bản tự kiểm điểm',
  'review.file': 'Hoặc đính kèm tệp PDF, DOCX (mẫu 2A/2B)',
  'review.saved': 'Đã lưu bản tự kiểm điểm.',
  'review.uploaded': 'Đã tải tệp lên.',
  'review.submittedAt': (p) => `Đã nộp: tự nhận ${RATING_VI[p.rating] ? RATING_VI[p.rating].toLowerCase() : '—'}, ${p.chars ?? 0} ký tự.`,
  'review.fileIs': 'Tệp đính kèm: {name} ({kb} KB)',
  'review.others': 'Bản tự kiểm điểm của các đồng chí',
  // The board (ballot.js).
  'board.ballot': 'Phiếu kín',
  'ballot.title': 'Bỏ phiếu kín',
  'ballot.new': 'Mở cuộc bỏ phiếu kín',
  'ballot.kind': 'Loại phiếu',
  'bkind.yes_no': 'Đồng ý / không đồng ý (kết nạp, công nhận chính thức, nghị quyết)',
  'bkind.discipline': 'Kỷ luật',
  'bkind.election': 'Bầu cử',
  'bkind.rating': 'Xếp loại đảng viên',
  'ballot.subject': 'Nội dung',
  'ballot.decision': 'Loại quyết định',
  'ballot.penalties': 'Các hình thức kỷ luật đưa ra bỏ phiếu',
  'penalty.expulsion': PENALTY_VI.expulsion,
  'penalty.removal': PENALTY_VI.removal,
  'penalty.warning': PENALTY_VI.warning,
  'penalty.reprimand': PENALTY_VI.reprimand,
  'ballot.candidates': 'Danh sách ứng cử (mỗi dòng một người)',
  'ballot.candidatesPh': 'Nguyễn Văn A\nTrần Thị B',
  'ballot.seats': 'Số người được bầu',
  'ballot.rated': 'Đảng viên được xếp loại',
  'ballot.open': 'Phát phiếu',
  'ballot.now': 'Đang bỏ phiếu',
  'ballot.onlyTurnout': 'Trong khi bỏ phiếu chỉ biết ai đã bỏ phiếu; không ai xem được kết quả trước khi kết thúc.',
  'ballot.voidedBefore': 'Đã bỏ phiếu lại: {n} phiếu trước đó bị hủy.',
  'ballot.close': 'Kết thúc và kiểm phiếu',
  'ballot.reopen': 'Hủy và bỏ phiếu lại',
  'ballot.confirmClose': 'Kết thúc bỏ phiếu «{subject}» ({n} người đã bỏ phiếu) và kiểm phiếu?',
  'ballot.confirmReopen': 'Hủy {n} phiếu đã bỏ và cho bỏ phiếu lại «{subject}»? Việc này được ghi vào biên bản.',
  'ballot.reports': 'Biên bản kiểm phiếu',
  'ballot.issued': 'Số phiếu phát ra',
  'ballot.returned': 'Số phiếu thu về',
  'ballot.valid': 'Phiếu hợp lệ',
  'ballot.invalid': 'Phiếu không hợp lệ (phiếu trắng)',
  'ballot.quota': 'Cảnh báo: {excellent} đề xuất «hoàn thành xuất sắc» vượt quá 20% số «hoàn thành tốt» ({good}; tối đa {allowed}).',
  'ballot.fingerprint': 'Dấu vân tay hòm phiếu (SHA-256):',
  'ballot.confirmedBy': 'Trưởng ban kiểm phiếu {by} đã xác nhận biên bản kiểm phiếu.',
  'ballot.notConfirmed': 'Ban kiểm phiếu chưa xác nhận biên bản.',
  'ballot.confirm': 'Xác nhận biên bản kiểm phiếu',
  'ballot.boxList': 'Các phiếu đã kiểm ({n}), xếp theo mã phiếu',
  'ballot.ratingTitle': 'Đề xuất xếp loại đảng viên',
  'ballot.proposedOnly': 'Chi bộ chỉ đề xuất; cấp ủy cấp trên quyết định xếp loại.',
  'notRated.exempt': 'Không xếp loại: miễn công tác và sinh hoạt đảng',
  'notRated.suspended': 'Không xếp loại: đang bị đình chỉ sinh hoạt',
  'notRated.recently_admitted': 'Không xếp loại: vào Đảng chưa đủ 6 tháng',
  'review.listTitle': 'Bản tự kiểm điểm đã nộp ({n})',
  'review.none': 'Chưa có đồng chí nào nộp.',
  'review.read': 'Đọc',
  'review.download': 'Tải {name}',
  'review.self': (p) => `tự nhận: ${RATING_VI[p.level] || p.level}`,
};
