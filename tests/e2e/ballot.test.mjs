// 6. Secret ballots and the annual review (issue 4).
//
// First test, on the shared server: a member writes her self-review and sends
// a PDF in chunks before the meeting; another reads it on her phone. In the
// meeting the chair reads and downloads it from the member's agenda item and
// rates her by secret ballot from there: while the ballot is open every
// screen shows only who has voted, never a count of choices; a probationary
// member gets no ballot and is told why; an observer sees the turnout and no
// ballot. After the close the member's phone finds its tracker in the
// published box and says her ballot was counted; the chair reads the counting
// report and confirms it; the proposed ratings show who is not rated and the
// quota warning (one "excellent" against no "good").
//
// Second test, on a server of its own that it restarts: a held ballot is lost
// with the server's memory and the phone sends it again by itself; a reopening
// voids it and the member votes again; two ballots only: the secrecy warning;
// the counting committee's head confirms from her phone; an election with
// checkboxes up to the number of seats.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, OUT, PHONE, DESK, PASSWORD, launch, newUser, shot, login, until, rpc } from './lib.mjs';

const browser = await launch();
after(() => browser.close());

const noToast = (page) => page.locator('.toast.show').waitFor({ state: 'detached', timeout: 5000 }).catch(() => {});
const text = async (loc) => (await loc.innerText()).replace(/\s+/g, ' ').trim();
const REVIEW = 'Năm 2026 tôi hoàn thành tốt nhiệm vụ được giao; còn hạn chế trong việc nghiên cứu nghị quyết.';
// A PDF of about 80 KB: three review.upload chunks of at most 36 KiB.
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n% chibo e2e\n'), Buffer.alloc(80 * 1024, 'x'), Buffer.from('\n%%EOF\n')]);
const storedBallots = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('chibo.ballot.')));
const confirmDialog = (page, name) => page.locator('dialog[open]').getByRole('button', { name }).click();
const reportCells = (loc) => loc.locator('table.report tr').evaluateAll((rs) =>
  Object.fromEntries(rs.filter((r) => r.cells.length === 2).map((r) => [r.cells[0].innerText.trim(), r.cells[1].innerText.trim()])));

