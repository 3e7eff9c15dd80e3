// Vietnamese strings of a member's secret ballot and self-review
// (ballot-member.js, review.js; added by ballot-base.js when one of them
// loads). The ballot board's are in strings-ballot-board-vi.js; English is
// in en.js.
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
      return `${r.passed ? 'Đạt' : 'Không đạt'}: ${p.counts?.for ?? 0}/${p.den} đồng ý, cần ít nhất ${r.required}${back}`;
    case 'discipline':
      return (r.penalty ? `Kỷ luật: ${PENALTY_VI[r.penalty] || r.penalty} (${r.cumulative} phiếu cộng dồn, cần ít nhất ${r.required})`
        : 'Không hình thức kỷ luật nào đủ số phiếu') + back;
    case 'election': {
      const el = (r.elected || []).map((c) => labelOf(p, c)).join(', ');
      const tied = (r.tied || []).map((c) => labelOf(p, c)).join(', ');
      const open = (p.seats || 0) - (r.elected || []).length;
      return `Trúng cử: ${el || 'không ai'}${open > 0 ? ` · còn ${open}/${p.seats} suất chưa có người trúng cử` : ''}${tied ? ` · bằng phiếu ở suất cuối, cần bầu lại: ${tied}` : ''} (cần ít nhất ${r.required} phiếu)${back}`;
    }
    case 'rating':
      return `Đề xuất xếp loại: ${RATING_VI[r.level] || r.level}${r.required ? ` (${r.cumulative} phiếu cộng dồn, cần ít nhất ${r.required})` : ''}${back}`;
    default:
      return back;
  }
}

function kindVi(p) {
  switch (p.kind) {
    case 'yes_no': return `Phiếu kín · ${DECISION_VI[p.decision] || ''}`;
    case 'discipline': return 'Phiếu kín · kỷ luật đảng viên';
    case 'election': return `Phiếu kín · bầu cử, chọn tối đa ${p.seats} người`;
    case 'rating': return `Phiếu kín · đề xuất xếp loại đồng chí ${p.name}`;
    default: return 'Phiếu kín';
  }
}

