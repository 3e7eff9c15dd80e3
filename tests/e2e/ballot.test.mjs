// 6. Secret ballots and the annual review (issue 4). A member writes her
// self-review before the meeting; in the meeting the chair rates her by
// secret ballot: while the ballot is open the chair's screen shows only who
// has voted, never a count of choices; after the close the member's phone
// finds its tracker in the published box and says her ballot was counted;
// the proposed ratings carry the quota warning; a probationary member gets
// no ballot.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PHONE, DESK, launch, newUser, shot, login, until, rpc } from './lib.mjs';

const browser = await launch();
after(() => browser.close());

const noToast = (page) => page.locator('.toast.show').waitFor({ state: 'detached', timeout: 5000 }).catch(() => {});
const text = async (loc) => (await loc.innerText()).replace(/\s+/g, ' ').trim();
const REVIEW = 'Năm 2026 tôi hoàn thành tốt nhiệm vụ được giao; còn hạn chế trong việc nghiên cứu nghị quyết.';

test('an annual review: a self-review, a rating ballot counted as cast, the quota warning', async () => {
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

  // --- before the meeting: A writes her self-review on her phone ---------------------
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
  await review.getByText('Đã nộp: tự nhận hoàn thành tốt nhiệm vụ').waitFor();
  await shot(a, '55-self-review.png', review);
  // Another member reads it from her phone before the meeting.
  const others = b.locator('.me-reviews');
  await others.locator('summary').click();
  const aRow = others.locator('.review-list li', { hasText: A.full_name });
  await aRow.getByRole('button', { name: 'Đọc' }).click();
  await aRow.getByText(REVIEW).waitFor();

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

  // The chair reads A's self-review from the board.
  const board = p.locator('#b-ballot');
  const row = board.locator('.review-list li', { hasText: A.full_name });
  await row.getByRole('button', { name: 'Đọc' }).click();
  await row.getByText(REVIEW).waitFor();

  // --- a rating ballot for A --------------------------------------------------------------
  await board.locator('.vote-new summary').click();
  await board.getByLabel('Loại phiếu').selectOption('rating');
  await board.getByLabel('Đảng viên được xếp loại').selectOption(String(A.id));
  await board.getByRole('button', { name: 'Phát phiếu' }).click();
  await board.locator('.ballot.is-open').waitFor();

  // A's phone: the four levels and a blank ballot, big enough for a thumb.
  const ab = a.locator('.me-ballot');
  await ab.getByText('Hoàn thành xuất sắc nhiệm vụ').waitFor();
  assert.equal(await ab.locator('input[type=radio]').count(), 5);
  await ab.getByText('Hoàn thành xuất sắc nhiệm vụ').click();
  await noToast(a);
  await shot(a, '50-ballot-member-360.png', ab);
  await ab.getByRole('button', { name: 'Bỏ phiếu' }).click();
  await ab.getByText('Bạn đã bỏ phiếu.').waitFor();
  const tracker = (await ab.locator('.tracker').innerText()).replace(/\s+/g, '');
  assert.match(tracker, /^[0-9a-f]{32}$/);
  // The probationary member gets no ballot, and is told why.
  await pp.locator('.me-ballot').getByText('Bạn không thuộc diện bỏ phiếu lần này.').waitFor();
  assert.equal(await pp.locator('.me-ballot input').count(), 0);
  // B votes on her phone; the chair through the protocol.
  await b.locator('.me-ballot').getByText('Hoàn thành xuất sắc nhiệm vụ').click();
  await b.locator('.me-ballot').getByRole('button', { name: 'Bỏ phiếu' }).click();
  await b.locator('.me-ballot').getByText('Bạn đã bỏ phiếu.').waitFor();
  const ballot = Number(await board.locator('.ballot.is-open').getAttribute('data-ballot'));
  await rpc(p, 'ballot.cast', { meeting: meeting.id, ballot, choice: 'good', tracker: 'ab'.repeat(16) });

  // While open, the chair sees who has voted and how many — no count of choices.
  await until(async () => (await text(board.locator('.turnout-big'))) === 'Đã bỏ phiếu: 3/3', 'turnout 3/3');
  assert.equal(await board.locator('.ballot.is-open table.report').count(), 0);
  assert.doesNotMatch(await text(board.locator('.ballot.is-open')), /xuất sắc|Hoàn thành tốt/);
  await shot(p, '51-ballot-turnout-chair.png', board);

  // --- the close: the report, the member's check, the quota ---------------------------------
  await board.getByRole('button', { name: 'Kết thúc và kiểm phiếu' }).click();
  await p.locator('dialog[open]').getByRole('button', { name: 'Kết thúc và kiểm phiếu' }).click();
  const rep = board.locator(`.ballot[data-ballot="${ballot}"]`);
  await rep.locator('table.report').waitFor();
  const cells = Object.fromEntries(await rep.locator('table.report tr').evaluateAll((rs) => rs.map((r) => [r.cells[0].innerText.trim(), r.cells[1].innerText.trim()])));
  assert.equal(cells['Số phiếu phát ra'], '3');
  assert.equal(cells['Số phiếu thu về'], '3');
  assert.equal(cells['Hoàn thành xuất sắc nhiệm vụ'], '2');
  assert.equal(cells['Hoàn thành tốt nhiệm vụ'], '1');
  // Excellent needs at least 2/3 of 3: 2 is enough (cumulative from the top).
  await rep.getByText('Đề xuất xếp loại: Hoàn thành xuất sắc nhiệm vụ').waitFor();
  // One excellent and no good: more than 20% of those rated good.
  await board.locator('.rating-summary .warn', { hasText: 'vượt quá 20%' }).waitFor();
  assert.match(await text(board.locator('.rating-summary')), new RegExp(A.full_name + ' Hoàn thành xuất sắc nhiệm vụ'));
  await board.locator('.rating-summary').getByText('Chi bộ chỉ đề xuất').waitFor();
  await noToast(p);
  await shot(p, '52-ballot-report.png', rep);
  await shot(p, '54-rating-summary.png', board.locator('.rating-summary'));

  // A's phone found its tracker in the published box, with her choice.
  await ab.getByText('Phiếu của bạn đã được kiểm: Hoàn thành xuất sắc nhiệm vụ.').waitFor();
  await shot(a, '53-ballot-counted-360.png', ab);
  // Three ballots: not few, not all the same: no secrecy warning.
  assert.equal(await ab.locator('.warn').count(), 0);

  // The chair confirms the report (no committee appointed: the chair does).
  await rep.getByRole('button', { name: 'Xác nhận biên bản kiểm phiếu' }).click();
  await rep.getByText('đã xác nhận biên bản kiểm phiếu').waitFor();

  for (const pg of [p, a, b, pp]) assert.deepEqual(pg.errors, []);
});