test('an annual review: self-reviews, a rating ballot counted as cast, the report, proposed ratings and the quota', async () => {
  const chair = await newUser(browser, DESK, 'chair');
  const p = chair.page;
  await login(p, 'bithu');
  const roster = (await rpc(p, 'roster.list', { cell: 2 })).members;
  const me = roster.find((m) => m.committee_role === 'secretary');
  const official = roster.filter((m) => m !== me && m.kind === 'official' && m.status === 'active');
  const [A, B] = official;
  const P = roster.find((m) => m.kind === 'probationary' && m.status === 'active');
  const { meeting } = await rpc(p, 'meeting.create', { cell: 2, kind: 'annual_review', title: 'Kiểm điểm, đánh giá, xếp loại năm 2026', starts_at: '2027-01-10T08:00' });
  const link = async (m) => BASE + (await rpc(p, 'link.issue', { meeting: meeting.id, member: m.id })).links[0].path;
  const urls = { [A.id]: await link(A), [B.id]: await link(B), [P.id]: await link(P) };

  // --- before the meeting: A writes her self-review and sends a PDF on her phone -----
  const phones = {};
  for (const m of [A, B, P]) {
    const u = await newUser(browser, PHONE, m.full_name);
    await u.page.goto(urls[m.id]);
    await u.page.locator('.room-head .badge', { hasText: 'Chưa bắt đầu' }).waitFor();
    phones[m.id] = u.page;
  }
  const a = phones[A.id], b = phones[B.id], pp = phones[P.id];
  const review = a.locator('.me-review');
  await review.waitFor();
  await review.getByLabel('Tự nhận mức xếp loại').selectOption('good');
  await review.getByLabel('Nội dung tự kiểm điểm').fill(REVIEW);
  await review.getByRole('button', { name: 'Lưu bản tự kiểm điểm' }).click();
  await review.getByText('Đã nộp: tự nhận «hoàn thành tốt nhiệm vụ»').waitFor();
  await review.locator('input[type=file]').setInputFiles({ name: 'tu-kiem-diem-2026.pdf', mimeType: 'application/pdf', buffer: PDF });
  await review.getByText(`Tệp đã gửi: tu-kiem-diem-2026.pdf (${Math.ceil(PDF.length / 1024)} KB)`).waitFor();
  await noToast(a);
  await shot(a, '55-self-review.png', review);
  // Another member reads it from her phone before the meeting.
  const others = b.locator('.me-reviews');
  await others.locator('summary').click();
  const aRow = others.locator('.review-list li', { hasText: A.full_name });
  await aRow.getByRole('button', { name: 'Đọc' }).click();
  await aRow.getByText(REVIEW).waitFor();
  await others.locator('.review-list li', { hasText: B.full_name }).getByText('chưa nộp').waitFor();

  // --- the meeting opens; everyone here checks in; the others are away on work --------
  await p.goto(BASE + '/#/meeting/' + meeting.id);
  await p.getByRole('button', { name: 'Khai mạc cuộc họp' }).click();
  await p.locator('.room-head .badge', { hasText: 'Đang họp' }).waitFor();
  await rpc(p, 'rollcall.checkin', { meeting: meeting.id });
  for (const u of [a, b, pp]) await u.locator('.me-panel').getByRole('button', { name: 'Có mặt', exact: true }).click();
  for (const m of roster) {
    if ([me, A, B, P].includes(m) || m.kind !== 'official' || m.status !== 'active') continue;
    await rpc(p, 'attendance.mark', { meeting: meeting.id, member: m.id, attendance: 'absent_excused', reason: 'work' });
  }
  // Denominator: the three officials here (DOMAIN.md: those away with a reason
  // are not counted; exempt and attached members neither).

  // A's item: everyone's phone shows her self-review; the chair's agenda too.
  const item = p.locator('#b-agenda li[data-item]', { hasText: 'Kiểm điểm đồng chí ' + A.full_name });
  await item.getByRole('button', { name: 'Chuyển tới' }).click();
  await item.locator('.tag-me', { hasText: 'đang thảo luận' }).waitFor();
  const now = b.locator('.me-now-review');
  await now.getByText('Bản tự kiểm điểm của đồng chí ' + A.full_name).waitFor();
  await now.getByRole('button', { name: 'Đọc' }).click();
  await now.getByText(REVIEW).waitFor();
  // The chair reads it and downloads the PDF from the agenda item.
  await item.getByRole('button', { name: 'Đọc' }).click();
  await item.getByText(REVIEW).waitFor();
  const [download] = await Promise.all([p.waitForEvent('download'), item.getByRole('button', { name: /^Tải tệp/ }).click()]);
  assert.equal(download.suggestedFilename(), 'tu-kiem-diem-2026.pdf');
  assert.ok(readFileSync(await download.path()).equals(PDF), 'the downloaded file is the one sent');
  await item.getByRole('link', { name: 'Lưu tu-kiem-diem-2026.pdf' }).waitFor();

  // --- "rate this member" on her agenda item -------------------------------------------
  const board = p.locator('#b-ballot');
  await item.getByRole('button', { name: 'Bỏ phiếu xếp loại' }).click();
  assert.equal(await board.getByLabel('Loại phiếu').inputValue(), 'rating');
  assert.equal(await board.getByLabel('Đảng viên được xếp loại').inputValue(), String(A.id));
  assert.equal(await board.getByLabel('Nội dung bỏ phiếu').inputValue(), 'Xếp loại đồng chí ' + A.full_name);
  await board.getByRole('button', { name: 'Phát phiếu' }).click();
  await board.locator('.ballot.is-open').waitFor();
  const ballot = Number(await board.locator('.ballot.is-open').getAttribute('data-ballot'));

  // A's phone: the four levels and a blank ballot, big enough for a thumb.
  const ab = a.locator('.me-ballot');
  await ab.getByText('Hoàn thành xuất sắc nhiệm vụ').waitFor();
  assert.equal(await ab.locator('input[type=radio]').count(), 5);
  const box = await ab.locator('.ballot-option').first().boundingBox();
  assert.ok(box.height >= 48 && box.width >= 300, 'options are thumb sized: ' + JSON.stringify(box));
  await ab.getByText('Hoàn thành xuất sắc nhiệm vụ').click();
  await noToast(a);
  await shot(a, '50-ballot-member-360.png', ab);
  await ab.getByRole('button', { name: 'Bỏ phiếu' }).click();
  await a.locator('dialog[open]').getByText('Bỏ phiếu «Hoàn thành xuất sắc nhiệm vụ»?').waitFor();
  await confirmDialog(a, 'Bỏ phiếu');
  await ab.getByText('Bạn đã bỏ phiếu.').waitFor();
  const full = (await ab.locator('.tracker-full .mono').innerText()).replace(/\s+/g, '');
  assert.match(full, /^[0-9a-f]{32}$/);
  assert.equal((await ab.locator('.tracker').innerText()).replace(/\s+/g, ''), full.slice(0, 8), 'the short form is the first 8');
  assert.equal(await ab.locator('input:visible').count(), 0, 'no second ballot');
  const kept = JSON.parse(await a.evaluate((k) => localStorage.getItem(k), (await storedBallots(a))[0]));
  assert.deepEqual([kept.meeting, kept.ballot, kept.choice, kept.tracker], [meeting.id, ballot, 'excellent', full]);
  assert.match(kept.key, /^k-/);
  // The probationary member gets no ballot, and is told why.
  await pp.locator('.me-ballot').getByText('Bạn không nhận phiếu lần này: Đảng viên dự bị không biểu quyết.').waitFor();
  assert.equal(await pp.locator('.me-ballot input:visible').count(), 0);
  // B votes on her phone; the chair through the protocol.
  const bb = b.locator('.me-ballot');
  await bb.getByText('Hoàn thành xuất sắc nhiệm vụ').click();
  await bb.getByRole('button', { name: 'Bỏ phiếu' }).click();
  await confirmDialog(b, 'Bỏ phiếu');
  await bb.getByText('Bạn đã bỏ phiếu.').waitFor();
  await rpc(p, 'ballot.cast', { meeting: meeting.id, ballot, choice: 'good', tracker: 'ab'.repeat(16), key: 'k-chair' });
  await p.locator('.me-ballot').getByText('Bạn đã bỏ phiếu (từ thiết bị khác').waitFor();

  // An observer of the district: the turnout, never a ballot.
  const obs = await newUser(browser, DESK, 'observer');
  const o = obs.page;
  await login(o, 'quansat');
  await o.goto(BASE + '/#/meeting/' + meeting.id);
  const ob = o.locator('#b-ballot');
  await until(async () => (await text(ob.locator('.turnout-big'))) === 'Đã bỏ phiếu: 3/3', 'the observer sees the turnout');
  assert.equal(await o.locator('.me-ballot:visible, .ballot-form:visible, .ballot-option').count(), 0, 'no ballot for an observer');
  assert.equal(await ob.getByRole('button', { name: 'Kết thúc và kiểm phiếu' }).count(), 0);

  // While open, the chair sees who has voted and how many — no count of choices.
  const open = board.locator('.ballot.is-open');
  await until(async () => (await text(open.locator('.turnout-big'))) === 'Đã bỏ phiếu: 3/3', 'turnout 3/3');
  for (const m of [A, B, me]) assert.match(await text(open.locator('.who-voted')), new RegExp(m.full_name));
  assert.equal(await board.locator('table.report').count(), 0);
  const during = await text(board.locator('.ballot-live'));
  assert.doesNotMatch(during, /xuất sắc|Hoàn thành tốt|Hoàn thành nhiệm vụ/, 'no option is named, so none is counted');
  assert.doesNotMatch(during.replace(/Đã bỏ phiếu: 3\/3|\(3\)|\(0\)/g, ''), /\d/, 'the only figures are the turnout');
  await noToast(p);
  await shot(p, '51-ballot-turnout-chair.png', board);

  // --- the close: the report, the member's check, the quota ---------------------------------
  await open.getByRole('button', { name: 'Kết thúc và kiểm phiếu' }).click();
  await p.locator('dialog[open]').getByText('(3/3 người đã bỏ phiếu)').waitFor();
  await confirmDialog(p, 'Kết thúc và kiểm phiếu');
  const rep = board.locator(`.ballot[data-ballot="${ballot}"]`);
  await rep.locator('table.report').waitFor();
  const cells = await reportCells(rep);
  assert.equal(cells['Số phiếu phát ra'], '3');
  assert.equal(cells['Số phiếu thu về'], '3');
  assert.equal(cells['Số phiếu hợp lệ'], '3');
  assert.equal(cells['Số phiếu không hợp lệ (phiếu trắng)'], '0');
  assert.equal(cells['Hoàn thành xuất sắc nhiệm vụ'], '2');
  assert.equal(cells['Hoàn thành tốt nhiệm vụ'], '1');
  assert.equal(cells['Mẫu số (số đảng viên được tính)'], '3');
  assert.equal(cells['Số phiếu cần để đạt'], '2');
  // Excellent needs at least 2/3 of 3: 2 is enough (cumulative from the top).
  await rep.getByText('Đề xuất xếp loại: Hoàn thành xuất sắc nhiệm vụ (2 phiếu cộng dồn, cần ít nhất 2)').waitFor();
  assert.match(await text(rep.locator('code.fp')), /^[0-9a-f]{64}$/);
  assert.equal(await rep.locator('.secrecy').count(), 0, 'three ballots, not all the same: no secrecy warning');
  await rep.locator('.box-list summary').click();
  assert.equal(await rep.locator('.box-list li').count(), 3);
  await rep.locator('.box-list li', { hasText: full.slice(0, 4) }).getByText('Hoàn thành xuất sắc nhiệm vụ').waitFor();

  // The proposed ratings: A excellent, everyone else not yet; who is not rated; the quota.
  const sum = board.locator('.rating-summary');
  await sum.locator('.warn', { hasText: 'Cảnh báo vượt tỷ lệ: 1 đồng chí được đề xuất «Hoàn thành xuất sắc nhiệm vụ»' }).waitFor();
  assert.equal(await text(sum.locator(`tr[data-member="${A.id}"] td.level`)), 'Hoàn thành xuất sắc nhiệm vụ');
  assert.equal(await text(sum.locator(`tr[data-member="${A.id}"] td.self`)), 'Hoàn thành tốt nhiệm vụ');
  assert.equal(await text(sum.locator(`tr[data-member="${B.id}"] td.pending`)), 'chưa bỏ phiếu');
  await sum.locator('tr.not-rated', { hasText: 'Không xếp loại: miễn công tác và sinh hoạt đảng' }).waitFor();
  await sum.locator('tr.not-rated', { hasText: 'Không xếp loại: vào Đảng chưa đủ 6 tháng' }).waitFor();
  await sum.getByText('Tổng hợp đề xuất: 1 hoàn thành xuất sắc, 0 hoàn thành tốt').waitFor();
  await sum.getByText('Đây là đề xuất của chi bộ; cấp ủy cấp trên quyết định xếp loại.').waitFor();
  await item.getByText('Đề xuất: Hoàn thành xuất sắc nhiệm vụ').waitFor();

  // A's phone found its tracker in the published box, with her choice, and forgot it.
  await ab.getByText('Phiếu của bạn đã được kiểm: Hoàn thành xuất sắc nhiệm vụ.').waitFor();
  assert.equal(await ab.locator('.warn').count(), 0);
  assert.deepEqual(await storedBallots(a), [], 'the record is gone once checked');
  await noToast(a);
  await shot(a, '53-ballot-counted-360.png', ab);
  // The published box on her phone too, her line marked.
  await ab.locator('.box-list summary').click();
  assert.equal(await ab.locator('.box-list li').count(), 3);
  assert.match(await text(ab.locator('.box-list li.mine')), new RegExp(full.slice(0, 4) + '.*Hoàn thành xuất sắc nhiệm vụ'));
  // The observer reads the same report.
  await ob.locator(`.ballot[data-ballot="${ballot}"] table.report`).waitFor();
  assert.deepEqual(await reportCells(ob.locator(`.ballot[data-ballot="${ballot}"]`)), cells);

  // The chair confirms the report (no committee appointed: the chair does).
  await rep.getByRole('button', { name: 'Xác nhận biên bản kiểm phiếu' }).click();
  await rep.getByText(`Đồng chí ${me.full_name} (chủ trì) đã xác nhận biên bản kiểm phiếu.`).waitFor();
  await noToast(p);
  await shot(p, '52-ballot-report.png', rep);
  await p.evaluate(() => document.getElementById('toast')?.remove());  // fixed at the bottom: not over a tall element's picture
  await sum.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await sum.screenshot({ path: join(OUT, '54-rating-summary.png') });  // the whole table

  for (const pg of [p, a, b, pp, o]) assert.deepEqual(pg.errors, []);
});

