// 7. The minutes (issue 5). The secretary chairs from a desk; the
// minute-taker writes on a phone (autosave, a reload, a dropped line, a
// conflict with the chair's second device); the read-back on a member's
// phone; the approval vote; the lock with its fingerprint; DOCX, the
// resolution book and a district observer's report.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, existsSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { BASE, OUT, PHONE, DESK, launch, newUser, shot, login, until, rpc } from './lib.mjs';

const browser = await launch();
after(() => browser.close());

const TITLE = 'Sinh hoạt chi bộ thường kỳ tháng 3/2027';
const SUBJECT = 'Thông qua nghị quyết tháng 3/2027';
const RESOLUTION = 'Chi bộ thống nhất: tổ chức tổng vệ sinh khu phố vào sáng Chủ nhật hằng tuần.';
const OPENING = 'Đồng chí Bí thư tuyên bố lý do, giới thiệu đại biểu Quận ủy dự sinh hoạt.';
const ITEM = 'Đồng chí Bí thư thông báo tình hình thời sự trong nước và quốc tế tháng 3.';
const MINE = ITEM + ' Chi bộ thảo luận sôi nổi.';
const THEIRS = 'Bản sửa của chủ trì: thông báo thời sự tháng 3.';
const text = async (loc) => (await loc.innerText()).replace(/\s+/g, ' ').trim();
const noToast = (page) => page.locator('.toast.show').waitFor({ state: 'detached', timeout: 5000 }).catch(() => {});
const which = (cmd) => { try { return execFileSync('sh', ['-c', `command -v ${cmd}`]).toString().trim(); } catch { return ''; } };

async function download(page, button, file) {
  const [dl] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = join(OUT, file);
  await dl.saveAs(path);
  return { path, name: dl.suggestedFilename(), size: statSync(path).size };
}

