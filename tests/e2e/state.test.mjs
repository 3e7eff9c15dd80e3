// 0b. The meeting fold (client-web/js/meeting/state.js), no browser: every
// event type of PROTOCOL.md lands where the views read it, apply() never
// changes the state it is given, replaying is idempotent, and any prefix of
// the log folds to the same state whether applied at once or in two parts
// (a reload versus a resume).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { here } from './lib.mjs';
import { log } from './fixtures/meeting-log.mjs';

const { initial, apply, fold, entryOf, notAnswered, speaking, currentItem, lastVote, handIndex } =
  await import(join(here, '..', '..', 'client-web', 'js', 'meeting', 'state.js'));

const upTo = (ev) => log.slice(0, log.findIndex((e) => e.ev === ev) + 1);
const deepFreeze = (o) => { if (o && typeof o === 'object' && !Object.isFrozen(o)) { Object.freeze(o); for (const v of Object.values(o)) deepFreeze(v); } return o; };

test('every event type of the protocol is folded', () => {
  const doc = readFileSync(join(here, '..', '..', 'protocol', 'PROTOCOL.md'), 'utf8');
  const from = doc.indexOf('### Meeting events');
  const ends = ['\n## ', '\n### '].map((x) => doc.indexOf(x, from + 1)).filter((i) => i > 0);
  const table = doc.slice(from, Math.min(...ends));
  const documented = new Set([...table.matchAll(/^\| `([a-z_.]+)`(?: \/ `([a-z_.]+)`)? \|/gm)].flatMap((m) => [m[1], m[2]]).filter(Boolean));
  for (const ev of ['meeting.created', 'participant.arrived', 'notice']) documented.add(ev);
  for (const x of ['agenda.*', 'presence', 'ev']) documented.delete(x);  // 'ev' is the table's heading
  const inLog = new Set(log.map((e) => e.ev));
  const missing = [...documented].filter((e) => !inLog.has(e) && !e.endsWith('*'));
  // agenda.set and agenda.template's event are the same `agenda.set`
  assert.deepEqual(missing.filter((e) => e !== 'agenda.set'), [], 'the fixture covers every documented event');
  const src = readFileSync(join(here, '..', '..', 'client-web', 'js', 'meeting', 'state.js'), 'utf8');
  for (const ev of documented) if (!ev.endsWith('*')) assert.ok(src.includes(`'${ev}'`), `state.js handles ${ev}`);
});

test('the opening: roster snapshot, chair, introductions, appointments', () => {
  const s = fold(upTo('role.appointed'));
  assert.equal(s.status, 'open');
  assert.equal(s.meeting.title, 'Sinh hoạt tháng 12');
  assert.equal(s.agenda.length, 4);
  assert.equal(s.minMinutes, 90);
  assert.equal(s.rules, 'vn-2023');
  assert.deepEqual(s.chair, { participant: 'member:1', name: 'Nguyễn Thị Hồng' });
  assert.deepEqual(s.minuteTaker, { participant: 'member:2', name: 'Trần Văn Bình' });
  assert.equal(s.roster.length, 4);
  assert.equal(entryOf(s, 'member:8').category, 'exempt');
  assert.equal(currentItem(s).id, 'i2');
  assert.equal(s.people['guest:ab12'].title, 'Phó Bí thư Đảng ủy');
  assert.ok(s.people['guest:ab12'].introducedAt);
  assert.deepEqual(s.introduced, ['guest:ab12']);
});

test('roll call: attendance, can_vote and the newest summary as sent', () => {
  const s = fold(upTo('rollcall.closed'));
  assert.equal(entryOf(s, 'member:1').attendance, 'present');
  assert.equal(entryOf(s, 'member:1').can_vote, true);
  assert.equal(entryOf(s, 'member:2').attendance, 'absent_excused');
  assert.equal(entryOf(s, 'member:2').reason, 'illness');
  assert.equal(entryOf(s, 'member:11').can_vote, false, 'the server said so: a probationary member');
  assert.equal(s.summary.denominator, 1);
  assert.equal(s.summary.meets_criterion, true);
  assert.equal(s.rollcall.open, false);
  assert.equal(s.rollcall.rounds, 1);
  assert.equal(s.rollcall.result.unmarked[0].name, 'Bùi Văn Khoa');
  const during = fold(upTo('rollcall.opened'));
  assert.equal(during.rollcall.open, true);
});

test('speakers: the queue in order, the floor, the measured duration, the gist', () => {
  const raised = fold(log.slice(0, log.findIndex((e) => e.ev === 'floor.given')));
  assert.deepEqual(raised.hands.map((x) => x.participant), ['member:11', 'guest:ab12']);
  assert.equal(handIndex(raised, 'guest:ab12'), 1);
  const given = fold(upTo('floor.given'));
  assert.deepEqual(given.hands.map((x) => x.participant), ['guest:ab12'], 'the speaker leaves the queue');
  assert.equal(speaking(given).name, 'Dương Thị Ngọc');
  const s = fold(upTo('speech.gist'));
  assert.equal(speaking(s), null);
  assert.equal(s.speeches[15].duration_ms, 95000);
  assert.equal(s.speeches[15].gist, 'Đồng ý với dự thảo.');
  assert.equal(s.speeches[15].item_title, 'Điểm danh đảng viên');
});

test('a named vote: the last answer counts, the tally and the result as sent', () => {
  const first = fold(log.slice(0, log.findIndex((e) => e.ev === 'vote.cast')));
  assert.equal(first.openVote, 19);
  assert.deepEqual(notAnswered(first, first.votes[19]).map((e) => e.participant), ['member:1']);
  const open = fold(log.slice(0, log.findIndex((e) => e.ev === 'vote.closed')));
  assert.equal(open.votes[19].casts['member:1'].choice, 'for', 'changed from against');
  assert.deepEqual(open.votes[19].tally, { for: 1, against: 0, abstain: 0, answered: 1 });
  assert.deepEqual(notAnswered(open, open.votes[19]), []);
  const s = fold(upTo('vote.closed'));
  assert.equal(s.openVote, null);
  const v = lastVote(s);
  assert.equal(v.open, false);
  assert.equal(v.result.passed, true);
  assert.equal(v.result.required, 1);
});

test('the close, and the whole log', () => {
  const s = fold(log);
  assert.equal(s.status, 'closed');
  assert.equal(s.closed.duration_min, 95);
  assert.equal(s.notices.length, 1);
  assert.deepEqual(s.hands, []);
  assert.equal(s.head, log.length);
});

test('apply is pure, idempotent, and a resume equals a reload', () => {
  let s = initial();
  for (const e of log) {
    const before = JSON.stringify(s);
    deepFreeze(s);
    const n = apply(s, deepFreeze(e));
    assert.equal(JSON.stringify(s), before, `apply(${e.ev}) changed its input`);
    assert.equal(apply(n, e), n, 'an event seen already changes nothing');
    s = n;
  }
  const whole = JSON.stringify(fold(log));
  for (let cut = 0; cut <= log.length; cut++) {
    assert.equal(JSON.stringify(fold(log.slice(cut), fold(log.slice(0, cut)))), whole, 'cut at ' + cut);
  }
  assert.equal(apply(s, { ev: 'presence', meeting: 12, data: { participant: 'member:1', online: false } }), s, 'presence is not history');
  assert.equal(apply(s, { ev: 'something.new', meeting: 12, seq: s.head + 1, data: {} }).head, s.head + 1, 'unknown events advance head');
});
