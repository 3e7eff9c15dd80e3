// 0. Static checks of the client, no browser needed: every string has both
// languages, every key the code uses exists, and no page can send a frame
// the protocol does not know.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { here } from './lib.mjs';

const web = join(here, '..', '..', 'client-web');
const { vi: core } = await import(join(web, 'js', 'i18n.js'));
// The boards' Vietnamese strings load with the boards (js/meeting/strings-vi.js).
const { default: boards } = await import(join(web, 'js', 'meeting', 'strings-vi.js'));
// A member's secret ballot and self-review load theirs with them
// (js/meeting/strings-ballot-vi.js), the ballot board its own (strings-ballot-board-vi.js).
const { default: ballotMember } = await import(join(web, 'js', 'meeting', 'strings-ballot-vi.js'));
const { default: ballotBoard } = await import(join(web, 'js', 'meeting', 'strings-ballot-board-vi.js'));
const ballots = { ...ballotMember, ...ballotBoard };
// The minutes (reader, editor, observer's report, resolution book) load theirs with them.
const { default: minutes } = await import(join(web, 'js', 'meeting', 'strings-minutes-vi.js'));
const { default: en } = await import(join(web, 'js', 'en.js'));
const dictionaries = { vi: { ...core, ...boards, ...ballots, ...minutes }, en };
const sources = ['js', 'js/pages', 'js/meeting'].flatMap((d) => readdirSync(join(web, d)).filter((f) => f.endsWith('.js')).map((f) => join(web, d, f)));
const code = sources.map((f) => readFileSync(f, 'utf8')).join('\n');

test('every key exists in Vietnamese and in English', () => {
  assert.deepEqual(Object.keys(boards).filter((k) => k in core), [], 'a board string is also in the core dictionary');
  assert.deepEqual(Object.keys(ballots).filter((k) => k in core || k in boards), [], 'a ballot string is also elsewhere');
  assert.deepEqual(Object.keys(ballotBoard).filter((k) => k in ballotMember), [], 'a ballot board string is also a member\'s');
  assert.deepEqual(Object.keys(minutes).filter((k) => k in core || k in boards || k in ballots), [], 'a minutes string is also elsewhere');
  const vi = Object.keys(dictionaries.vi), en = Object.keys(dictionaries.en);
  assert.deepEqual(vi.filter((k) => !en.includes(k)), [], 'missing in en');
  assert.deepEqual(en.filter((k) => !vi.includes(k)), [], 'missing in vi');
});