test('minutes: written, saved, read back, approved, locked, exported; the resolution book; an observer\'s report', async () => {
  // --- the chair, at a desk, opens the meeting; a minute-taker and a member on phones ----------------
  const chair = await newUser(browser, DESK, 'chair');
  const p = chair.page;
  await login(p, 'bithu');
  const roster = (await rpc(p, 'roster.list', { cell: 2 })).members;
  const me = roster.find((m) => m.committee_role === 'secretary');
  const others = roster.filter((m) => m !== me && m.kind === 'official' && m.status === 'active');
  const [A, B] = others;   // A takes the minutes, B is a member
  const { meeting } = await rpc(p, 'meeting.create', { cell: 2, kind: 'regular', title: TITLE, starts_at: '2027-03-05T19:30', place: 'Nhà văn hóa khu phố 3' });
  await p.goto(BASE + '/#/meeting/' + meeting.id);
  await p.locator('.room-title', { hasText: TITLE }).waitFor();
  const links = {};
  for (const m of [A, B]) {
    const row = p.locator('.link-row', { hasText: m.full_name });
    await row.getByRole('button', { name: 'Tạo liên kết' }).click();
    links[m.id] = await row.locator('input.link-url').inputValue();
  }
  await p.getByRole('button', { name: 'Khai mạc cuộc họp' }).click();
  await p.locator('.room-head .badge', { hasText: 'Đang họp' }).waitFor();

  const ua = await newUser(browser, PHONE, 'minute-taker');
  const a = ua.page;
  await a.goto(links[A.id]);
  const ub = await newUser(browser, PHONE, 'member');
  const b = ub.page;
  await b.goto(links[B.id]);
  for (const u of [a, b]) await u.locator('.room-head .badge', { hasText: 'Đang họp' }).waitFor();
  // A district observer comes in (and files a report at the end).
  const uo = await newUser(browser, DESK, 'observer');
  const o = uo.page;
  await login(o, 'quansat');
  await o.goto(BASE + '/#/meeting/' + meeting.id);
  await o.locator('#b-roll').waitFor();

  // --- a short roll call: three of us here, the others away on work ---------------------------------------
  const roll = p.locator('#b-roll');
  await roll.getByRole('button', { name: 'Bắt đầu điểm danh' }).click();
  for (const u of [a, b, p]) await u.locator('.me-panel').getByRole('button', { name: 'Có mặt', exact: true }).click();
  for (const u of [a, b, p]) await u.locator('.me-present', { hasText: 'Bạn đã điểm danh: có mặt' }).waitFor();
  for (const m of others.slice(2)) await rpc(p, 'attendance.mark', { meeting: meeting.id, member: m.id, attendance: 'absent_excused', reason: 'work', note: '' });
  await roll.getByRole('button', { name: 'Kết thúc điểm danh' }).click();
  await roll.locator('.badge', { hasText: 'Đã điểm danh' }).waitFor();

  // --- A takes the minutes ---------------------------------------------------------------------------------
  const roles = p.locator('#b-roles');
  await roles.getByLabel('Nhiệm vụ').selectOption('minute_taker');
  await roles.getByLabel('Người được cử').selectOption('member:' + A.id);
  await roles.getByRole('button', { name: 'Cử', exact: true }).click();
  await roles.locator('dd', { hasText: A.full_name }).waitFor();
  assert.equal(await b.locator('#b-minutes').count(), 0, 'a member has no minutes board');

  // --- a named vote with a resolution text, on the resolution item ---------------------------------------------------
  const agenda = p.locator('#b-agenda');
  await agenda.locator('.item', { hasText: 'Chủ trì kết luận, biểu quyết nghị quyết' }).getByRole('button').click();
  await agenda.locator('.item.current', { hasText: 'Chủ trì kết luận, biểu quyết nghị quyết' }).waitFor();
  const vote = p.locator('#b-vote');
  await vote.getByLabel('Nội dung biểu quyết').fill(SUBJECT);
  await vote.getByLabel('Toàn văn đưa ra biểu quyết', { exact: false }).fill(RESOLUTION);
  await vote.getByRole('button', { name: 'Mở biểu quyết' }).click();
  await vote.locator('.vote.is-open .vote-subject', { hasText: SUBJECT }).waitFor();
  for (const u of [a, b, p]) {
    await u.locator('.me-vote', { hasText: SUBJECT }).waitFor();
    await u.locator('.me-vote button[data-choice="for"]').click();
    await u.locator('.vote-mine', { hasText: 'Bạn đã chọn: tán thành.' }).waitFor();
  }
  await vote.locator('.vote.is-open').getByRole('button', { name: 'Kết thúc biểu quyết' }).click();
  await p.locator('dialog[open]').getByRole('button', { name: 'Kết thúc biểu quyết' }).click();
  await vote.locator('.vote-past .vote-result.passed').first().waitFor();

  // --- the minute-taker writes on her phone ------------------------------------------------------------------------
  const mins = a.locator('#b-minutes');
  await mins.locator('article.mins-sec').first().waitFor();
  const opening = mins.locator('article.mins-sec[data-section="opening"]');
  const item = mins.locator('article.mins-sec[data-section^="item:"]', { has: a.locator('h3', { hasText: 'Thông tin thời sự' }) });
  const itemId = await item.getAttribute('data-section');
  // chibo's own lines are shown above the boxes: attendance, the vote with its counts.
  await until(async () => (await text(opening.locator('.mins-facts'))).includes('Có mặt: 3 đồng chí'), 'attendance among chibo\'s lines');
  const resolutionSec = mins.locator('article.mins-sec[data-section^="item:"]', { has: a.locator('h3', { hasText: 'biểu quyết nghị quyết' }) });
  await until(async () => (await text(resolutionSec.locator('.mins-facts'))).includes(SUBJECT), 'the vote among chibo\'s lines');
  await opening.locator('textarea').fill(OPENING);
  await opening.locator('.save-state[data-save="saved"]', { hasText: 'Đã lưu' }).waitFor({ timeout: 8000 });
  await item.locator('textarea').fill(ITEM);
  await item.locator('textarea').blur();
  await item.locator('.save-state[data-save="saved"]').waitFor({ timeout: 8000 });
  await noToast(a);
  await shot(a, 'minutes-editor-phone-facts.png', opening);
  await shot(a, 'minutes-editor-phone.png', item);
  // A reload: the text is there (from the server).
  await a.reload();
  await a.locator('#b-minutes article.mins-sec[data-section="opening"] textarea').waitFor();
  await until(async () => (await a.locator('#b-minutes article.mins-sec[data-section="opening"] textarea').inputValue()) === OPENING, 'the text after a reload');
  assert.equal(await a.locator(`#b-minutes article.mins-sec[data-section="${itemId}"] textarea`).inputValue(), ITEM);

  // --- the chair's second device edits the same section while the phone is offline: a conflict ----------------------
  const chair2 = await newUser(browser, DESK, 'chair, second device');
  const p2 = chair2.page;
  await login(p2, 'bithu');
  await p2.goto(BASE + '/#/meeting/' + meeting.id);
  const sec2 = p2.locator(`#b-minutes article.mins-sec[data-section="${itemId}"]`);
  await until(async () => (await sec2.locator('textarea').inputValue()) === ITEM, 'the chair\'s second device has the text');
  await ua.context.setOffline(true);
  await a.locator('#conn[data-state="retrying"], #conn[data-state="down"]').waitFor();
  const secA = a.locator(`#b-minutes article.mins-sec[data-section="${itemId}"]`);
  await secA.locator('textarea').fill(MINE);
  await secA.locator('.save-state[data-save="offline"]', { hasText: 'Chưa lưu — sẽ gửi khi có mạng' }).waitFor();
  // Kept on the phone meanwhile.
  const kept = await a.evaluate((k) => localStorage.getItem(k), `chibo.minutes.${meeting.id}.${itemId}`);
  assert.equal(JSON.parse(kept).text, MINE);
  await sec2.locator('textarea').fill(THEIRS);
  await sec2.locator('textarea').blur();
  await sec2.locator('.save-state[data-save="saved"]').waitFor({ timeout: 8000 });
  await noToast(p2);
  await shot(p2, 'minutes-editor-desk.png', p2.locator('#b-minutes'));
  await ua.context.setOffline(false);
  const clash = secA.locator('.mins-conflict');
  await clash.waitFor({ timeout: 15000 });
  assert.match(await text(clash), new RegExp(`Bản của đ/c ${me.full_name}`));
  assert.match(await text(clash), /Bản của tôi/);
  assert.ok((await text(clash)).includes(THEIRS) && (await text(clash)).includes(MINE), 'both texts are shown');
  await secA.locator('.save-state[data-save="conflict"]').waitFor();
  await shot(a, 'minutes-conflict-phone.png', secA);
  // Nothing was overwritten: the server still has the chair's text.
  const got = (await rpc(p, 'minutes.get', { meeting: meeting.id })).minutes;
  assert.equal(got.sections.find((x) => x.id === itemId).text, THEIRS);
  await clash.getByRole('button', { name: 'Giữ bản của tôi' }).click();
  await secA.locator('.save-state[data-save="saved"]').waitFor();
  await until(async () => (await sec2.locator('textarea').inputValue()) === MINE, 'the other device gets the kept text');
  assert.equal(await a.evaluate((k) => localStorage.getItem(k), `chibo.minutes.${meeting.id}.${itemId}`), null, 'the draft is forgotten once saved');
  await chair2.context.close();

  // --- the read-back: the full minutes on the member's phone ---------------------------------------------------------
  await mins.getByRole('button', { name: 'Trình bày biên bản' }).click();
  const rb = b.locator('dialog.mreader[open]');
  await rb.waitFor();
  await rb.locator('.mdoc-title', { hasText: 'BIÊN BẢN' }).waitFor();
  await until(async () => (await text(rb.locator('.mdoc'))).includes(MINE), 'the minute-taker\'s text on the phone');
  const doc = await text(rb.locator('.mdoc'));
  assert.ok(doc.includes('ĐẢNG CỘNG SẢN VIỆT NAM') && doc.includes(OPENING) && doc.includes(SUBJECT), doc.slice(0, 400));
  assert.match(doc, /Dự thảo/);
  assert.match(await text(rb.locator('.mreader-status')), new RegExp(`Đ/c ${A.full_name} đang trình bày biên bản`));
  await shot(b, 'minutes-readback-phone.png');
  await rb.locator('.mdoc-body p', { hasText: 'sôi nổi' }).evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await shot(b, 'minutes-readback-phone-2.png');
  // Closed, and opened again from the room.
  await rb.getByRole('button', { name: 'Đóng' }).click();
  await b.locator('dialog.mreader[open]').waitFor({ state: 'detached' });
  await b.locator('.minutes-card', { hasText: 'Thư ký đang trình bày biên bản' }).getByRole('button', { name: 'Xem biên bản' }).click();
  await b.locator('dialog.mreader[open] .mdoc').waitFor();
  await b.locator('dialog.mreader[open]').getByRole('button', { name: 'Đóng' }).click();
  await a.locator('dialog.mreader[open]').getByRole('button', { name: 'Đóng' }).click();

  // --- the approval vote, from the chair's reader ------------------------------------------------------------------------
  const rp = p.locator('dialog.mreader[open]');
  await rp.waitFor();
  await rp.getByRole('button', { name: 'Biểu quyết thông qua biên bản' }).click();
  await p.locator('dialog.dialog[open]').getByRole('button', { name: 'Biểu quyết thông qua biên bản' }).click();
  await rp.waitFor({ state: 'detached' });
  for (const u of [a, b, p]) {
    await u.locator('.me-vote h2', { hasText: 'Biểu quyết thông qua biên bản' }).waitFor();
    await u.locator('.me-vote button[data-choice="for"]').click();
    await u.locator('.vote-mine', { hasText: 'Bạn đã chọn: tán thành.' }).waitFor();
  }
  await p.locator('#b-minutes .mins-status', { hasText: 'Đang biểu quyết thông qua biên bản' }).waitFor();
  assert.equal(await a.locator(`#b-minutes article.mins-sec[data-section="${itemId}"] textarea`).isEditable(), false, 'no edits during the vote');
  await vote.locator('.vote.is-open .tag', { hasText: 'Thông qua biên bản' }).waitFor();
  await vote.locator('.vote.is-open').getByRole('button', { name: 'Kết thúc biểu quyết' }).click();
  await p.locator('dialog[open]').getByRole('button', { name: 'Kết thúc biểu quyết' }).click();

  // --- locked: the banner with the fingerprint ---------------------------------------------------------------------------
  const lock = p.locator('#b-minutes .lock-box');
  await lock.waitFor();
  assert.match(await text(lock), /Biên bản đã được thông qua và khóa/);
  const locked = (await rpc(p, 'minutes.get', { meeting: meeting.id })).minutes;
  assert.equal(locked.status, 'locked');
  const sha = locked.lock.content_sha256;
  assert.match(sha, /^[0-9a-f]{64}$/);
  assert.equal(await text(lock.locator('.fp-short')), sha.slice(0, 16).replace(/(.{4})/g, '$1 ').trim() + '…');
  await lock.getByText('Xem đầy đủ').click();
  assert.equal(await text(lock.locator('.fp-full')), sha);
  assert.equal(await text(lock.locator('.key-id')), locked.lock.key_id);
  await lock.getByText('Khóa công khai (Ed25519)').click();
  assert.equal(await text(lock.locator('.pub-key')), locked.key.public_key);
  await b.locator('.minutes-card', { hasText: 'Biên bản đã được thông qua và khóa' }).waitFor();
  await p.locator('.feed li', { hasText: 'Biên bản đã được thông qua và khóa' }).first().waitFor();
  await noToast(p);
  await shot(p, 'minutes-locked-desk.png', p.locator('#b-minutes'));

  // An edit after the lock is refused: read-only boxes on the minute-taker's phone, and the server says so.
  const after = a.locator(`#b-minutes article.mins-sec[data-section="${itemId}"] textarea`);
  await a.locator('#b-minutes .lock-box', { hasText: 'Biên bản đã được thông qua và khóa' }).waitFor();
  assert.equal(await after.isEditable(), false);
  await after.press('x').catch(() => {});
  assert.equal(await after.inputValue(), MINE);
  const refused = await a.evaluate((args) => window.chibo.conn.request('minutes.save', args).then(() => 'ok', (e) => e.code),
    { meeting: meeting.id, section: itemId, text: 'sửa sau khi khóa', base: 2 });
  assert.equal(refused, 'minutes_locked');
  await a.locator('#b-minutes .lock-box').waitFor();
  await shot(a, 'minutes-locked-phone.png', a.locator('#b-minutes .lock-box'));

  // --- exports: the DOCX ---------------------------------------------------------------------------------------------------
  const docx = await download(p, p.locator('#b-minutes .exports button[data-format="docx"]'), 'minutes.docx');
  assert.match(docx.name, /\.docx$/);
  assert.ok(docx.size > 2000, 'a real DOCX: ' + docx.size);
  assert.equal(readFileSync(docx.path).subarray(0, 2).toString(), 'PK');
  await p.locator('#b-minutes .exp-state', { hasText: 'Đã tải' }).waitFor();
  const json = await download(p, p.locator('#b-minutes .exports button[data-format="json"]'), 'minutes-record.json');
  const record = JSON.parse(readFileSync(json.path, 'utf8'));
  assert.equal(record.content_sha256, sha);
  // LibreOffice opens the DOCX (deploy/install-deps.sh installs it for the
  // tests): page 1 as it prints, for a person to look at.
  assert.ok(which('soffice'), 'soffice (libreoffice-writer-nogui) is missing: run deploy/install-deps.sh');
  {
    const pdfDir = join(OUT, 'docx-pdf');
    rmSync(pdfDir, { recursive: true, force: true });
    execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', pdfDir, docx.path], { timeout: 120000, stdio: 'pipe' });
    const pdf = join(pdfDir, 'minutes.pdf');
    assert.ok(existsSync(pdf), 'soffice wrote the PDF');
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', pdf, join(OUT, 'minutes-docx-page1')], { timeout: 60000 });
    assert.ok(existsSync(join(OUT, 'minutes-docx-page1.png')), 'pdftoppm wrote page 1');
    const text = execFileSync('pdftotext', [pdf, '-'], { timeout: 60000 }).toString();
    for (const want of ['ĐẢNG CỘNG SẢN VIỆT NAM', 'BIÊN BẢN', 'CHỦ TRÌ', 'THƯ KÝ']) assert.ok(text.includes(want), `LibreOffice's PDF shows ${want}`);
    console.log('minutes: the DOCX as LibreOffice prints it: output/minutes-docx-page1.png');
  }

  // --- an addendum, by the minute-taker ---------------------------------------------------------------------------------------
  const ADD = 'Bổ sung: đồng chí Bùi Văn Khoa gửi ý kiến bằng văn bản, thống nhất với nghị quyết.';
  await a.locator('#b-minutes').getByLabel('Nội dung bổ sung').fill(ADD);
  await a.locator('#b-minutes').getByRole('button', { name: 'Thêm phần bổ sung' }).click();
  await a.locator('dialog.dialog[open]').getByRole('button', { name: 'Thêm phần bổ sung' }).click();
  await p.locator('#b-minutes .addenda li', { hasText: ADD }).waitFor();
  assert.match(await text(p.locator('#b-minutes .addenda li', { hasText: ADD })), new RegExp(`đ/c ${A.full_name}`));

  // --- the observer's report -------------------------------------------------------------------------------------------------------
  const rep = o.locator('#b-report');
  await rep.waitFor();
  // Prefilled as the meeting went (the form loaded before the roll call).
  await until(async () => (await rep.getByLabel('Tình hình dự họp').inputValue()).includes('Có mặt: 3 đồng chí'), 'the attendance prefilled');
  await rep.locator('fieldset', { hasText: 'trình tự' }).getByLabel('Có').check();
  await rep.locator('fieldset', { hasText: 'Nội dung' }).getByLabel('Có').check();
  await rep.getByLabel('Ý kiến phát biểu tại buổi sinh hoạt').fill('Chi bộ sinh hoạt đúng giờ, nội dung thiết thực.');
  await rep.getByLabel('Đề xuất, kiến nghị').fill('Đề nghị Đảng ủy phường hỗ trợ kinh phí vệ sinh môi trường.');
  await rep.getByRole('button', { name: 'Gửi báo cáo' }).click();
  await rep.locator('.ok-box', { hasText: 'Đã gửi lúc' }).waitFor();
  await p.locator('.feed li', { hasText: 'gửi báo cáo dự sinh hoạt' }).waitFor();
  await noToast(o);
  await shot(o, 'observer-report-desk.png', rep);
  const orep = await download(o, rep.locator('.exports button[data-format="pdf"]'), 'observer-report.pdf');
  assert.equal(readFileSync(orep.path).subarray(0, 4).toString(), '%PDF');

  // --- the close; the resolution book; the minutes from the meetings list ---------------------------------------------------------------
  await p.getByRole('button', { name: 'Bế mạc cuộc họp' }).click();
  await p.locator('dialog[open]').getByRole('button', { name: 'Bế mạc cuộc họp' }).click();
  await b.locator('.room-head .badge', { hasText: 'Đã kết thúc' }).waitFor();
  await p.goto(BASE + '/#/cell/2/meetings');
  await p.getByRole('button', { name: 'Sổ nghị quyết' }).click();
  const book = p.locator('.res-book');
  // The book of the year the resolution was voted (today, in Vietnam), not
  // of the meeting's planned date (05/03/2027).
  const votedIn = String(new Date(Date.now() + 7 * 3600e3).getUTCFullYear());
  await book.getByLabel('Năm').selectOption(votedIn);
  const entry = book.locator('.res-list li', { hasText: SUBJECT });
  await entry.waitFor();
  assert.ok((await text(entry)).includes(RESOLUTION));
  // The date the resolution was adopted: the day this test runs.
  assert.match(await text(entry), /^\d{2}\/\d{2}\/\d{4} /);
  assert.match(await text(entry), /Tán thành 3\/3/);
  await noToast(p);
  await shot(p, 'resolution-book-desk.png', book);
  const bookDocx = await download(p, book.locator('.exports button[data-format="docx"]'), 'resolution-book.docx');
  assert.equal(readFileSync(bookDocx.path).subarray(0, 2).toString(), 'PK');
  const row = p.locator(`.mt-exports[data-meeting="${meeting.id}"]`);
  await row.getByRole('button', { name: 'Tải biên bản' }).click();
  const fromList = await download(p, row.locator('button[data-format="pdf"]'), 'minutes-from-list.pdf');
  assert.equal(readFileSync(fromList.path).subarray(0, 4).toString(), '%PDF');

  // The resolution book on a phone.
  const ph = await newUser(browser, PHONE, 'secretary on a phone');
  await login(ph.page, 'bithu');
  await ph.page.getByRole('button', { name: 'Sổ nghị quyết' }).click();
  await ph.page.locator('.res-book').getByLabel('Năm').selectOption(votedIn);
  await ph.page.locator('.res-book .res-list li', { hasText: SUBJECT }).waitFor();
  await shot(ph.page, 'resolution-book-phone.png', ph.page.locator('.res-book'));

  const errors = [p, a, b, o, ph.page].flatMap((u) => u.errors).filter((e) => !/ERR_INTERNET_DISCONNECTED|WebSocket/.test(e));
  assert.deepEqual(errors, []);
  for (const u of [chair, ua, ub, uo, ph]) await u.context.close();
});
