// Every string a user sees, in Vietnamese; English is in en.js, loaded on demand.
// A value is a string with {name} placeholders or a function of the params.
// Elements made with ui.h({t: key}) are re-labelled on a language switch.

function waitVi(ms) {
  const s = Math.ceil((ms || 0) / 1000);
  return s < 60 ? `${s} giây` : `${Math.ceil(s / 60)} phút`;
}
const WD_VI = ['Chủ nhật', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy'];

// Each CSV problem code: a short reason for the error line, then how to fix it.
const CSV_VI = {
  empty_file: ['tệp trống', 'Tệp phải có dòng tiêu đề (tên các cột) và ít nhất một dòng đảng viên.'],
  unknown_column: ['không nhận ra tên cột', 'Các cột dùng được: Họ và tên, Loại, Trạng thái, Chức vụ, Ngày sinh, Ngày vào Đảng, Điện thoại, Ghi chú.'],
  duplicate_column: ['cột bị lặp lại', 'Mỗi cột chỉ được có một lần trong dòng tiêu đề.'],
  missing_column: ['thiếu cột bắt buộc', 'Tệp phải có cột «Họ và tên».'],
  wrong_field_count: ['số ô không khớp với dòng tiêu đề', 'Dòng này thừa hoặc thiếu dấu phân cách (dấu phẩy hoặc chấm phẩy). Nội dung có dấu phẩy phải đặt trong ngoặc kép.'],
  bad_quoting: ['dấu ngoặc kép không đúng', 'Có dấu ngoặc kép được mở mà không đóng.'],
  missing_name: ['thiếu họ và tên', 'Mỗi dòng phải có họ và tên đảng viên.'],
  bad_kind: ['loại đảng viên không hợp lệ', 'Ghi «Chính thức» hoặc «Dự bị».'],
  bad_status: ['trạng thái không hợp lệ', 'Ghi «Đang sinh hoạt», «Miễn sinh hoạt», «Sinh hoạt tạm thời» hoặc «Đình chỉ».'],
  bad_role: ['chức vụ không hợp lệ', 'Ghi «Bí thư», «Phó bí thư», «Chi ủy viên» hoặc để trống.'],
  bad_date: ['ngày không hợp lệ', 'Ghi theo dạng ngày/tháng/năm, ví dụ 19/05/2001; ngày phải có thật và không sau hôm nay.'],
  too_long: ['nội dung quá dài', 'Họ tên tối đa 200 ký tự, ghi chú tối đa 500 ký tự.'],
  invalid_utf8: ['tệp không ở mã UTF-8', 'Trong Excel chọn «Lưu dưới dạng» → «CSV UTF-8», rồi chọn lại tệp.'],
  too_many_rows: ['quá 500 dòng', 'Hãy chia danh sách thành nhiều tệp, mỗi tệp tối đa 500 dòng.'],
  duplicate_secretary: ['có hơn một bí thư', 'Chi bộ chỉ có một bí thư: chỉ một dòng được ghi chức vụ «Bí thư».'],
};
export const csvLine = (prob, lineW, colW) => (p) =>
  `${lineW} ${p.line}${p.column ? `, ${colW} «${p.column}»` : ''}: ${prob[p.problem]?.[0] || p.problem}${p.detail ? ` (${p.detail})` : ''}`;
export const csvHelp = (prob) => (p) => prob[p.problem]?.[1] || '';

// A rule as the server names it ("more_than_half", "at_least_two_thirds",
// "more_than_85/100") in words: ruleText(rule, ['quá', 'ít nhất']).
export function ruleText(rule, words) {
  const m = /^(more_than|at_least)_(half|two_thirds|(\d+)\/(\d+))$/.exec(rule || '');
  if (!m) return rule || '';
  const frac = m[2] === 'half' ? '1/2' : m[2] === 'two_thirds' ? '2/3' : m[4] === '100' ? `${m[3]}%` : `${m[3]}/${m[4]}`;
  return `${m[1] === 'more_than' ? words[0] : words[1]} ${frac}`;
}
// "Đ/c Trần Văn Bình" for members and cadres, a guest's name as it is.
const whoVi = (p, cap) => (p.dc ? `${cap ? 'Đ/c' : 'đ/c'} ${p.name}` : p.name);
const ATT_VI = { present: 'có mặt', absent_excused: 'vắng có lý do', absent_unexcused: 'vắng không có lý do', departed: 'về sớm', unmarked: 'chưa điểm danh' };
export const REASON_VI = { illness: 'ốm đau', work: 'công tác', travel: 'đi xa', other: 'lý do khác' };
// The first names of a batch line ({list, more}), then ", …" when there are more.
export const many = (p, one) => (p.list || []).map(one).join(', ') + (p.more ? ', …' : '');
const CHOICE_VI = { for: 'tán thành', against: 'không tán thành', abstain: 'không biểu quyết' };
export const DECISION_VI = { ordinary: 'Nghị quyết, kết luận', admission: 'Kết nạp đảng viên', confirmation: 'Công nhận đảng viên chính thức' };
const resultVi = (p) => `${p.passed ? 'Đạt' : 'Không đạt'}: ${p.f}/${p.den} tán thành, cần ít nhất ${p.req} (${ruleText(p.rule, ['quá', 'ít nhất'])})`;

const vi = {
  'ui.loading': 'Đang tải…',
  'ui.ok': 'Đồng ý',
  'ui.cancel': 'Hủy',
  'ui.close': 'Đóng',
  'ui.save': 'Lưu',
  'ui.edit': 'Sửa',
  'ui.remove': 'Xóa',
  'ui.retry': 'Thử lại',

  'nav.logout': 'Thoát',
  'nav.lang': 'Ngôn ngữ',
  'nav.cells': '← Các chi bộ',
  'nav.cellTabs': 'Mục của chi bộ',
  'nav.meetings': 'Cuộc họp',
  'nav.roster': 'Danh sách đảng viên',
  'cell.n': 'Chi bộ số {id}',

  'conn.idle': 'Chưa kết nối',
  'conn.connecting': 'Đang kết nối…',
  'conn.ready': 'Đã kết nối',
  'conn.retrying': (p) => `Đang kết nối lại…${p.n > 1 ? ` (lần ${p.n})` : ''}`,
  'conn.down': (p) => `Mất kết nối${p.n ? ` (thử lần ${p.n})` : ''}`,
  'conn.tap': 'Bấm để thử kết nối lại ngay',

  'nf.title': 'Không tìm thấy trang này',
  'nf.home': 'Về trang chính',

  'login.title': 'Đăng nhập',
  'login.lead': 'Dành cho bí thư chi bộ và cán bộ Đảng ủy.',
  'login.user': 'Tên đăng nhập',
  'login.pass': 'Mật khẩu',
  'login.show': 'Hiện',
  'login.hide': 'Ẩn',
  'login.submit': 'Đăng nhập',
  'login.busy': 'Đang đăng nhập…',
  'login.wait': 'Vui lòng chờ…',
  'login.members': 'Đảng viên không cần đăng nhập: hãy mở liên kết dự họp mà đồng chí bí thư gửi cho mình.',

  'home.hello': (p) => `Xin chào${p.name ? `, đồng chí ${p.name}` : ''}`,
  'home.none': 'Chưa có chi bộ nào.',

  'join.title': 'Vào cuộc họp',
  'join.entering': 'Đang vào cuộc họp…',
  'join.revoked.title': 'Liên kết không còn hiệu lực',
  'join.revoked.body': 'Liên kết dự họp này đã bị thu hồi hoặc đã được thay bằng liên kết mới.',
  'join.revoked.hint': 'Vui lòng liên hệ đồng chí bí thư chi bộ để nhận liên kết mới.',

  'kind.official': 'Chính thức',
  'kind.probationary': 'Dự bị',
  'status.active': 'Đang sinh hoạt',
  'status.exempt': 'Miễn sinh hoạt',
  'status.attached': 'Sinh hoạt tạm thời',
  'status.suspended': 'Đình chỉ',
  'pstatus.active': 'Đang sinh hoạt',
  'pstatus.exempt': 'Miễn SH',
  'pstatus.attached': 'SH tạm thời',
  'pstatus.suspended': 'Đình chỉ',
  'role.none': 'Không',
  'role.secretary': 'Bí thư',
  'role.deputy': 'Phó bí thư',
  'role.committee_member': 'Chi ủy viên',
  'prole.member': 'Đảng viên',
  'prole.secretary': 'Bí thư',
  'prole.district_admin': 'Cán bộ Đảng ủy',
  'prole.observer': 'Quan sát viên',
  'prole.guest': 'Khách mời',

  'roster.add': 'Thêm đảng viên',
  'roster.import': 'Nhập từ CSV',
  'roster.export': 'Xuất CSV',
  'roster.exported': 'Đã tải tệp {name}',
  'roster.count': (p) => `${p.n} đảng viên: ${p.official} chính thức, ${p.prob} dự bị`,
  'roster.empty': 'Danh sách chưa có ai. Bấm «Thêm đảng viên» hoặc «Nhập từ CSV».',
  'roster.admitted': 'Vào Đảng: {d}',
  'roster.born': 'Sinh: {d}',

  'member.addTitle': 'Thêm đảng viên',
  'member.editTitle': 'Sửa thông tin: {name}',
  'member.name': 'Họ và tên',
  'member.kind': 'Loại đảng viên',
  'member.status': 'Trạng thái sinh hoạt',
  'member.role': 'Chức vụ trong chi ủy',
  'member.born': 'Ngày sinh',
  'member.admitted': 'Ngày vào Đảng',
  'member.phone': 'Điện thoại',
  'member.note': 'Ghi chú',
  'member.nameRequired': 'Vui lòng nhập họ và tên.',
  'member.remove': 'Xóa khỏi danh sách',
  'member.saved': 'Đã lưu thông tin đồng chí {name}',
  'member.added': 'Đã thêm đồng chí {name}',
  'member.removed': 'Đã xóa đồng chí {name} khỏi danh sách',
  'member.confirmRemove': 'Xóa đồng chí {name} khỏi danh sách chi bộ? Tên vẫn được giữ trong biên bản các cuộc họp đã qua.',

  'date.ph': 'ngày/tháng/năm',
  'date.hint': 'Ví dụ: 19/05/2001',
  'date.bad': 'Ngày không hợp lệ «{v}». Nhập theo dạng ngày/tháng/năm, ví dụ 19/05/2001.',
  'date.required': 'Vui lòng nhập ngày.',
  'time.ph': 'giờ:phút',
  'time.hint': 'Ví dụ: 19:30',
  'time.bad': 'Giờ không hợp lệ «{v}». Nhập theo dạng giờ:phút, ví dụ 19:30.',
  'time.required': 'Vui lòng nhập giờ họp.',

  'import.title': 'Nhập danh sách từ tệp CSV',
  'import.help': 'Mỗi dòng là một đảng viên, được thêm vào danh sách hiện có. Dòng đầu là tên cột. Ngày ghi theo dạng ngày/tháng/năm. Nếu có dòng sai thì không dòng nào được nhập.',
  'import.columns': 'Họ và tên, Loại, Trạng thái, Chức vụ, Ngày sinh, Ngày vào Đảng, Điện thoại, Ghi chú',
  'import.file': 'Chọn tệp CSV (UTF-8)',
  'import.picked': (p) => `Đã đọc tệp «${p.name}»: ${Math.max(0, p.n)} dòng đảng viên. Kiểm tra bên dưới rồi bấm «Nhập vào danh sách».`,
  'import.paste': 'Hoặc dán nội dung CSV vào đây',
  'import.pastePh': 'Họ và tên,Loại,Ngày vào Đảng\nNguyễn Văn A,Chính thức,19/05/2001',
  'import.go': 'Nhập vào danh sách',
  'import.busy': 'Đang nhập…',
  'import.empty': 'Chưa có nội dung: hãy chọn tệp hoặc dán nội dung CSV.',
  'import.tooBig': 'Tệp quá lớn ({kb} KB). Tối đa 60 KB và 500 dòng mỗi lần: hãy chia thành nhiều tệp.',
  'import.notUtf8': 'Tệp không ở mã UTF-8 nên chữ tiếng Việt sẽ bị lỗi. Trong Excel chọn «Lưu dưới dạng» → «CSV UTF-8», rồi chọn lại tệp.',
  'import.done': (p) => `Đã nhập ${p.n} đảng viên vào danh sách.`,
  'import.failed': (p) => `Chưa nhập được: tệp có ${p.n} lỗi.`,
  'import.nothing': 'Không đảng viên nào được thêm, danh sách giữ nguyên. Hãy sửa các dòng dưới đây rồi nhập lại.',
  'csv.line': csvLine(CSV_VI, 'Dòng', 'cột'),
  'csv.help': csvHelp(CSV_VI),

  'mkind.regular': 'Thường kỳ',
  'mkind.thematic': 'Chuyên đề',
  'mkind.annual_review': 'Kiểm điểm cuối năm',
  'mkind.admission': 'Xét kết nạp',
  'mkind.discipline': 'Kỷ luật',
  'mkind.election': 'Bầu cử',
  'mstatus.scheduled': 'Chưa bắt đầu',
  'mstatus.open': 'Đang họp',
  'mstatus.closed': 'Đã kết thúc',
  'meeting.when': (p) => (p.time ? `${p.time}, ${p.wd != null ? WD_VI[p.wd] + ' ' : ''}${p.date}` : p.date),
  'meeting.kind': 'Loại cuộc họp',
  'meeting.title': 'Tiêu đề',
  'meeting.titleRequired': 'Vui lòng nhập tiêu đề.',
  'meeting.date': 'Ngày họp',
  'meeting.time': 'Giờ bắt đầu',
  'meeting.place': 'Địa điểm',
  'meeting.placePh': 'Ví dụ: Nhà văn hóa khu phố 3, hoặc để trống nếu họp trực tuyến',
  'meeting.video': 'Liên kết họp video (Zoom, Jitsi…)',
  'meeting.videoPh': 'https://meet.jit.si/…',
  'meeting.videoHint': 'Không bắt buộc. Đảng viên bấm nút «Mở phòng họp video» để vào.',
  'meeting.videoBad': 'Liên kết phải bắt đầu bằng https:// hoặc http://',
  'meetings.book': 'Sổ nghị quyết',
  'meetings.minutes': 'Tải biên bản',
  'meetings.create': 'Tạo cuộc họp mới',
  'meetings.createTitle': 'Tạo cuộc họp mới',
  'meetings.createGo': 'Tạo cuộc họp',
  'meetings.created': 'Đã tạo cuộc họp «{title}»',
  'meetings.empty': 'Chưa có cuộc họp nào.',

  'room.back': '← Danh sách cuộc họp',
  'room.video': 'Mở phòng họp video ↗',
  'room.waitBanner': 'Cuộc họp chưa bắt đầu. Vui lòng giữ trang này mở, đồng chí bí thư sẽ khai mạc.',
  'room.closedBanner': 'Cuộc họp đã kết thúc.',
  'room.controls': 'Điều hành cuộc họp',
  'room.open': 'Khai mạc cuộc họp',
  'room.openHint': 'Khi mọi người đã vào, bấm khai mạc. Đảng viên sẽ thấy ngay.',
  'room.opened': 'Đã khai mạc cuộc họp',
  'room.notice': 'Gửi thông báo tới mọi người',
  'room.noticePh': 'Ví dụ: Đề nghị các đồng chí bật camera để điểm danh.',
  'room.noticeSend': 'Gửi thông báo',
  'room.close': 'Bế mạc cuộc họp',
  'room.closed': 'Đã bế mạc cuộc họp',
  'room.confirmClose': 'Bế mạc cuộc họp «{title}»? Sau khi bế mạc, cuộc họp chỉ còn để xem.',
  'room.toLinks': 'Gửi liên kết dự họp cho đảng viên ↓',
  'room.feed': 'Diễn biến cuộc họp',
  'room.latest': 'Thông báo mới nhất',
  'room.participants': 'Người dự họp',
  'room.online': (p) => `Đang trực tuyến: ${p.on}/${p.n}`,
  'room.official': (p) => `Đảng viên chính thức (${p.on}/${p.n})`,
  'room.probationary': (p) => `Đảng viên dự bị (${p.on}/${p.n})`,
  'room.guests': (p) => `Quan sát viên, khách mời (${p.on}/${p.n})`,
  'room.youAre': 'Bạn dự họp với tên: {name}',
  'room.you': 'bạn',
  'room.isOnline': 'đang trực tuyến',
  'room.isOffline': 'chưa vào',

  'feed.created': 'Tạo cuộc họp «{title}»',
  'feed.opened': (p) => (p.by ? `Đ/c ${p.by} khai mạc cuộc họp` : 'Khai mạc cuộc họp'),
  'feed.closed': (p) => `${p.by ? `Đ/c ${p.by} bế mạc cuộc họp` : 'Bế mạc cuộc họp'}${p.m != null ? ` (sau ${p.m} phút)` : ''}`,
  'feed.arrived': 'Đ/c {name} vào cuộc họp',
  'feed.arrivedGuest': '{name} vào cuộc họp',
  'feed.arrivedMany': '{n} người vào cuộc họp: {names}',
  'feed.notice': (p) => (p.by ? `Thông báo của đ/c ${p.by}:` : 'Thông báo:'),
  'feed.online': '{name} đã kết nối lại',
  'feed.offline': '{name} mất kết nối',
  'feed.other': 'Sự kiện «{ev}»',

  'links.title': 'Liên kết dự họp',
  'links.once': 'Mỗi đảng viên có một liên kết riêng. Liên kết chỉ hiện một lần tại đây: hãy sao chép và gửi ngay cho từng đồng chí (qua Zalo, tin nhắn).',
  'links.reissue': '«Tạo lại» sẽ làm liên kết cũ hết hiệu lực.',
  'links.all': 'Tạo liên kết cho tất cả',
  'links.madeAll': 'Đã tạo {n} liên kết. Hãy gửi ngay cho từng đồng chí.',
  'links.confirmAll': 'Tạo lại liên kết cho tất cả? Mọi liên kết đã gửi trước đây sẽ hết hiệu lực.',
  'links.confirmOne': 'Tạo lại liên kết cho đồng chí {name}? Liên kết cũ sẽ hết hiệu lực.',
  'links.confirmRevoke': 'Thu hồi liên kết của {name}? Người đang dùng liên kết này sẽ bị ngắt khỏi cuộc họp.',
  'links.new': 'liên kết mới: hãy gửi ngay',
  'links.sent': (p) => `đã tạo${p.at ? ' lúc ' + p.at : ''}`,
  'links.none': 'chưa có liên kết',
  'links.copy': 'Sao chép',
  'links.copied': 'Đã sao chép ✓',
  'links.copiedFor': 'Đã sao chép liên kết của {name}',
  'links.copyManual': 'Không sao chép tự động được: hãy giữ ngón tay trên liên kết để sao chép.',
  'links.share': 'Gửi…',
  'links.shareText': 'Liên kết dự họp «{title}» dành riêng cho đồng chí {name}. Vui lòng không chuyển cho người khác.',
  'links.urlFor': 'Liên kết dự họp',
  'links.make': 'Tạo liên kết',
  'links.again': 'Tạo lại',
  'links.revoke': 'Thu hồi',
  'links.revoked': 'Đã thu hồi liên kết của {name}',
  'links.guestsTitle': 'Quan sát viên và khách mời',
  'links.guestName': 'Họ và tên',
  'links.guestNameRequired': 'Vui lòng nhập họ và tên khách.',
  'links.guestTitle': 'Chức vụ',
  'links.guestTitlePh': 'Ví dụ: Đảng ủy viên phường',
  'links.observer': 'Cấp ủy cấp trên dự (quan sát viên)',
  'links.guestGo': 'Tạo liên kết khách',

  'feed.agendaSet': (p) => `Cập nhật chương trình sinh hoạt (${p.n} mục)`,
  'feed.current': 'Chuyển sang mục: {title}',
  'feed.appointChair': (p) => `${whoVi(p, true)} được cử làm chủ trì`,
  'feed.appointTaker': (p) => `${whoVi(p, true)} được cử làm thư ký cuộc họp`,
  'feed.appointCc': (p) => `Cử ban kiểm phiếu: ${p.names}${p.head ? ` (trưởng ban: đ/c ${p.head})` : ''}`,
  'feed.introduced': (p) => `Giới thiệu đại biểu: ${p.name}${p.title ? `, ${p.title}` : ''}`,
  'feed.rollOpened': 'Bắt đầu điểm danh',
  'feed.markedMany': (p) => (p.present
    ? `${p.n} đồng chí điểm danh có mặt: ${many(p, (x) => `${x.name}${x.late ? ' (đến muộn)' : ''}`)}`
    : `Điểm danh ${p.n} đồng chí: ${many(p, (x) => `${x.name} (${ATT_VI[x.att] || x.att}${x.late ? ', đến muộn' : ''})`)}`),
  'feed.marked': (p) => `${whoVi(p, true)} ${ATT_VI[p.att] || p.att}${p.att === 'absent_excused' && p.reason ? ` (${p.reason === 'other' && p.note ? p.note : REASON_VI[p.reason] || p.reason})` : ''}${p.late ? ' (đến muộn)' : ''}`,
  'feed.rollClosed': (p) => `Kết thúc điểm danh: có mặt ${p.present}/${p.members}, vắng có lý do ${p.ae}, vắng không lý do ${p.au}${p.um ? `, chưa điểm danh ${p.um}` : ''}`,
  'feed.hand': (p) => `${whoVi(p, true)} giơ tay xin phát biểu`,
  'feed.handMany': (p) => `${p.n} người giơ tay xin phát biểu: ${many(p, (x) => x.name)}`,
  'feed.handDown': (p) => `${whoVi(p, true)} hạ tay`,
  'feed.floor': (p) => `${whoVi(p, true)} phát biểu`,
  'feed.floorEnd': (p) => `${whoVi(p, true)} kết thúc phát biểu (${p.dur})`,
  'feed.gist': (p) => `Thư ký ghi tóm tắt ý kiến của ${whoVi(p)}`,
  'feed.voteOpened': 'Biểu quyết: «{subject}»',
  'feed.cast': (p) => `${whoVi(p, true)}: ${CHOICE_VI[p.choice] || p.choice}`,
  'feed.castMany': (p) => `${p.n} đồng chí biểu quyết: ${many(p, (x) => `${x.name} (${CHOICE_VI[x.choice] || x.choice})`)}`,
  'feed.recast': (p) => `${whoVi(p, true)} đổi ý: ${CHOICE_VI[p.choice] || p.choice}`,
  'feed.voteClosed': (p) => `Kết quả biểu quyết «${p.subject}»: ${resultVi(p)}`,

  'me.title': 'Phần của bạn',
  'me.checkin': 'Có mặt',
  'me.checkinHint': 'Bấm «Có mặt» để điểm danh.',
  'me.rollOpen': 'Đang điểm danh: bấm «Có mặt».',
  'me.markedAs': (p) => `Chủ trì đã ghi bạn ${ATT_VI[p.att] || ''}. Nếu bạn đang dự họp, bấm «Có mặt».`,
  'me.present': '✓ Bạn đã điểm danh: có mặt',
  'me.presentLate': '✓ Bạn đã điểm danh: có mặt (đến muộn)',
  'me.itemNo': 'Đang ở mục {n}/{of}',
  'me.speaking': 'Bạn đang phát biểu',
  'me.endFloor': 'Kết thúc phát biểu',
  'me.nowSpeaking': 'Đang phát biểu: {name}',
  'me.raise': 'Giơ tay xin phát biểu',
  'me.lower': 'Hạ tay',
  'me.queueFirst': 'Bạn đang xin phát biểu, lượt tiếp theo là của bạn.',
  'me.queueN': (p) => `Bạn đang xin phát biểu, thứ ${p.n} (còn ${p.before} người trước bạn).`,
  'me.agenda': 'Chương trình sinh hoạt ({n} mục)',

  'why.probationary': 'Đảng viên dự bị không biểu quyết.',
  'why.attached': 'Đảng viên sinh hoạt tạm thời ở nơi khác không biểu quyết tại chi bộ này.',
  'why.suspended': 'Đảng viên đang bị đình chỉ sinh hoạt không biểu quyết.',
  'why.departed': 'Bạn đã được ghi là về sớm nên không biểu quyết nữa.',
  'why.notPresent': 'Bạn chưa điểm danh có mặt: bấm «Có mặt» ở trên để được biểu quyết.',
  'why.notOnRoll': 'Bạn không có tên trong danh sách điểm danh của cuộc họp này nên không biểu quyết.',
  'why.notMember': 'Quan sát viên, khách mời không biểu quyết.',
  'why.other': 'Bạn không thuộc diện biểu quyết lần này.',

  'choice.for': 'Tán thành',
  'choice.against': 'Không tán thành',
  'choice.abstain': 'Không biểu quyết',
  'vote.openTitle': 'Đang biểu quyết',
  'vote.closedTitle': 'Kết quả biểu quyết',
  'vote.fullText': 'Xem toàn văn',
  'vote.ruleLine': (p) => `${DECISION_VI[p.decision] || p.decision} · biểu quyết công khai · thông qua khi ${ruleText(p.rule, ['quá', 'ít nhất'])} của ${p.den ?? '?'} đảng viên (mẫu số) tán thành`,
  'vote.mine': (p) => `Bạn đã chọn: ${CHOICE_VI[p.choice]}. Có thể đổi trước khi chủ trì kết thúc biểu quyết.`,
  'vote.mineFinal': (p) => `Bạn đã chọn: ${CHOICE_VI[p.choice]}.`,
  'vote.sending': (p) => `Đang gửi: ${CHOICE_VI[p.choice]}…`,
  'vote.tally': (p) => `Đã trả lời ${p.n}: ${p.f} tán thành, ${p.a} không tán thành, ${p.ab} không biểu quyết`,
  'vote.resultLine': resultVi,

  'agenda.now': 'đang thảo luận',

  // Errors. Codes without an entry here show the server's own message.
  'err.server': (p) => p.message || p.message_en || 'Có lỗi xảy ra.',
  'err.internal': 'Có lỗi xảy ra ở máy chủ. Không có gì bị thay đổi; vui lòng thử lại.',
  'err.load': 'Không tải được trang. Kiểm tra kết nối mạng rồi tải lại.',
  'err.offline': 'Đang mất kết nối nên chưa gửi được. Nội dung vẫn giữ nguyên: hãy thử lại khi có kết nối.',
  'err.connection_lost': 'Mất kết nối trước khi máy chủ trả lời: thao tác có thể chưa được thực hiện. Hãy kiểm tra lại rồi thử lại.',
  'err.not_connected': 'Chưa kết nối tới máy chủ.',
  'err.connect_failed': 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.',
  'err.too_large': 'Nội dung quá lớn để gửi một lần.',
  'err.bad_frame': 'Máy chủ từ chối dữ liệu gửi lên. Vui lòng tải lại trang.',
  'err.auth_failed': 'Sai tên đăng nhập hoặc mật khẩu.',
  'err.throttled': (p) => `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${waitVi(p.wait)}.`,
  'err.session_expired': 'Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.',
  'err.session_ended': 'Phiên làm việc đã kết thúc. Vui lòng đăng nhập lại.',
  'err.login_empty': 'Vui lòng nhập tên đăng nhập và mật khẩu.',
  'err.notice_empty': 'Vui lòng nhập nội dung thông báo.',
  'err.conflict': (p) => ({
    vote_open: 'Đang có biểu quyết chưa kết thúc: hãy kết thúc biểu quyết trước.',
    current_item: 'Không xóa được mục đang thảo luận: hãy chuyển sang mục khác trước.',
    not_present: 'Chỉ ghi «về sớm» cho người đã có mặt.',
    already_voted: 'Bạn đã bỏ phiếu rồi; phiếu kín không bỏ lại được trừ khi chủ trì cho bỏ phiếu lại.',
    ballot_open: 'Đang có cuộc bỏ phiếu kín chưa kết thúc.',
    tracker_taken: 'Mã phiếu trùng, hãy bỏ phiếu lại.',
    not_rated: 'Đảng viên này thuộc diện không xếp loại.',
    meeting_full: 'Cuộc họp đã đủ số người kết nối tối đa. Vui lòng thử lại sau ít phút.',
  })[p.reason] || p.message || 'Thao tác không phù hợp với trạng thái hiện tại.',
  'err.not_eligible': (p) => p.message || 'Bạn không thuộc diện tham gia việc này.',
  'feed.ballotOpened': 'Bỏ phiếu kín: «{subject}»',
  'feed.ballotReopened': 'Bỏ phiếu lại: {voided} phiếu đã bỏ bị hủy',
  'feed.ballotClosed': 'Kết thúc bỏ phiếu kín «{subject}»: thu về {returned}/{issued} phiếu',
  'feed.ballotConfirmed': 'Đ/c {by}, trưởng ban kiểm phiếu, xác nhận biên bản kiểm phiếu',
  'feed.ballotConfirmedChair': 'Đ/c {by} (chủ trì) xác nhận biên bản kiểm phiếu',
  'feed.reviewSubmitted': 'Đ/c {name} đã nộp bản tự kiểm điểm',
  'feed.minutesPresented': 'Đ/c {by} trình bày biên bản cuộc họp',
  'feed.minutesLocked': 'Biên bản đã được thông qua và khóa',
  'feed.minutesAddendum': 'Đ/c {by} bổ sung biên bản',
  'feed.observerReported': 'Đ/c {name} gửi báo cáo dự sinh hoạt',
  'vote.minutesOpen': 'Biểu quyết thông qua biên bản',
  'vote.minutesClosed': 'Kết quả thông qua biên bản',
  'room.minutes': 'Biên bản cuộc họp',
  'room.minutesRead': 'Xem biên bản',
  'room.minutesNow': 'Thư ký đang trình bày biên bản',
  'room.minutesVote': 'Đang biểu quyết thông qua biên bản',
  'room.minutesLocked': 'Biên bản đã được thông qua và khóa',
  'room.minutesDraft': 'Dự thảo biên bản: xem và tải về',
  'err.vote_closed': (p) => p.message || 'Biểu quyết đã kết thúc, không nhận thêm ý kiến.',
};

const dicts = { vi, en: null };
let current = 'vi';
const saved = (() => { try { return localStorage.getItem('chibo.lang') === 'en' ? 'en' : 'vi'; } catch { return 'vi'; } })();

export const lang = () => current;

// Strings of modules loaded on demand (js/meeting/strings-vi.js for the
// boards), so a member's phone does not download them.
export function addStrings(more) {
  Object.assign(vi, more);
}

export function t(key, params) {
  const v = dicts[current]?.[key] ?? vi[key];
  if (v == null) return key;
  if (typeof v === 'function') return v(params || {});
  return params ? v.replace(/\{(\w+)\}/g, (_, k) => (params[k] ?? '')) : v;
}
t.has = (key) => key in vi;

// Re-labels every keyed element under root.
export function relabel(root = document) {
  for (const el of root.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t, el._tp);
  for (const el of root.querySelectorAll('[data-tph]')) el.placeholder = t(el.dataset.tph);
  for (const el of root.querySelectorAll('[data-ttitle]')) el.title = t(el.dataset.ttitle);
  for (const el of root.querySelectorAll('[data-taria]')) el.setAttribute('aria-label', t(el.dataset.taria));
}

// English is fetched the first time it is needed.
async function load(l) {
  if (l === 'en' && !dicts.en) dicts.en = (await import('./en.js')).default;
}

export async function setLang(l) {
  l = l === 'en' ? 'en' : 'vi';
  try { await load(l); } catch { return; }  // offline and never loaded: stay as we are
  current = l;
  try { localStorage.setItem('chibo.lang', l); } catch { /* private mode */ }
  document.documentElement.lang = l;
  relabel(document);
  dispatchEvent(new Event('chibo:lang'));
}

// Settles when the saved language can be shown; the shell waits for it.
export const ready = load(saved).then(() => { current = saved; }, () => {});

export { vi };  // for the completeness test