test('every literal key used by the code is defined', () => {
  const used = new Set();
  for (const m of code.matchAll(/\b(?:t|tph|ttitle|taria)\s*:\s*'([a-zA-Z_]+\.[a-zA-Z_.]+)'/g)) used.add(m[1]);
  for (const m of code.matchAll(/\b(?:setT\([^,]+,|setError\(|toast\(|confirmBox\(|showMsg\('\w+',)\s*'([a-zA-Z_]+\.[a-zA-Z_.]+)'/g)) used.add(m[1]);
  const missing = [...used].filter((k) => !(k in dictionaries.vi));
  assert.ok(used.size > 100, 'found the keys: ' + used.size);
  assert.deepEqual(missing, []);
});

test('every enum value the server may send has a label', () => {
  const need = [
    ...['official', 'probationary'].map((v) => 'kind.' + v),
    ...['active', 'exempt', 'attached', 'suspended'].flatMap((v) => ['status.' + v, 'pstatus.' + v]),
    ...['none', 'secretary', 'deputy', 'committee_member'].map((v) => 'role.' + v),
    ...['regular', 'thematic', 'annual_review', 'admission', 'discipline', 'election'].map((v) => 'mkind.' + v),
    ...['scheduled', 'open', 'closed'].map((v) => 'mstatus.' + v),
    ...['member', 'secretary', 'district_admin', 'observer', 'guest'].map((v) => 'prole.' + v),
    // Secret ballots and the annual review (PROTOCOL.md "Secret ballots and the annual review").
    ...['yes_no', 'discipline', 'election', 'rating'].map((v) => 'bkind.' + v),
    ...['expulsion', 'removal', 'warning', 'reprimand'].map((v) => 'penalty.' + v),
    ...['excellent', 'good', 'completed', 'not_completed'].map((v) => 'rating.' + v),
    ...['few_ballots', 'unanimous'].map((v) => 'secrecy.' + v),
    ...['exempt', 'suspended', 'recently_admitted'].map((v) => 'notRated.' + v),
  ];
  assert.deepEqual(need.filter((k) => !(k in dictionaries.vi)), []);
});

test('every CSV problem code has a Vietnamese explanation', () => {
  const codes = ['empty_file', 'unknown_column', 'duplicate_column', 'missing_column', 'wrong_field_count', 'bad_quoting',
    'missing_name', 'bad_kind', 'bad_status', 'bad_role', 'bad_date', 'too_long', 'invalid_utf8', 'too_many_rows', 'duplicate_secretary'];
  for (const problem of codes) {
    const line = dictionaries.vi['csv.line']({ line: 3, column: 'Ngày vào Đảng', problem, detail: 'x' });
    assert.ok(!line.includes(problem), `${problem} has no Vietnamese label: ${line}`);
    assert.ok(dictionaries.vi['csv.help']({ problem }).length > 10, problem + ' has no help');
  }
  assert.equal(dictionaries.vi['csv.line']({ line: 3, column: 'Ngày vào Đảng', problem: 'bad_date', detail: '31/02/2001' }),
    'Dòng 3, cột «Ngày vào Đảng»: ngày không hợp lệ (31/02/2001)');
});

test('the client only sends ops of protocol v1', () => {
  // The ops PROTOCOL.md documents, from its "### `op`" headings.
  const contract = readFileSync(new URL('../../protocol/PROTOCOL.md', import.meta.url), 'utf8');
  const v1 = new Set([...contract.matchAll(/^### `([a-z_.]+)`/gm)].map((m) => m[1]));
  assert.ok(v1.has('hello') && v1.has('ping') && v1.size > 15);
  // conn.request('op', …) and the pages' helpers that pass an op through
  // (persist(conn, 'op', …), act(btn, box, 'op', …), send(btn, 'op', …)):
  // the first string literal of the call is the op.
  const sent = [...code.matchAll(/\b(?:request|persist|act|send)\(([^()']*?)'([a-z_]+(?:\.[a-z_]+)?)'/g)].map((m) => m[2]);
  assert.ok(sent.includes('vote.cast') && sent.includes('attendance.mark'), 'finds the ops sent through helpers');
  assert.ok(sent.length > 10);
  assert.deepEqual(sent.filter((op) => !v1.has(op)), []);
});

test('a batched vote or roll call is one feed line: how many, the first five with what each chose, then …', () => {
  const list = [{ name: 'Nguyễn Văn Bình', choice: 'for' }, { name: 'Lê Minh Châu', choice: 'against' }];
  assert.equal(dictionaries.vi['feed.castMany']({ n: 2, more: false, list }), '2 đồng chí biểu quyết: Nguyễn Văn Bình (tán thành), Lê Minh Châu (không tán thành)');
  assert.equal(dictionaries.en['feed.castMany']({ n: 7, more: true, list }), '7 comrades voted: Nguyễn Văn Bình (for), Lê Minh Châu (against), …');
  const marks = [{ name: 'Nguyễn Văn Bình', att: 'present', late: false }, { name: 'Lê Minh Châu', att: 'present', late: true }];
  assert.equal(dictionaries.vi['feed.markedMany']({ n: 2, more: false, present: true, list: marks }), '2 đồng chí điểm danh có mặt: Nguyễn Văn Bình, Lê Minh Châu (đến muộn)');
  assert.equal(dictionaries.en['feed.markedMany']({ n: 9, more: true, present: true, list: marks }), '9 comrades checked in: Nguyễn Văn Bình, Lê Minh Châu (late), …');
  // Not everyone marked present (the chair's mark in the same write): each says what.
  const mixed = [marks[0], { name: 'Trần Thị Dung', att: 'absent_excused', late: false }];
  assert.equal(dictionaries.vi['feed.markedMany']({ n: 2, more: false, present: false, list: mixed }), 'Điểm danh 2 đồng chí: Nguyễn Văn Bình (có mặt), Trần Thị Dung (vắng có lý do)');
  assert.equal(dictionaries.en['feed.markedMany']({ n: 2, more: false, present: false, list: mixed }), 'Roll call, 2 comrades: Nguyễn Văn Bình (present), Trần Thị Dung (absent with a reason)');
  // Hands: a guest may be among them, so "người", not "đồng chí".
  const hands = [{ name: 'Nguyễn Văn Bình' }, { name: 'Trương Thanh Sơn' }];
  assert.equal(dictionaries.vi['feed.handMany']({ n: 2, more: false, list: hands }), '2 người giơ tay xin phát biểu: Nguyễn Văn Bình, Trương Thanh Sơn');
  assert.equal(dictionaries.en['feed.handMany']({ n: 6, more: true, list: hands }), '6 people raised a hand to speak: Nguyễn Văn Bình, Trương Thanh Sơn, …');
});
