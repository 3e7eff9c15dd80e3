// 5. Running a meeting (issue 3). The secretary chairs from a desk; two
// official members and a probationary one take part from their phones; a
// district observer watches. Roll call (one absent with a reason, one
// without), speakers, the agenda, a named vote where one member changes their
// answer. Every figure shown is checked against numbers this test computes
// itself from DOMAIN.md's rules and the roster the server lists.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PHONE, DESK, launch, newUser, shot, login, until, rpc } from './lib.mjs';

const browser = await launch();
after(() => browser.close());

const TITLE = 'Sinh hoạt chi bộ thường kỳ tháng 2/2027';
const SUBJECT = 'Thông qua nghị quyết tháng 2/2027';
const text = async (loc) => (await loc.innerText()).replace(/\s+/g, ' ').trim();
// Screenshots without a toast over them.
const noToast = (page) => page.locator('.toast.show').waitFor({ state: 'detached', timeout: 5000 }).catch(() => {});

// DOMAIN.md "Votes": the denominator is the official members, minus those
// attached elsewhere, suspended, exempt and absent, or absent for the whole
// meeting with a reason; probationary members never count. Who may vote: an
// official member, active or exempt, present. "Order of a regular meeting":
// the attendance criterion is over members who are expected (not exempt,
// attached or suspended). Ordinary decisions pass with more than 1/2.
function expected(roster, att) {
  const attended = (m) => att[m.id] === 'present' || att[m.id] === 'departed';
  const inDen = (m) => m.kind === 'official' && m.status !== 'attached' && m.status !== 'suspended'
    && !(m.status === 'exempt' && !attended(m)) && att[m.id] !== 'absent_excused';
  const voter = (m) => m.kind === 'official' && (m.status === 'active' || m.status === 'exempt') && att[m.id] === 'present';
  const exp = roster.filter((m) => m.status === 'active');
  const den = roster.filter(inDen).length;
  return {
    members: roster.length,
    present: roster.filter(attended).length,
    excused: roster.filter((m) => att[m.id] === 'absent_excused').length,
    unexcused: roster.filter((m) => att[m.id] === 'absent_unexcused').length,
    unmarked: roster.filter((m) => !att[m.id]).length,
    expected: exp.length,
    expectedPresent: exp.filter(attended).length,
    den,
    voters: roster.filter(voter).map((m) => m.full_name),
    required: Math.floor(den / 2) + 1,  // the smallest count that is more than half
  };
}