export default {
  // A member's ballot (ballot-member.js).
  'ballot.cast': 'Bỏ phiếu',
  'ballot.openTitle': 'Đang bỏ phiếu kín',
  'ballot.closedTitle': 'Kết quả bỏ phiếu kín',
  'ballot.kindLine': kindVi,
  'ballot.blank': 'Phiếu trắng (không chọn phương án nào)',
  'ballot.blankElection': 'Phiếu trắng (không bầu ai)',
  'ballot.upTo': 'Chọn tối đa {n} người.',
  'ballot.pick': 'Hãy chọn một phương án, hoặc phiếu trắng.',
  'ballot.pickElection': 'Hãy chọn người bạn bầu, hoặc phiếu trắng.',
  'ballot.tooMany': 'Bạn chọn nhiều hơn số người được bầu.',
  'ballot.confirmCast': 'Bỏ phiếu «{choice}»? Phiếu kín đã bỏ thì không sửa được.',
  'ballot.confirmBlank': 'Bỏ phiếu trắng? Phiếu kín đã bỏ thì không sửa được.',
  'ballot.held': 'Bạn đã bỏ phiếu. Phiếu nằm trong hòm phiếu, chờ kiểm.',
  'ballot.sending': 'Đang gửi phiếu…',
  'ballot.trackerIs': 'Mã phiếu của bạn — chỉ máy này biết, không gắn với tên bạn. Sau khi kiểm phiếu, máy tự đối chiếu:',
  'ballot.trackerFull': 'Mã đầy đủ:',
  'ballot.heldElsewhere': 'Bạn đã bỏ phiếu (từ thiết bị khác, hoặc trình duyệt này không còn giữ mã phiếu). Không bỏ phiếu lần nữa được.',
  'ballot.noBallot': 'Bạn không nhận phiếu lần này:',
  'ballot.voided': 'Chủ trì đã cho bỏ phiếu lại: phiếu trước của bạn đã bị hủy. Mời bạn bỏ phiếu lại.',
  'ballot.turnout': 'Đã bỏ phiếu: {n}/{of}',
  'ballot.counted': 'Phiếu của bạn đã được kiểm: {choice}.',
  'ballot.countedBlank': 'Phiếu của bạn (phiếu trắng) đã được kiểm.',
  'ballot.missing': 'KHÔNG tìm thấy phiếu của bạn trong hòm phiếu đã công bố! Hãy báo ngay cho ban kiểm phiếu và chủ trì.',
  'ballot.changed': (p) => `Phiếu mang mã của bạn ghi KHÁC lựa chọn của bạn${p.choice ? ` (${p.choice})` : ' (phiếu trắng)'}! Hãy báo ngay cho ban kiểm phiếu và chủ trì.`,
  'ballot.trackerWas': 'Mã phiếu:',
  'ballot.votedNoRecord': 'Bạn có tên trong danh sách đã bỏ phiếu.',
  'ballot.resultLine': resultVi,
  'ballot.boxList': 'Danh sách phiếu đã kiểm ({n}), xếp theo mã phiếu',
  'ballot.boxHint': 'Ai cũng tìm được mã phiếu của mình (8 ký tự đầu in đậm) và lựa chọn ghi bên cạnh.',
  'ballot.blankShort': 'phiếu trắng',
  'secrecy.few_ballots': 'Lưu ý: dưới 3 phiếu nên kết quả cho biết mỗi người đã bầu thế nào — lần bỏ phiếu này không giữ được bí mật trọn vẹn.',
  'secrecy.unanimous': 'Lưu ý: mọi phiếu hợp lệ đều giống nhau nên kết quả cho biết mỗi người đã bầu thế nào — lần bỏ phiếu này không giữ được bí mật trọn vẹn.',
  'rating.excellent': RATING_VI.excellent,
  'rating.good': RATING_VI.good,
  'rating.completed': RATING_VI.completed,
  'rating.not_completed': RATING_VI.not_completed,

  // Self-reviews (review.js).
  'review.title': 'Bản tự kiểm điểm của tôi',
  'review.selfRating': 'Tự nhận mức xếp loại',
  'review.text': 'Nội dung tự kiểm điểm',
  'review.textPh': 'Ưu điểm, khuyết điểm, nguyên nhân, hướng khắc phục…',
  'review.saveText': 'Lưu bản tự kiểm điểm',
  'review.file': 'Tệp bản tự kiểm điểm (PDF hoặc DOCX, mẫu 2A/2B)',
  'review.pick': 'Chọn tệp để gửi…',
  'review.uploading': 'Đang gửi {name}: {pct}%',
  'review.saved': 'Đã lưu bản tự kiểm điểm.',
  'review.uploaded': 'Đã gửi tệp.',
  'review.submittedAt': (p) => `Đã nộp: tự nhận «${RATING_VI[p.rating] ? RATING_VI[p.rating].toLowerCase() : '—'}», ${p.chars ?? 0} ký tự.`,
  'review.fileIs': 'Tệp đã gửi: {name} ({kb} KB)',
  'review.others': 'Bản tự kiểm điểm của các đồng chí',
  'review.nowTitle': 'Bản tự kiểm điểm của đồng chí {name}',
  'review.notSubmitted': 'Đồng chí chưa nộp bản tự kiểm điểm qua chibo.',
  'review.listTitle': 'Bản tự kiểm điểm (đã nộp {n}/{of})',
  'review.none': 'Chưa có đồng chí nào nộp.',
  'review.notYet': 'chưa nộp',
  'review.hasFile': 'có tệp',
  'review.read': 'Đọc',
  'review.hide': 'Thu gọn',
  'review.noText': 'Không có phần viết (xem tệp đính kèm).',
  'review.download': 'Tải tệp ({kb} KB)',
  'review.downloading': 'Đang tải {pct}%…',
  'review.saveFile': 'Lưu {name}',
  'review.self': (p) => `tự nhận: ${RATING_VI[p.level] || p.level}`,
  'err.review_type': 'Chỉ gửi được tệp PDF hoặc DOCX.',
  'err.review_empty': 'Tệp trống.',
};