// --- a server of our own, to restart ------------------------------------------------------

function startServer(db, listen) {
  const bin = process.env.CHIBO_BIN;
  const proc = spawn(bin, ['serve', '--db', db, '--listen', listen, '--demo'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = new Promise((resolve, reject) => {
    const on = (d) => {
      out += d;
      const m = /chibo: listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    };
    proc.stdout.on('data', on);
    proc.stderr.on('data', on);
    proc.on('exit', (code) => reject(new Error(`chibo exited (${code}): ${out}`)));
    setTimeout(() => reject(new Error('chibo did not listen within 20 s: ' + out)), 20000);
  });
  return { proc, url };
}
const stop = (proc, sig = 'SIGKILL') => new Promise((resolve) => { if (proc.exitCode != null) resolve(); else { proc.once('exit', resolve); proc.kill(sig); } });

test('a ballot held when the server restarts is sent again; a reopening voids it; two ballots: the secrecy warning; the committee head confirms; an election', { skip: !process.env.CHIBO_BIN && 'CHIBO_BIN is not set (run.sh sets it)' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'chibo-e2e-ballot-'));
  let server = startServer(join(dir, 'b.db'), '127.0.0.1:0');
  const url = await server.url;
  try {
    const chair = await newUser(browser, DESK, 'chair');
    const p = chair.page;
    await p.goto(url + '/#/login');
    await p.getByLabel('Tên đăng nhập').fill('bithu');
    await p.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
    await p.getByRole('button', { name: 'Đăng nhập' }).click();
    await p.locator('#conn[data-state="ready"]').waitFor();
    const roster = (await rpc(p, 'roster.list', { cell: 2 })).members;
    const me = roster.find((m) => m.committee_role === 'secretary');
    const [A, B] = roster.filter((m) => m !== me && m.kind === 'official' && m.status === 'active');
    const { meeting } = await rpc(p, 'meeting.create', { cell: 2, kind: 'admission', title: 'Xét kết nạp đảng viên', starts_at: '2027-03-01T19:30' });
    const link = async (m) => url + (await rpc(p, 'link.issue', { meeting: meeting.id, member: m.id })).links[0].path;
    const urls = { [A.id]: await link(A), [B.id]: await link(B) };
    await p.goto(url + '/#/meeting/' + meeting.id);
    await p.getByRole('button', { name: 'Khai mạc cuộc họp' }).click();
    await p.locator('.room-head .badge', { hasText: 'Đang họp' }).waitFor();
    await rpc(p, 'rollcall.checkin', { meeting: meeting.id });
    for (const m of roster) {
      if ([me, A, B].includes(m) || m.kind !== 'official' || m.status !== 'active') continue;
      await rpc(p, 'attendance.mark', { meeting: meeting.id, member: m.id, attendance: 'absent_excused', reason: 'work' });
    }
    const phones = {};
    for (const m of [A, B]) {
      const u = await newUser(browser, PHONE, m.full_name);
      await u.page.goto(urls[m.id]);
      await u.page.locator('.me-panel').getByRole('button', { name: 'Có mặt', exact: true }).click();
      await u.page.locator('.me-present').waitFor();
      phones[m.id] = u;
    }
    const a = phones[A.id].page, b = phones[B.id].page;
    // B heads the counting committee.
    await rpc(p, 'role.appoint', { meeting: meeting.id, role: 'counting_committee', members: ['member:' + B.id, 'member:' + me.id], head: 'member:' + B.id });

    // --- a yes/no ballot: admission, at least 2/3 of the denominator ---------------------
    const board = p.locator('#b-ballot');
    await board.locator('.ballot-new summary').click();
    assert.equal(await board.getByLabel('Loại phiếu').inputValue(), 'yes_no');
    await board.getByLabel('Loại quyết định').selectOption('admission');
    await board.getByLabel('Nội dung bỏ phiếu').fill('Kết nạp quần chúng Nguyễn Văn Tý vào Đảng');
    await board.getByRole('button', { name: 'Phát phiếu' }).click();
    const open = board.locator('.ballot.is-open');
    await open.waitFor();
    const ab = a.locator('.me-ballot');
    await ab.getByText('Đồng ý', { exact: true }).click();
    await ab.getByRole('button', { name: 'Bỏ phiếu' }).click();
    await confirmDialog(a, 'Bỏ phiếu');
    await ab.getByText('Bạn đã bỏ phiếu.').waitFor();
    const tracker = (await ab.locator('.tracker-full .mono').innerText()).replace(/\s+/g, '');
    await until(async () => (await text(open.locator('.turnout-big'))) === 'Đã bỏ phiếu: 1/3', 'turnout 1/3');

    // The server stops while the ballot is open: the box (held in memory) is lost.
    await stop(server.proc);
    server = startServer(join(dir, 'b.db'), url.replace('http://', ''));
    await server.url;
    // A's phone sends the same ballot again by itself; the turnout comes back.
    // (The chair's page reloads: what it shows then is what the server has.)
    await p.reload();
    await p.locator('#conn[data-state="ready"]').waitFor();
    await until(async () => (await text(open.locator('.turnout-big'))) === 'Đã bỏ phiếu: 1/3', 'turnout 1/3 after the restart', 30000);
    assert.equal((await ab.locator('.tracker-full .mono').innerText()).replace(/\s+/g, ''), tracker, 'the same tracker');
    await ab.getByText('Bạn đã bỏ phiếu.').waitFor();

    // B votes too, then loses the network; meanwhile the chair reopens: both
    // ballots are voided. Back online, B's phone learns of the reopening and
    // does not send its voided ballot again: A and B choose again.
    const bb = b.locator('.me-ballot');
    await bb.getByText('Không đồng ý', { exact: true }).click();
    await bb.getByRole('button', { name: 'Bỏ phiếu' }).click();
    await confirmDialog(b, 'Bỏ phiếu');
    await bb.getByText('Bạn đã bỏ phiếu.').waitFor();
    await until(async () => (await text(open.locator('.turnout-big'))) === 'Đã bỏ phiếu: 2/3', 'turnout 2/3');
    await phones[B.id].context.setOffline(true);
    await b.locator('#conn[data-state="retrying"], #conn[data-state="down"]').waitFor();
    await open.getByRole('button', { name: 'Hủy và bỏ phiếu lại' }).click();
    await p.locator('dialog[open]').getByText('Hủy 2 phiếu đã bỏ').waitFor();
    await confirmDialog(p, 'Hủy và bỏ phiếu lại');
    await ab.getByText('phiếu trước của bạn đã bị hủy').waitFor();
    await until(async () => (await text(open.locator('.turnout-big'))) === 'Đã bỏ phiếu: 0/3', 'turnout 0/3 after the reopening');
    await open.getByText('Đã cho bỏ phiếu lại: 2 phiếu trước đó bị hủy.').waitFor();
    assert.deepEqual(await storedBallots(a), [], 'the voided record is forgotten');
    assert.equal(await storedBallots(b).then((x) => x.length), 1, 'offline, B\'s phone still holds its ballot');
    await phones[B.id].context.setOffline(false);
    await b.locator('#conn[data-state="ready"]').waitFor({ timeout: 30000 });
    await bb.getByText('phiếu trước của bạn đã bị hủy').waitFor({ timeout: 30000 });
    assert.deepEqual(await storedBallots(b), []);
    await p.waitForTimeout(1000);
    assert.equal(await text(open.locator('.turnout-big')), 'Đã bỏ phiếu: 0/3', 'nothing was sent again');
    await ab.getByText('Đồng ý', { exact: true }).click();
    await ab.getByRole('button', { name: 'Bỏ phiếu' }).click();
    await confirmDialog(a, 'Bỏ phiếu');
    await ab.getByText('Bạn đã bỏ phiếu.').waitFor();
    const tracker2 = (await ab.locator('.tracker-full .mono').innerText()).replace(/\s+/g, '');
    assert.notEqual(tracker2, tracker, 'a new ballot, a new tracker');
    await bb.getByText('Đồng ý', { exact: true }).click();
    await bb.getByRole('button', { name: 'Bỏ phiếu' }).click();
    await confirmDialog(b, 'Bỏ phiếu');
    await bb.getByText('Bạn đã bỏ phiếu.').waitFor();
    await until(async () => (await text(open.locator('.turnout-big'))) === 'Đã bỏ phiếu: 2/3', 'turnout 2/3');
    await open.getByRole('button', { name: 'Kết thúc và kiểm phiếu' }).click();
    await confirmDialog(p, 'Kết thúc và kiểm phiếu');

    // Two ballots, both "for": passed (2 of 3 is at least 2/3), and the result reveals the votes.
    await ab.getByText('Phiếu của bạn đã được kiểm: Đồng ý.').waitFor();
    await ab.locator('.warn.secrecy', { hasText: 'kết quả cho biết mỗi người đã bầu thế nào' }).waitFor();
    await ab.getByText('Đạt: 2/3 đồng ý, cần ít nhất 2').waitFor();
    await noToast(a);
    await shot(a, '56-ballot-secrecy-360.png', ab);
    const rep = board.locator('.report-card').first();
    await rep.locator('.warn.secrecy').waitFor();
    assert.equal((await reportCells(rep))['Số phiếu thu về'], '2');
    await rep.getByText(`Chờ trưởng ban kiểm phiếu, đồng chí ${B.full_name}, xác nhận biên bản.`).waitFor();
    assert.equal(await rep.getByRole('button', { name: 'Xác nhận biên bản kiểm phiếu' }).count(), 0, 'not the chair: the head confirms');
    // The head confirms on her phone (the committee sees the reports).
    const hb = b.locator('#b-ballot .report-card').first();
    await hb.getByRole('button', { name: 'Xác nhận biên bản kiểm phiếu' }).click();
    await rep.getByText(`Trưởng ban kiểm phiếu, đồng chí ${B.full_name}, đã xác nhận biên bản kiểm phiếu.`).waitFor();
    await hb.getByText('đã xác nhận biên bản kiểm phiếu').waitFor();
    await noToast(b);
    await shot(b, '59-report-head-360.png', hb);

    // --- an election: two seats, three candidates (two from the roster) --------------------
    await board.locator('.ballot-new summary').click();
    await board.getByLabel('Loại phiếu').selectOption('election');
    await board.getByLabel('Nội dung bỏ phiếu').fill('Bầu chi ủy viên');
    for (const m of [A, B]) {
      await board.locator('select[name="ballot-from-roster"]').selectOption(String(m.id));
      await board.getByRole('button', { name: 'Thêm vào danh sách' }).click();
    }
    const cands = board.getByLabel('Danh sách ứng cử (mỗi dòng một người)');
    await cands.fill((await cands.inputValue()) + '\nNguyễn Văn Tý');
    await board.getByLabel('Số người được bầu').fill('2');
    await board.getByRole('button', { name: 'Phát phiếu' }).click();
    await ab.getByText('Chọn tối đa 2 người.').waitFor();
    const boxes = ab.locator('input[type=checkbox]');
    assert.equal(await boxes.count(), 4, 'three candidates and a blank ballot');
    await ab.getByText(A.full_name, { exact: true }).click();
    await ab.getByText('Nguyễn Văn Tý', { exact: true }).click();
    assert.equal(await ab.locator(`input[type=checkbox]:not([value=blank]):disabled`).count(), 1, 'the third is disabled at two');
    await shot(a, '57-ballot-election-360.png', ab);
    await ab.getByRole('button', { name: 'Bỏ phiếu' }).click();
    await a.locator('dialog[open]').getByText(`Bỏ phiếu «${A.full_name}, Nguyễn Văn Tý»?`).waitFor();
    await confirmDialog(a, 'Bỏ phiếu');
    await ab.getByText('Bạn đã bỏ phiếu.').waitFor();
    await bb.getByText('Phiếu trắng (không bầu ai)').click();
    await bb.getByRole('button', { name: 'Bỏ phiếu' }).click();
    await confirmDialog(b, 'Bỏ phiếu');
    await bb.getByText('Bạn đã bỏ phiếu.').waitFor();
    const eb = Number(await board.locator('.ballot.is-open').getAttribute('data-ballot'));
    await rpc(p, 'ballot.cast', { meeting: meeting.id, ballot: eb, choice: ['c1', 'c2'], tracker: '7c'.repeat(16) });
    await until(async () => (await text(board.locator('.turnout-big'))) === 'Đã bỏ phiếu: 3/3', 'turnout 3/3');
    await board.getByRole('button', { name: 'Kết thúc và kiểm phiếu' }).click();
    await confirmDialog(p, 'Kết thúc và kiểm phiếu');
    const er = board.locator(`.ballot[data-ballot="${eb}"]`);
    await er.locator('table.report').waitFor();
    const cells = await reportCells(er);
    assert.equal(cells['Số phiếu hợp lệ'], '2');
    assert.equal(cells['Số phiếu không hợp lệ (phiếu trắng)'], '1');
    assert.equal(cells[A.full_name], '2');
    assert.equal(cells[B.full_name], '1');
    assert.equal(cells['Nguyễn Văn Tý'], '1');
    await er.getByText(`Trúng cử: ${A.full_name} · còn 1/2 suất chưa có người trúng cử`).waitFor();
    await ab.getByText(`Phiếu của bạn đã được kiểm: ${A.full_name}, Nguyễn Văn Tý.`).waitFor();
    await bb.getByText('Phiếu của bạn (phiếu trắng) đã được kiểm.').waitFor();
    await noToast(p);
    await shot(p, '58-election-report.png', er);

    const noise = (e) => /ERR_CONNECTION_REFUSED|ERR_INTERNET_DISCONNECTED|WebSocket/.test(e);
    for (const pg of [p, a, b]) assert.deepEqual(pg.errors.filter((e) => !noise(e)), []);
  } finally {
    await stop(server.proc, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
});