test('a chair runs roll call, speakers and a named vote; members vote from their phones', async () => {
  // --- the chair, at a desk ---------------------------------------------------------
  const chair = await newUser(browser, DESK, 'chair');
  const p = chair.page;
  await login(p, 'bithu');
  const roster = (await rpc(p, 'roster.list', { cell: 2 })).members;
  const me = roster.find((m) => m.committee_role === 'secretary');
  const others = roster.filter((m) => m !== me && m.kind === 'official' && m.status === 'active');
  assert.ok(others.length >= 4, 'the demo roster has enough official members');
  const [A, B] = others;                 // vote from their phones
  const ill = others[2];                 // absent with a reason
  const noShow = others[3];              // absent without a reason
  const P = roster.find((m) => m.kind === 'probationary' && m.status === 'active');
  assert.ok(P, 'a probationary member');

  const { meeting } = await rpc(p, 'meeting.create', { cell: 2, kind: 'regular', title: TITLE, starts_at: '2027-02-01T19:30', place: 'Nhà văn hóa khu phố 3' });
  await p.goto(BASE + '/#/meeting/' + meeting.id);
  await p.locator('.room-title', { hasText: TITLE }).waitFor();
  // Before the meeting opens only the agenda can be prepared: the template.
  await p.locator('#b-agenda').getByText('Điểm danh đảng viên').waitFor();
  assert.equal(await p.locator('#b-roll').isVisible(), false);

  // Personal links for A, B and P from the links panel.
  const links = {};
  for (const m of [A, B, P]) {
    const row = p.locator('.link-row', { hasText: m.full_name });
    await row.getByRole('button', { name: 'Tạo liên kết' }).click();
    links[m.id] = await row.locator('input.link-url').inputValue();
  }
  await p.getByRole('button', { name: 'Khai mạc cuộc họp' }).click();
  await p.locator('.room-head .badge', { hasText: 'Đang họp' }).waitFor();
  await p.locator('#b-roll').waitFor();

  // --- members on their phones, an observer at a desk -----------------------------
  const phones = {};
  for (const m of [A, B, P]) {
    const u = await newUser(browser, PHONE, m.full_name);
    await u.page.goto(links[m.id]);
    await u.page.locator('.room-head .badge', { hasText: 'Đang họp' }).waitFor();
    phones[m.id] = u;
  }
  const a = phones[A.id].page, b = phones[B.id].page, pp = phones[P.id].page;
  // A member's phone never loads the boards.
  assert.equal(await a.locator('#b-roll').count(), 0);
  assert.equal(await a.evaluate(() => performance.getEntriesByType('resource').some((r) => /board/.test(r.name))), false);

  const obs = await newUser(browser, DESK, 'observer');
  const o = obs.page;
  await login(o, 'quansat');
  await o.goto(BASE + '/#/meeting/' + meeting.id);
  await o.locator('#b-roll').waitFor();

  // --- roll call ---------------------------------------------------------------------
  const roll = p.locator('#b-roll');
  await roll.getByRole('button', { name: 'Bắt đầu điểm danh' }).click();
  await roll.locator('.badge', { hasText: 'Đang điểm danh' }).waitFor();
  await a.getByText('Đang điểm danh: bấm «Có mặt».').waitFor();
  for (const u of [a, b, pp]) await u.locator('.me-panel').getByRole('button', { name: 'Có mặt', exact: true }).click();
  await p.locator('.me-panel').getByRole('button', { name: 'Có mặt', exact: true }).click();
  for (const u of [a, b, pp, p]) await u.locator('.me-present', { hasText: 'Bạn đã điểm danh: có mặt' }).waitFor();
  // Check-ins that come while another is being written are logged as one
  // attendance.marks and shown as one line (PROTOCOL.md "Casts and check-ins
  // travel together"). Which of the two happens is timing; either way every
  // name is in the chair's feed, on a roll-call line.
  await until(async () => {
    const lines = await p.locator('.feed li[data-ev^="attendance.mark"]').allInnerTexts();
    return [me, A, B, P].every((m) => lines.some((l) => l.includes(m.full_name)));
  }, 'every check-in on a feed line');
  await shot(p, '43b-rollcall-feed.png', p.locator('.feed'));
  const att = { [me.id]: 'present', [A.id]: 'present', [B.id]: 'present', [P.id]: 'present' };

  // The chair marks the others: one ill, one without a reason, the other
  // official members away on work (so that the vote can pass with the few
  // of us here); exempt members stay unmarked (not counted when absent).
  const markExcused = async (m, reason, note) => {
    const row = roll.locator(`li[data-member="${m.id}"]`);
    await row.locator('.m-absent_excused').click();
    await row.getByLabel(reason, { exact: true }).check();
    if (note) await row.getByLabel('Ghi rõ lý do').fill(note);
    await row.getByRole('button', { name: 'Lưu' }).click();
    await row.locator('.attv', { hasText: 'Vắng có lý do' }).waitFor();
    att[m.id] = 'absent_excused';
  };
  await markExcused(ill, 'ốm đau');
  await roll.locator(`li[data-member="${noShow.id}"] .m-absent_unexcused`).click();
  await roll.locator(`li[data-member="${noShow.id}"] .attv`, { hasText: 'Vắng không lý do' }).waitFor();
  att[noShow.id] = 'absent_unexcused';
  for (const [i, m] of others.slice(4).entries()) await markExcused(m, i === 0 ? 'lý do khác' : 'công tác', i === 0 ? 'Đi viện thăm mẹ' : null);
  assert.match(await text(roll.locator(`li[data-member="${ill.id}"]`)), /Vắng có lý do · ốm đau/);
  if (others.length > 4) assert.match(await text(roll.locator(`li[data-member="${others[4].id}"]`)), /Đi viện thăm mẹ/);

  const x = expected(roster, att);
  await roll.getByRole('button', { name: 'Kết thúc điểm danh' }).click();
  await roll.locator('.badge', { hasText: 'Đã điểm danh' }).waitFor();
  await until(async () => (await text(roll.locator('.fig.ok'))) === `${x.present}/${x.members} có mặt`, 'present count');
  const figs = await roll.locator('.figures .fig .n').allInnerTexts();
  assert.deepEqual(figs, [`${x.present}/${x.members}`, String(x.excused), String(x.unexcused), String(x.unmarked)]);
  assert.match(await text(roll.locator('.rate')), new RegExp(`^Tỷ lệ dự họp: ${x.expectedPresent}/${x.expected} \\(`));
  const meets = x.expectedPresent * 100 > 85 * x.expected;
  assert.match(await text(roll.locator('.rate')), meets ? /đạt ✓$/ : /chưa đạt$/);
  assert.equal(await text(roll.locator('.denominator')),
    `Mẫu số biểu quyết: ${x.den} · có quyền biểu quyết đang có mặt: ${x.voters.length} · ${x.voters.length * 2 > x.den ? 'đủ điều kiện biểu quyết ✓' : 'chưa đủ điều kiện biểu quyết'}`);
  const cat = async (c) => (await roll.locator(`tr[data-cat="${c}"] td`).allInnerTexts()).map(Number);
  assert.deepEqual(await cat('probationary'), [roster.filter((m) => m.kind === 'probationary').length, 1]);
  assert.deepEqual(await cat('exempt'), [roster.filter((m) => m.kind === 'official' && m.status === 'exempt').length, 0]);
  assert.match(await text(roll.locator('.roll-result')), new RegExp(`Vắng không lý do: ${noShow.full_name}`));
  // The observer sees the same figures, and no marking buttons.
  await until(async () => (await text(o.locator('#b-roll .denominator'))).startsWith(`Mẫu số biểu quyết: ${x.den} `), 'observer sees the denominator');
  assert.equal(await o.locator('#b-roll .marks').first().isVisible(), false);
  await noToast(p);
  await shot(p, '43-rollcall-board.png', roll);

  // --- appointments: A takes the minutes (and gets the boards on their phone) -------------
  const roles = p.locator('#b-roles');
  await roles.getByLabel('Nhiệm vụ').selectOption('minute_taker');
  await roles.getByLabel('Người được cử').selectOption('member:' + A.id);
  await roles.getByRole('button', { name: 'Cử', exact: true }).click();
  await roles.locator('dd', { hasText: A.full_name }).waitFor();
  await p.locator('.feed li', { hasText: `Đ/c ${A.full_name} được cử làm thư ký cuộc họp` }).waitFor();
  await a.locator('#b-roll .marks').first().waitFor();
  assert.equal(await a.locator('#b-roll').getByRole('button', { name: 'Kết thúc điểm danh' }).count(), 0, 'the minute-taker marks, the chair opens and closes');
  assert.equal(await b.locator('#b-roll').count(), 0, 'other members still have their own part only');

  // --- speakers ------------------------------------------------------------------------
  const speak = p.locator('#b-speak');
  await a.getByRole('button', { name: 'Giơ tay xin phát biểu' }).click();
  await a.getByText('Bạn đang xin phát biểu, lượt tiếp theo là của bạn.').waitFor();
  await o.getByRole('button', { name: 'Giơ tay xin phát biểu' }).click();
  await speak.locator('.queue li', { hasText: 'Phan Văn Quang' }).waitFor();
  assert.deepEqual((await speak.locator('.queue li .pname').allInnerTexts()), [A.full_name, 'Phan Văn Quang'], 'hands in the order raised');
  await speak.getByRole('button', { name: 'Mời phát biểu: ' + A.full_name }).click();
  await a.locator('.me-speaking', { hasText: 'Bạn đang phát biểu' }).waitFor();
  await b.getByText('Đang phát biểu: ' + A.full_name).waitFor();
  await a.waitForTimeout(1100);
  await a.getByRole('button', { name: 'Kết thúc phát biểu' }).click();
  await a.getByRole('button', { name: 'Giơ tay xin phát biểu' }).waitFor();
  await speak.getByRole('button', { name: 'Mời phát biểu: Phan Văn Quang' }).click();
  await o.locator('.me-speaking', { hasText: 'Bạn đang phát biểu' }).waitFor();
  await speak.locator('.floor-now', { hasText: 'Đang phát biểu: Phan Văn Quang' }).waitFor();
  await speak.getByRole('button', { name: 'Kết thúc phát biểu' }).click();
  await speak.getByText('Chưa có ai đang phát biểu.').waitFor();
  const first = speak.locator('.speech-list li').first();
  assert.match(await text(first.locator('.speech-head')), new RegExp(`^${A.full_name} 0:0[1-9]`));
  // The minute-taker writes the gist from their phone.
  const firstOnA = a.locator('#b-speak .speech-list li').first();
  await firstOnA.getByRole('button', { name: 'Ghi tóm tắt: ' + A.full_name }).click();
  await firstOnA.getByLabel('Tóm tắt ý kiến').fill('Đề nghị bổ sung chỉ tiêu vệ sinh môi trường.');
  await firstOnA.getByRole('button', { name: 'Lưu' }).click();
  await first.locator('.gist', { hasText: 'Đề nghị bổ sung chỉ tiêu vệ sinh môi trường.' }).waitFor();
  await o.locator('#b-speak .gist', { hasText: 'Đề nghị bổ sung chỉ tiêu vệ sinh môi trường.' }).waitFor();

  // --- the agenda: edit, then move to the resolution -------------------------------------
  const agenda = p.locator('#b-agenda');
  await agenda.getByRole('button', { name: 'Sửa chương trình' }).click();
  await agenda.getByRole('button', { name: '+ Thêm mục' }).click();
  await agenda.locator('.edit-item input[name="item-title"]').and(p.locator(':focus')).fill('Góp ý dự thảo văn kiện đại hội');
  await agenda.getByRole('button', { name: 'Lưu chương trình' }).click();
  await agenda.locator('.item', { hasText: 'Góp ý dự thảo văn kiện đại hội' }).waitFor();
  await agenda.locator('.item', { hasText: 'Chủ trì kết luận, biểu quyết nghị quyết' }).getByRole('button').click();
  await agenda.locator('.item.current', { hasText: 'Chủ trì kết luận, biểu quyết nghị quyết' }).waitFor();
  await a.locator('.me-item', { hasText: 'Chủ trì kết luận, biểu quyết nghị quyết' }).waitFor();

  // --- a named vote ------------------------------------------------------------------------
  const vote = p.locator('#b-vote');
  await vote.getByLabel('Nội dung biểu quyết').fill(SUBJECT);
  await vote.getByLabel('Loại quyết định').selectOption('ordinary');
  await vote.getByRole('button', { name: 'Mở biểu quyết' }).click();
  await vote.locator('.vote.is-open .vote-subject', { hasText: SUBJECT }).waitFor();
  assert.match(await text(vote.locator('.vote.is-open .hint').first()), new RegExp(`quá 1/2 của ${x.den} đảng viên`));

  // Members answer; B changes their mind; the probationary member is told why not.
  const pick = (u, c) => u.locator(`.me-vote button[data-choice="${c}"]`).click();
  await a.locator('.me-vote', { hasText: SUBJECT }).waitFor();
  await pick(a, 'for');
  await pick(b, 'against');
  await b.locator('.vote-mine', { hasText: 'Bạn đã chọn: không tán thành.' }).waitFor();
  // B changes their mind with no network: the answer waits, then goes with
  // the same idempotency key once the phone is back.
  await b.evaluate(() => {
    const c = window.chibo.conn, send = c.request.bind(c);
    window.__casts = [];
    c.request = (op, args, o) => { if (op === 'vote.cast') window.__casts.push({ ...args }); return send(op, args, o); };
  });
  await phones[B.id].context.setOffline(true);
  await b.locator('#conn[data-state="retrying"], #conn[data-state="down"]').waitFor();
  await pick(b, 'for');
  await b.locator('.vote-mine', { hasText: 'Đang gửi: tán thành…' }).waitFor();
  await phones[B.id].context.setOffline(false);
  await b.locator('.vote-mine', { hasText: 'Bạn đã chọn: tán thành.' }).waitFor();
  const casts = await b.evaluate(() => window.__casts);
  assert.ok(casts.length >= 2 && casts.every((c) => c.key === casts[0].key && c.choice === 'for'), JSON.stringify(casts));
  // Logged once. The key stays in the server's log (PROTOCOL.md "Events"):
  // the phone sees B's answers by member and choice, and no key.
  // A batch comes as ids grouped by choice (PROTOCOL.md vote.casts).
  const received = await b.evaluate(() => window.chibo.conn.events.filter((e) => e.ev === 'vote.cast' || e.ev === 'vote.casts'));
  const answers = received.flatMap((e) => (e.ev === 'vote.cast' ? [e.data]
    : Object.entries(e.data.choices || {}).flatMap(([choice, ids]) => ids.map((member) => ({ member, choice })))));
  assert.equal(answers.filter((d) => d.member === B.id && d.choice === 'for').length, 1, 'cast once');
  assert.ok(answers.length >= 3 && received.every((e) => !JSON.stringify(e.data).includes('"key"')), JSON.stringify(received));
  assert.equal(await b.locator('.me-vote button[data-choice="for"]').getAttribute('aria-pressed'), 'true');
  assert.equal(await b.locator('.me-vote button[data-choice="against"]').getAttribute('aria-pressed'), 'false');
  await pp.locator('.me-vote', { hasText: SUBJECT }).waitFor();
  assert.equal(await text(pp.locator('.vote-why')), 'Đảng viên dự bị không biểu quyết.');
  assert.equal(await pp.locator('.me-vote .choices').isVisible(), false);
  assert.equal(await pp.locator('.me-vote button[data-choice]').filter({ visible: true }).count(), 0);
  await shot(b, '41-member-vote-360.png', b.locator('.me-vote'));
  await shot(pp, '41b-probationary-360.png', pp.locator('.me-vote'));

  // Live on the chair's board: two for, and who has not answered (the chair).
  const live = vote.locator('.vote.is-open');
  await until(async () => (await live.locator('.fig[data-choice="for"] .n').innerText()) === '2', 'two for');
  assert.equal(await live.locator('.fig[data-choice="against"] .n').innerText(), '0');
  assert.equal(await live.locator('.fig[data-choice="answered"] .n').innerText(), '2');
  const notYet = x.voters.filter((n) => n !== A.full_name && n !== B.full_name);
  assert.equal(await text(live.locator('.not-answered')), notYet.join(', '));
  await p.locator('.feed li', { hasText: `Đ/c ${B.full_name} đổi ý: tán thành` }).waitFor();
  // The observer: the tally, never vote buttons.
  await until(async () => (await o.locator('#b-vote .vote.is-open .fig[data-choice="for"] .n').innerText()) === '2', 'observer sees two for');
  assert.equal(await o.locator('button[data-choice]').filter({ visible: true }).count(), 0);
  assert.equal(await o.getByRole('button', { name: 'Kết thúc biểu quyết' }).count(), 0);
  await o.locator('.col-side').evaluate((el) => { el.scrollTop = 0; });
  await shot(o, '42-observer.png', o.locator('#b-vote'));
  await p.locator('.col-side').evaluate((el) => { el.scrollTop = 0; });
  await noToast(p);
  await shot(p, '40-chair-console.png', vote);

  // The meeting cannot be closed with a vote open: the chair is told why.
  await p.getByRole('button', { name: 'Bế mạc cuộc họp' }).click();
  await p.locator('dialog[open]').getByRole('button', { name: 'Bế mạc cuộc họp' }).click();
  await p.locator('.controls .error', { hasText: 'Đang có biểu quyết chưa kết thúc: hãy kết thúc biểu quyết trước.' }).waitFor();

  // The chair votes too, as a member, then closes.
  await pick(p, 'for');
  await until(async () => (await live.locator('.fig[data-choice="for"] .n').innerText()) === '3', 'three for');
  const fors = 3;
  await live.getByRole('button', { name: 'Kết thúc biểu quyết' }).click();
  await p.locator('dialog[open]').getByRole('button', { name: 'Kết thúc biểu quyết' }).click();
  const passed = fors >= x.required;
  const line = `${passed ? 'Đạt' : 'Không đạt'}: ${fors}/${x.den} tán thành, cần ít nhất ${x.required} (quá 1/2)`;
  await vote.locator('.vote-past .vote-result', { hasText: line }).waitFor();
  for (const u of [a, b, pp]) await u.locator('.me-vote .vote-result', { hasText: line }).waitFor();
  await o.locator('#b-vote .vote-result', { hasText: line }).waitFor();
  assert.equal(await b.locator('.me-vote .choices').isVisible(), false, 'no answers after the close');
  await p.locator('.feed li', { hasText: `Kết quả biểu quyết «${SUBJECT}»: ${line}` }).waitFor();
  await p.locator('.col-side').evaluate((el) => { el.scrollTop = 0; });
  await noToast(p);
  await shot(p, '44-vote-result.png', vote);

  // A reload rebuilds the same screen from the log.
  const before = await text(b.locator('.me-panel'));
  await b.reload();
  await b.locator('.me-vote .vote-result', { hasText: line }).waitFor();
  assert.equal(await text(b.locator('.me-panel')), before);
  // (everything but the running clock)
  const boards = () => Promise.all(['#b-agenda .agenda', '#b-roles', '#b-roll', '#b-speak', '#b-vote', '.me-panel'].map((sel) => text(p.locator(sel))));
  const boardBefore = await boards();
  await p.reload();
  await p.locator('#b-vote .vote-past .vote-result', { hasText: line }).waitFor();
  await until(async () => JSON.stringify(await boards()) === JSON.stringify(boardBefore), 'the chair\'s boards the same after a reload')
    .catch(async (e) => { assert.deepEqual(await boards(), boardBefore); throw e; });

  // Close: the length against the minimum.
  await p.getByRole('button', { name: 'Bế mạc cuộc họp' }).click();
  await p.locator('dialog[open]').getByRole('button', { name: 'Bế mạc cuộc họp' }).click();
  await a.locator('.room-head .badge', { hasText: 'Đã kết thúc' }).waitFor();
  await p.locator('#b-agenda .elapsed', { hasText: 'Cuộc họp kéo dài' }).waitFor();

  const errors = [p, a, b, pp, o].flatMap((u) => u.errors).filter((e) => !/ERR_INTERNET_DISCONNECTED|WebSocket/.test(e));
  assert.deepEqual(errors, []);
  for (const u of [chair, obs, ...Object.values(phones)]) await u.context.close();
});
