// 0c. A batch as one line of the room's feed (client-web/js/meeting/feed-batch.js),
// no browser: the forms the server sends (PROTOCOL.md vote.casts "choices",
// attendance.marks "present") and the logged lists name each member once,
// by the roster, with what counts; the line reads as the dictionaries say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { here } from './lib.mjs';
import { log } from './fixtures/meeting-log.mjs';

const web = join(here, '..', '..', 'client-web', 'js');
const { fold } = await import(join(web, 'meeting', 'state.js'));
const { batchLine } = await import(join(web, 'meeting', 'feed-batch.js'));
const { vi } = await import(join(web, 'i18n.js'));
const { default: en } = await import(join(web, 'en.js'));

// The roster (members 1, 2, 8, 11) as it stands when the vote opens.
const before = fold(log.slice(0, log.findIndex((e) => e.ev === 'vote.opened') + 1));
const ev = (type, data) => ({ ev: type, meeting: 12, seq: before.head + 1, ts: 0, actor: 'system', data });
const say = (line, dict = vi) => dict[line.key](line.p);

test('vote.casts as sent: ids grouped by choice, named from the roster', () => {
  const line = batchLine(ev('vote.casts', { vote: 19, choices: { for: [2, 1], against: [8] }, tally: {} }), before);
  assert.equal(line.key, 'feed.castMany');
  assert.deepEqual(line.p, { n: 3, more: false, list: [
    { name: 'Trần Văn Bình', choice: 'for' }, { name: 'Nguyễn Thị Hồng', choice: 'for' }, { name: 'Bùi Văn Khoa', choice: 'against' }] });
  assert.equal(say(line), '3 đồng chí biểu quyết: Trần Văn Bình (tán thành), Nguyễn Thị Hồng (tán thành), Bùi Văn Khoa (không tán thành)');
  assert.equal(say(line, en), '3 comrades voted: Trần Văn Bình (for), Nguyễn Thị Hồng (for), Bùi Văn Khoa (against)');
});

test('vote.casts as logged: a member twice is one answer, the last', () => {
  const line = batchLine(ev('vote.casts', { vote: 19, casts: [{ member: 2, choice: 'for' }, { member: 1, choice: 'abstain' }, { member: 2, choice: 'against' }] }), before);
  assert.equal(line.p.n, 2);
  assert.deepEqual(line.p.list, [{ name: 'Trần Văn Bình', choice: 'against' }, { name: 'Nguyễn Thị Hồng', choice: 'abstain' }]);
});

test('attendance.marks as sent: plain check-ins by id, the others as entries', () => {
  const line = batchLine(ev('attendance.marks', { present: [2], marks: [{ member: 11, late: true, can_vote: false }], summary: {} }), before);
  assert.equal(line.key, 'feed.markedMany');
  assert.equal(line.p.present, true, 'everyone present');
  assert.equal(say(line), '2 đồng chí điểm danh có mặt: Trần Văn Bình, Dương Thị Ngọc (đến muộn)');
  const mixed = batchLine(ev('attendance.marks', { present: [2], marks: [{ member: 8, attendance: 'absent_excused', reason: 'illness' }] }), before);
  assert.equal(mixed.p.present, false);
  assert.equal(say(mixed), 'Điểm danh 2 đồng chí: Trần Văn Bình (có mặt), Bùi Văn Khoa (vắng có lý do)');
});

test('more than five: how many, the first five and an ellipsis', () => {
  const ids = [1, 2, 8, 11, 12, 13, 14];
  const line = batchLine(ev('vote.casts', { vote: 19, choices: { for: ids } }), before);
  assert.equal(line.p.n, 7);
  assert.equal(line.p.more, true);
  assert.equal(line.p.list.length, 5);
  assert.equal(line.p.list[4].name, '', 'an id the roster does not know has no name, and no throw');
  assert.match(say(line), /^7 đồng chí biểu quyết: .*, …$/);
});

test('hands.raised: a guest keeps the name the entry gives', () => {
  const line = batchLine(ev('hands.raised', { hands: [{ participant: 'guest:ab12', name: 'Trương Thanh Sơn' }, { participant: 'member:2' }] }), before);
  assert.equal(say(line), '2 người giơ tay xin phát biểu: Trương Thanh Sơn, Trần Văn Bình');
});

test('a batch with nothing to show, or another event, is no line', () => {
  for (const e of [ev('vote.casts', { vote: 19, choices: {} }), ev('vote.casts', { vote: 19, choices: { for: 'all' } }),
    ev('attendance.marks', { present: [], marks: [] }), ev('attendance.marks', null), ev('hands.raised', { hands: [] }),
    ev('vote.cast', { vote: 19, member: 2, choice: 'for' }), null]) {
    assert.equal(batchLine(e, before), null, JSON.stringify(e));
  }
});
