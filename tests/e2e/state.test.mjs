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

const { initial, apply, fold, entryOf, notAnswered, speaking, currentItem, lastVote, handIndex, withTurnout, addTurnout, votersIn, handsIn, lastBallot } =
  await import(join(here, '..', '..', 'client-web', 'js', 'meeting', 'state.js'));
const { log: blog, turnoutPush } = await import('./fixtures/ballot-log.mjs');

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

// --- secret ballots and the annual review (PROTOCOL.md "Secret ballots and the annual review") ---

const bUpTo = (ev, nth = 1) => {
  let seen = 0;
  return blog.slice(0, blog.findIndex((e) => e.ev === ev && ++seen === nth) + 1);
};

test('every ballot event of the protocol is folded', () => {
  const doc = readFileSync(join(here, '..', '..', 'protocol', 'PROTOCOL.md'), 'utf8');
  const from = doc.indexOf('### Ballot events');
  assert.ok(from > 0, 'PROTOCOL.md has a "Ballot events" table');
  const table = doc.slice(from, doc.indexOf('\n```', from));
  const documented = [...table.matchAll(/^\| `([a-z_.]+)` \|/gm)].map((m) => m[1]).filter((e) => e !== 'ev');  // 'ev' is the table's heading
  assert.ok(documented.includes('ballot.closed') && documented.includes('review.submitted'), documented.join(','));
  const inLog = new Set(blog.map((e) => e.ev));
  assert.deepEqual(documented.filter((e) => !inLog.has(e)), [], 'the fixture covers every ballot event');
  const src = readFileSync(join(here, '..', '..', 'client-web', 'js', 'meeting', 'state.js'), 'utf8');
  for (const ev of documented) assert.ok(src.includes(`'${ev}'`), `state.js handles ${ev}`);
});

test('an annual review: the agenda per member, who is not rated, self-reviews as they come', () => {
  const before = fold(bUpTo('review.submitted'));
  assert.equal(before.status, 'scheduled');
  assert.deepEqual(before.notRated, [{ member: 8, name: 'Bùi Văn Khoa', reason: 'exempt' }]);
  assert.equal(before.meeting.not_rated, undefined, 'kept apart from the meeting object');
  assert.deepEqual(before.agenda.filter((x) => x.key === 'member_review').map((x) => x.member), [1, 2, 3, 11]);
  assert.equal(before.reviews[2].self_rating, 'good');
  assert.equal(before.reviews[2].file, null);
  const later = fold(bUpTo('review.submitted', 2));
  assert.equal(later.reviews[2].file.name, 'tu-kiem-diem.pdf', 'the upload adds the file');
  assert.equal(later.reviews[2].chars, 93);
  assert.equal(later.committee.head, 'member:3');
});

test('a secret ballot while open: options and who may vote from the log, turnout live and apart', () => {
  let s = fold(bUpTo('ballot.opened'));
  assert.equal(s.openBallot, 10);
  const b = s.ballots[10];
  assert.equal(b.open, true);
  assert.equal(b.kind, 'rating');
  assert.equal(b.member_name, 'Trần Văn Bình');
  assert.equal(b.options.length, 4);
  assert.equal(b.issued, 3);
  assert.equal(b.round, 0);
  assert.equal(b.result, null);
  assert.deepEqual(s.turnout[10], []);
  assert.equal(lastBallot(s), b);
  assert.equal(entryOf(s, 'member:11').can_vote, false);
  // ballot.turnout pushes have no seq: the fold ignores them; withTurnout/addTurnout keep them.
  assert.equal(apply(s, turnoutPush('member:2', 1)), s, 'a push is not history');
  s = addTurnout(s, 10, 'member:2');
  s = addTurnout(s, 10, 'member:1');
  const again = addTurnout(s, 10, 'member:1');
  assert.equal(again, s, 'the same voter twice changes nothing');
  assert.deepEqual(s.turnout[10], ['member:2', 'member:1']);
  assert.equal(s.head, 10, 'turnout does not advance the log');
  // Ballots held between two of the server's sends come as one push.
  const many = { ...turnoutPush('member:2', 4), actor: 'system', data: { ballot: 10, participants: ['member:3', 'member:1', 'member:4'], turnout: 4 } };
  assert.deepEqual(votersIn(many), ['member:3', 'member:1', 'member:4']);
  assert.deepEqual(votersIn(turnoutPush('member:2', 1)), ['member:2']);
  for (const bad of [{}, { data: null }, { data: { participants: 'member:3' } }, { data: { participants: [null, 7, ''] } }]) {
    assert.deepEqual(votersIn(bad).filter((p) => typeof p !== 'string'), [], JSON.stringify(bad));
  }
  assert.deepEqual(votersIn({ data: { participants: [null, 7, '', 'member:5'] } }), ['member:5']);
  let t = s;
  for (const p of votersIn(many)) t = addTurnout(t, 10, p);
  assert.deepEqual(t.turnout[10], ['member:2', 'member:1', 'member:3', 'member:4']);
  // The join result's `ballots` replaces it (after a server restart: empty).
  const joined = withTurnout(s, 10, []);
  assert.deepEqual(joined.turnout[10], []);
  assert.equal(withTurnout(s, 99, ['member:1']), s, 'an unknown ballot is ignored');
  // No count of choices exists anywhere in the state while the ballot is open.
  assert.doesNotMatch(JSON.stringify(s.ballots[10]), /excellent"\s*:\s*\d|counts|box/);
});

test('a reopening voids: turnout empty, the round counts up', () => {
  let s = fold(bUpTo('ballot.opened'));
  s = addTurnout(addTurnout(s, 10, 'member:1'), 10, 'member:2');
  s = apply(s, blog[bUpTo('ballot.reopened').length - 1]);
  assert.deepEqual(s.turnout[10], []);
  assert.equal(s.ballots[10].round, 1);
  assert.equal(s.ballots[10].voided, 2);
  assert.equal(s.ballots[10].open, true);
  assert.equal(s.openBallot, 10);
});

test('the close: the sealed box, counts and result as sent; the turnout is the voter list; confirmed by the head', () => {
  const s = fold(bUpTo('ballot.closed'));
  const b = s.ballots[10];
  assert.equal(s.openBallot, null);
  assert.equal(b.open, false);
  assert.equal(b.member_name, 'Trần Văn Bình', 'what the opening said is kept');
  assert.equal(b.result.result.level, 'excellent');
  assert.equal(b.result.box.length, 3);
  assert.equal(b.result.quota.exceeded, true);
  assert.deepEqual(s.turnout[10], ['member:1', 'member:2', 'member:3']);
  assert.equal(withTurnout(s, 10, []), s, 'a closed ballot\'s turnout is the log\'s');
  assert.equal(b.confirmed, null);
  const c = fold(bUpTo('ballot.confirmed'));
  assert.deepEqual(c.ballots[10].confirmed, { by: 'Lê Minh Châu', participant: 'member:3', at: blog[12].ts });
  const all = fold(blog);
  assert.deepEqual(all.ballotOrder, [10, 15]);
  assert.equal(lastBallot(all).result.secrecy, 'few_ballots');
  assert.deepEqual(all.ballots[15].result.result.elected, ['c1']);
  assert.equal(all.status, 'closed');
});

test('the annual review\'s log: apply is pure, idempotent, and a resume equals a reload', () => {
  let s = initial();
  for (const e of blog) {
    const before = JSON.stringify(s);
    deepFreeze(s);
    const n = apply(s, deepFreeze(e));
    assert.equal(JSON.stringify(s), before, `apply(${e.ev}) changed its input`);
    assert.equal(apply(n, e), n, 'an event seen already changes nothing');
    s = n;
  }
  const whole = JSON.stringify(fold(blog));
  for (let cut = 0; cut <= blog.length; cut++) {
    assert.equal(JSON.stringify(fold(blog.slice(cut), fold(blog.slice(0, cut)))), whole, 'cut at ' + cut);
  }
  const open = deepFreeze(fold(bUpTo('ballot.opened')));
  const t = addTurnout(open, 10, 'member:3');
  assert.deepEqual(open.turnout[10], [], 'addTurnout leaves its input alone');
  assert.deepEqual(t.turnout[10], ['member:3']);
});

// --- the minutes (PROTOCOL.md "Minutes, resolution book and observer reports") ---

const { log: mlog, CONTENT } = await import('./fixtures/minutes-log.mjs');
const mUpTo = (ev, nth = 1) => {
  let seen = 0;
  return mlog.slice(0, mlog.findIndex((e) => e.ev === ev && ++seen === nth) + 1);
};

test('every minutes event of the protocol is folded', () => {
  const doc = readFileSync(join(here, '..', '..', 'protocol', 'PROTOCOL.md'), 'utf8');
  const from = doc.indexOf('## Minutes, resolution book and observer reports');
  assert.ok(from > 0, 'PROTOCOL.md has the minutes section');
  const part = doc.slice(from, doc.indexOf('\n## ', from + 1));
  const documented = new Set([...part.matchAll(/Events?\s+`([a-z_]+\.[a-z_]+)`/g)].map((m) => m[1]));
  documented.add('minutes.locked');
  for (const ev of ['minutes.saved', 'minutes.presented', 'minutes.addendum', 'observer.reported']) assert.ok(documented.has(ev), ev + ' is documented');
  const inLog = new Set(mlog.map((e) => e.ev));
  assert.deepEqual([...documented].filter((e) => !inLog.has(e)), [], 'the fixture covers every minutes event');
  const src = readFileSync(join(here, '..', '..', 'client-web', 'js', 'meeting', 'state.js'), 'utf8');
  for (const ev of documented) assert.ok(src.includes(`'${ev}'`), `state.js handles ${ev}`);
});

test('minutes: each section\'s newest save, who saved it and its version', () => {
  const s = fold(mUpTo('minutes.saved', 3));
  assert.equal(s.minutes.status, 'drafting');
  assert.deepEqual(Object.keys(s.minutes.sections).sort(), ['item:i4', 'number']);
  const sec = s.minutes.sections['item:i4'];
  assert.equal(sec.version, 2);
  assert.equal(sec.text, 'Đồng chí Bí thư thông báo tình hình thời sự trong nước.');
  assert.equal(sec.by_name, 'Nguyễn Thị Hồng');
  assert.equal(sec.actor, 'member:1');
  assert.equal(sec.at, mlog[5].ts);
  assert.equal(s.minutes.sections.number.text, '15');
});

test('minutes: presented, an approval vote flagged, a failed one back to drafting', () => {
  const p = fold(mUpTo('minutes.presented'));
  assert.equal(p.minutes.status, 'presented');
  assert.equal(p.minutes.presentedBy, 'Trần Văn Bình');
  assert.equal(p.minutes.presentations, 1);
  assert.equal(p.minutes.presentedAt, mlog[6].ts);
  const a = fold(mUpTo('vote.opened'));
  assert.equal(a.minutes.status, 'approval');
  assert.equal(a.minutes.approvalVote, 8);
  assert.equal(a.votes[8].minutes, true);
  assert.equal(a.openVote, 8);
  const f = fold(mUpTo('vote.closed'));
  assert.equal(f.minutes.status, 'drafting', 'not passed: back to drafting');
  assert.equal(f.votes[8].result.passed, false);
  assert.equal(f.minutes.lock, null);
  const again = fold(mUpTo('minutes.presented', 2));
  assert.equal(again.minutes.status, 'presented');
  assert.equal(again.minutes.presentations, 2);
  assert.equal(again.minutes.sections.closing.version, 1);
  const edited = apply(again, { ...mlog[10], seq: again.head + 1, data: { ...mlog[10].data, version: 2, text: 'Sửa lại.' } });
  assert.equal(edited.minutes.status, 'drafting', 'a save after the read-back needs another read-back');
  // An ordinary vote is not a minutes vote.
  assert.equal(fold(log).votes[19].minutes, false);
});

test('minutes: the lock as sent, with the approved document; addenda, also after the close', () => {
  const passed = fold(mUpTo('vote.closed', 2));
  assert.equal(passed.minutes.status, 'approval', 'passed: the lock comes in the same commit');
  const s = fold(mUpTo('minutes.locked'));
  assert.equal(s.minutes.status, 'locked');
  const l = s.minutes.lock;
  assert.equal(l.content_sha256, '4f1c'.repeat(16));
  assert.deepEqual(l.chain, { seq: 13, hash: 'ab'.repeat(32) });
  assert.equal(l.key_id, '1a2b3c4d5e6f7a8b');
  assert.equal(l.signature, 'c2lnbmF0dXJl');
  assert.equal(l.locked_ms, mlog[14].data.locked_ms);
  assert.deepEqual(l.content, CONTENT);
  assert.deepEqual(s.minutes.addenda, []);
  const all = fold(mlog);
  assert.equal(all.status, 'closed');
  assert.equal(all.minutes.status, 'locked', 'a read-back after the lock does not unlock');
  assert.equal(all.minutes.addenda.length, 1);
  const ad = all.minutes.addenda[0];
  assert.equal(ad.text, 'Bổ sung: đồng chí Khoa đến muộn 10 phút.');
  assert.equal(ad.by_name, 'Trần Văn Bình');
  assert.equal(ad.date_ms, mlog[19].data.date_ms);
  assert.deepEqual(ad.chain, { seq: 19, hash: 'cd'.repeat(32) });
  assert.equal(ad.seq, 20);
  assert.equal(apply(all, { ...mlog[14], seq: all.head + 1, data: { ...mlog[14].data } }).minutes.status, 'locked');
});

test('observer reports: the newest filing per observer', () => {
  const one = fold(mUpTo('observer.reported'));
  assert.equal(one.observerReports['guest:ab12'].content_ok, false);
  const s = fold(mUpTo('observer.reported', 2));
  const r = s.observerReports['guest:ab12'];
  assert.equal(r.content_ok, true, 'filing again replaces it');
  assert.equal(r.proposals, 'Bổ sung chỉ tiêu.');
  assert.equal(r.title, 'Ủy viên Ban Tổ chức Quận ủy');
  assert.equal(r.at, mlog[17].ts);
});

test('the minutes log: apply is pure, idempotent, and a resume equals a reload', () => {
  let s = initial();
  for (const e of mlog) {
    const before = JSON.stringify(s);
    deepFreeze(s);
    const n = apply(s, deepFreeze(e));
    assert.equal(JSON.stringify(s), before, `apply(${e.ev}) changed its input`);
    assert.equal(apply(n, e), n, 'an event seen already changes nothing');
    s = n;
  }
  const whole = JSON.stringify(fold(mlog));
  for (let cut = 0; cut <= mlog.length; cut++) {
    assert.equal(JSON.stringify(fold(mlog.slice(cut), fold(mlog.slice(0, cut)))), whole, 'cut at ' + cut);
  }
});

test('participants.arrived folds each arrival as participant.arrived would', () => {
  // As the server logs them now (defaults and online left out), and c as logs
  // written before that: both fold alike.
  const person = (id, name) => ({ id, name, role: 'member' });
  const head = { ev: 'meeting.created', meeting: 7, seq: 1, ts: 1000, actor: 'member:1', data: { title: 'Đại hội', agenda: [] } };
  const one = (seq, p) => ({ ev: 'participant.arrived', meeting: 7, seq, ts: 1000 + seq, actor: p.id, data: { participant: p } });
  const a = person('member:1', 'Nguyễn Thị Hồng'), b = { ...person('member:2', 'Trần Văn Bình'), committee_role: 'deputy' },
    c = { ...person('member:3', 'Lê Văn Cường'), member_kind: 'official', status: 'active', committee_role: 'none', online: true };
  const batched = fold([head, one(2, a), { ev: 'participants.arrived', meeting: 7, seq: 3, ts: 1003, actor: 'system', data: { participants: [b, c] } }]);
  const single = fold([head, one(2, a), one(3, b), { ...one(4, c), ts: 1003 }]);
  for (const id of ['member:1', 'member:2', 'member:3']) {
    assert.equal(batched.people[id].name, single.people[id].name);
    assert.ok(batched.people[id].arrivedAt, `${id} has arrived`);
  }
  assert.equal(batched.people['member:3'].arrivedAt, single.people['member:3'].arrivedAt);
  assert.equal(batched.people['member:2'].committee_role, 'deputy');
  // Bad input changes nothing: no list, or entries without an id.
  const s = fold([head]);
  assert.equal(apply(s, { ev: 'participants.arrived', meeting: 7, seq: 2, ts: 2, actor: 'system', data: {} }).people, s.people);
  assert.deepEqual(Object.keys(apply(s, { ev: 'participants.arrived', meeting: 7, seq: 2, ts: 2, actor: 'system', data: { participants: [{ name: 'x' }] } }).people), Object.keys(s.people));
});

// --- batched votes and marks (a congress acting in one second) ----------------

// A meeting of four members, open, a named vote open to all of them.
const congress = () => {
  const row = (member, name) => ({ member, participant: 'member:' + member, name, kind: 'official', status: 'active', committee_role: 'none',
    category: 'official', attendance: 'unmarked', can_vote: false });
  const roster = [row(7, 'Nguyễn Văn Bình'), row(8, 'Lê Minh Châu'), row(9, 'Trần Thị Dung'), row(10, 'Phạm Văn Em')];
  return [
    { ev: 'meeting.created', meeting: 7, seq: 1, ts: 1000, actor: 'system', data: { title: 'Đại hội', agenda: [] } },
    { ev: 'meeting.opened', meeting: 7, seq: 2, ts: 1002, actor: 'member:7', data: { by: 'Nguyễn Văn Bình', chair: 'member:7', rules: 'vn-2023', roster, summary: { members: 4, present: 0, unmarked: 4 } } },
    { ev: 'vote.opened', meeting: 7, seq: 3, ts: 1003, actor: 'member:7', data: { vote: 50, subject: 'Nghị quyết', decision: 'ordinary', method: 'named', rule: 'more_than_half',
      eligible: roster.map((e) => e.participant), denominator: 4 } },
  ];
};
const tally = (f, a, ab) => ({ for: f, against: a, abstain: ab, answered: f + a + ab });
const castEv = (seq, member, name, choice, t) => ({ ev: 'vote.cast', meeting: 7, seq, ts: 1000 + seq, actor: 'member:' + member,
  data: { vote: 50, member, participant: 'member:' + member, name, choice, key: 'k-' + seq, tally: t } });
// What the fold keeps of an answer, without when it was logged.
const answers = (v) => Object.fromEntries(Object.entries(v.casts).map(([pid, { at, seq, ...c }]) => [pid, c]));

test('vote.casts folds each answer as vote.cast would, the last of a member counting, then the event\'s tally', () => {
  const base = congress();
  const singles = fold([...base,
    castEv(4, 7, 'Nguyễn Văn Bình', 'against', tally(0, 1, 0)),
    castEv(5, 8, 'Lê Minh Châu', 'for', tally(1, 1, 0)),
    castEv(6, 9, 'Trần Thị Dung', 'abstain', tally(1, 1, 1)),
    castEv(7, 7, 'Nguyễn Văn Bình', 'for', tally(2, 0, 1))]);
  const batch = { ev: 'vote.casts', meeting: 7, seq: 4, ts: 1004, actor: 'system', data: { vote: 50, casts: [
    { member: 7, choice: 'against', key: 'k-a' },  // no name: the roster has it (PROTOCOL.md vote.casts)
    { member: 8, choice: 'for', key: 'k-b' },
    { member: 9, choice: 'abstain', key: 'k-c' },
    { member: 7, choice: 'for', key: 'k-d' },  // changed her mind within the batch
  ], tally: tally(2, 0, 1) } };
  const before = deepFreeze(fold(base));
  const batched = apply(before, deepFreeze(batch));
  const v = batched.votes[50], w = singles.votes[50];
  assert.deepEqual(answers(v), answers(w));
  assert.equal(v.casts['member:9'].name, 'Trần Thị Dung', 'named from the roster');
  assert.deepEqual(Object.keys(v.casts), ['member:7', 'member:8', 'member:9'], 'in the order first answered');
  assert.equal(v.casts['member:7'].choice, 'for', 'the last answer of a member counts');
  assert.deepEqual(v.tally, tally(2, 0, 1));
  assert.deepEqual(v.tally, w.tally);
  assert.deepEqual(notAnswered(batched, v).map((e) => e.participant), notAnswered(singles, w).map((e) => e.participant));
  assert.deepEqual(notAnswered(batched, v).map((e) => e.participant), ['member:10']);
  for (const c of Object.values(v.casts)) assert.deepEqual([c.at, c.seq], [1004, 4], 'each answer is the event\'s');
  assert.deepEqual(before.votes[50].casts, {}, 'apply left its input alone');
  assert.equal(batched.head, 4);
  assert.equal(apply(batched, batch), batched, 'seen already');
  // As the server sends it (PROTOCOL.md vote.casts): ids grouped by choice,
  // each member once with the answer that counts; the keys stay in its log.
  const grouped = apply(before, deepFreeze({ ...batch, data: { vote: 50, choices: { for: [8, 7], abstain: [9] }, tally: tally(2, 0, 1) } }));
  assert.deepEqual(answers(grouped.votes[50]), answers(w));
  assert.equal(grouped.votes[50].casts['member:7'].name, 'Nguyễn Văn Bình', 'named from the roster');
  assert.deepEqual(grouped.votes[50].tally, tally(2, 0, 1));
  assert.deepEqual(notAnswered(grouped, grouped.votes[50]).map((e) => e.participant), ['member:10']);
  // A later single answer still counts over the batch's.
  const after = apply(batched, castEv(5, 8, 'Lê Minh Châu', 'against', tally(1, 1, 1)));
  assert.equal(after.votes[50].casts['member:8'].choice, 'against');
  assert.deepEqual(after.votes[50].tally, tally(1, 1, 1));
  // A batch for a vote that does not exist changes no vote.
  assert.equal(apply(before, { ...batch, data: { ...batch.data, vote: 51 } }).votes, before.votes);
});

test('attendance.marks folds each mark as attendance.marked would, then the event\'s summary', () => {
  const base = fold(congress().slice(0, 2));
  const mark = (member, name, attendance, extra = {}) => ({ member, name, attendance, reason: '', note: '', late: false, by: name, ...extra });
  const list = [
    mark(7, 'Nguyễn Văn Bình', 'present', { can_vote: true }),
    mark(9, 'Trần Thị Dung', 'absent_excused', { reason: 'illness', can_vote: false, by: 'Nguyễn Văn Bình' }),
    mark(8, 'Lê Minh Châu', 'present', { late: true, can_vote: true }),
    mark(10, 'Phạm Văn Em', 'present', { can_vote: true }),
    mark(9, 'Trần Thị Dung', 'present', { late: true, can_vote: false }),  // came after all, may not vote
    mark(10, 'Phạm Văn Em', 'present', { note: 'đã về', late: true, can_vote: true }),
  ];
  const summaries = [{ members: 4, present: 1 }, { members: 4, present: 1, absent_excused: 1 }, { members: 4, present: 2, absent_excused: 1 },
    { members: 4, present: 3, absent_excused: 1 }, { members: 4, present: 4, absent_excused: 0 }, { members: 4, present: 4, absent_excused: 0, late: 2 }];
  const singlesOf = (marks) => fold(marks.map((m, i) => ({ ev: 'attendance.marked', meeting: 7, seq: 3 + i, ts: 1003 + i, actor: 'member:' + m.member,
    data: { ...m, participant: 'member:' + m.member, summary: summaries[i] } })), base);
  const singles = singlesOf(list);
  // As the server writes them: no name, no `by`, nothing that is empty or
  // false except can_vote, which is said only when false; no attendance when
  // present.
  const slim = (m) => Object.fromEntries(Object.entries(m).filter(([k, v]) => !['name', 'by'].includes(k) && v !== ''
    && (v !== false || k === 'can_vote') && !(k === 'can_vote' && v === true) && !(k === 'attendance' && v === 'present')));
  const batch = { ev: 'attendance.marks', meeting: 7, seq: 3, ts: 1003, actor: 'system', data: { marks: list.map(slim), summary: summaries[5] } };
  assert.deepEqual(batch.data.marks[0], { member: 7 });
  assert.deepEqual(batch.data.marks[4], { member: 9, late: true, can_vote: false });
  const batched = apply(deepFreeze(base), deepFreeze(batch));
  assert.deepEqual(batched.roster, singles.roster);
  assert.deepEqual(batched.summary, summaries[5]);
  assert.deepEqual(batched.summary, singles.summary);
  assert.deepEqual(entryOf(batched, 'member:9'), { ...entryOf(base, 'member:9'), attendance: 'present', reason: '', note: '', late: true, can_vote: false });
  assert.deepEqual(entryOf(batched, 'member:10'), { ...entryOf(base, 'member:10'), attendance: 'present', reason: '', note: 'đã về', late: true, can_vote: true });
  assert.equal(entryOf(batched, 'member:8').can_vote, true);
  const some = apply(base, { ...batch, data: { marks: list.slice(0, 2), summary: summaries[1] } });
  assert.equal(entryOf(some, 'member:10'), entryOf(base, 'member:10'), 'an unmarked member is untouched');
  assert.equal(entryOf(base, 'member:7').attendance, 'unmarked', 'apply left its input alone');
  // As the server sends a batch that names each member once (PROTOCOL.md
  // attendance.marks): the plain check-ins as ids, the others as entries.
  const four = list.slice(0, 4);
  const sent = apply(deepFreeze(base), deepFreeze({ ...batch, data: { present: [7, 10], marks: [slim(four[1]), slim(four[2])], summary: summaries[3] } }));
  assert.deepEqual(sent.roster, singlesOf(four).roster);
  assert.deepEqual(entryOf(sent, 'member:10'), { ...entryOf(base, 'member:10'), attendance: 'present', reason: '', note: '', late: false, can_vote: true });
  assert.deepEqual(sent.summary, summaries[3]);
});

test('a roster entry that says only what does not follow folds as the full one', () => {
  const full = congress().slice(0, 2);
  const opened = full[1];
  const slim = opened.data.roster.map(({ participant, attendance, can_vote, committee_role, admitted_on, kind, status, category, ...e }) => e);
  assert.deepEqual(Object.keys(slim[0]).sort(), ['member', 'name']);
  const a = fold(full), b = fold([full[0], { ...opened, data: { ...opened.data, roster: slim } }]);
  assert.deepEqual(b.roster, a.roster.map((e) => ({ committee_role: 'none', admitted_on: null, ...e })));
  assert.equal(entryOf(b, 'member:8').name, 'Lê Minh Châu');
  // What an entry does say wins.
  const role = fold([full[0], { ...opened, data: { ...opened.data, roster: [{ ...slim[0], committee_role: 'secretary', admitted_on: '2001-05-19' }] } }]);
  assert.equal(role.roster[0].committee_role, 'secretary');
  assert.equal(role.roster[0].admitted_on, '2001-05-19');
  // A missing category is the kind; the server says it when it is not.
  const cats = fold([full[0], { ...opened, data: { ...opened.data, roster: [
    { member: 7, name: 'A' }, { member: 8, name: 'B', kind: 'probationary' },
    { member: 9, name: 'C', kind: 'probationary', status: 'exempt', category: 'exempt' },
    { member: 10, name: 'D', status: 'attached', category: 'attached' }] } }]);
  assert.deepEqual(cats.roster.map((e) => [e.kind, e.status, e.category]), [['official', 'active', 'official'],
    ['probationary', 'active', 'probationary'], ['probationary', 'exempt', 'exempt'], ['official', 'attached', 'attached']]);
});

test('hands.raised folds each hand as hand.raised would, in the order raised, each once', () => {
  const base = fold(congress().slice(0, 2));
  const hand = (participant, name) => ({ participant, name });
  const list = [hand('member:9', 'Trần Thị Dung'), hand('guest:ab12', 'Trương Thanh Sơn'), hand('member:7', 'Nguyễn Văn Bình'), hand('member:9', 'Trần Thị Dung')];
  const singles = fold(list.map((d, i) => ({ ev: 'hand.raised', meeting: 7, seq: 3 + i, ts: 1003, actor: d.participant, data: d })), base);
  const batched = apply(deepFreeze(base), deepFreeze({ ev: 'hands.raised', meeting: 7, seq: 3, ts: 1003, actor: 'system', data: { hands: list } }));
  assert.deepEqual(batched.hands, singles.hands);
  assert.deepEqual(batched.hands.map((x) => x.participant), ['member:9', 'guest:ab12', 'member:7']);
  assert.equal(batched.hands[1].name, 'Trương Thanh Sơn', 'a guest keeps the name the event gives');
  assert.deepEqual(handsIn({ ev: 'hands.raised', data: { hands: [null, 7, { name: 'x' }, { participant: '' }, hand('member:8', 'Lê Minh Châu')] } }), [hand('member:8', 'Lê Minh Châu')]);
  assert.deepEqual(handsIn({ ev: 'hands.raised', data: { hands: 'all' } }), []);
  assert.deepEqual(handsIn({ ev: 'hand.lowered', data: hand('member:8', 'x') }), []);
  const already = apply(batched, { ev: 'hands.raised', meeting: 7, seq: 4, ts: 1004, actor: 'system', data: { hands: [hand('member:7', 'Nguyễn Văn Bình')] } });
  assert.equal(already.hands, batched.hands, 'a hand already up changes nothing');
});

test('a malformed batch folds to nothing and does not throw', () => {
  const s = deepFreeze(fold(congress()));
  const at = (ev, data) => ({ ev, meeting: 7, seq: s.head + 1, ts: 2000, actor: 'system', data });
  const bad = [
    at('vote.casts', { vote: 50, tally: tally(3, 0, 0) }),
    at('vote.casts', { vote: 50, casts: 'many', tally: tally(3, 0, 0) }),
    at('vote.casts', { vote: 50, casts: { member: 7, choice: 'for' }, tally: tally(3, 0, 0) }),
    at('vote.casts', { vote: 50, casts: [{ name: 'x', choice: 'for' }, null, 7, [], { member: null, choice: 'for' }], tally: tally(3, 0, 0) }),
    at('vote.casts', null),
    at('vote.casts', { vote: 50, choices: [7, 8], tally: tally(3, 0, 0) }),
    at('vote.casts', { vote: 50, choices: { for: 'all', against: 8 }, tally: tally(3, 0, 0) }),
    at('vote.casts', { vote: 50, choices: { for: [null, { member: 7 }, [8]] }, tally: tally(3, 0, 0) }),
    at('attendance.marks', { summary: { members: 4, present: 4 } }),
    at('attendance.marks', { marks: 'all', summary: { members: 4, present: 4 } }),
    at('attendance.marks', { marks: [{ name: 'x', attendance: 'present' }, null, 'member:7', { member: undefined, attendance: 'present' }], summary: { members: 4, present: 4 } }),
    at('attendance.marks', null),
    at('attendance.marks', { present: 'all', summary: { members: 4, present: 4 } }),
    at('attendance.marks', { present: [null, { member: 7 }, [8]], marks: [], summary: { members: 4, present: 4 } }),
  ];
  for (const e of bad) {
    let n;
    assert.doesNotThrow(() => { n = apply(s, deepFreeze(e)); }, JSON.stringify(e.data));
    assert.equal(n.head, s.head + 1, 'still history');
    assert.equal(n.votes, s.votes, `no vote changed: ${JSON.stringify(e.data)}`);
    assert.equal(n.roster, s.roster, `no roster entry changed: ${JSON.stringify(e.data)}`);
    assert.equal(n.summary, s.summary, `the summary stands: ${JSON.stringify(e.data)}`);
  }
  // Only the bad entries of a batch are dropped.
  const mixed = apply(s, at('vote.casts', { vote: 50, casts: [{ name: 'x', choice: 'against' }, { member: 8, name: 'Lê Minh Châu', choice: 'for' }], tally: tally(1, 0, 0) }));
  assert.deepEqual(Object.keys(mixed.votes[50].casts), ['member:8']);
  assert.deepEqual(mixed.votes[50].tally, tally(1, 0, 0));
  const mixedGroups = apply(s, at('vote.casts', { vote: 50, choices: { for: [null, 8], against: 'x' }, tally: tally(1, 0, 0) }));
  assert.deepEqual(Object.keys(mixedGroups.votes[50].casts), ['member:8']);
});

test('the connection\'s participants snapshot: a live arrival is online, a replayed one keeps the snapshot\'s flag', async () => {
  // Conn.fold keeps conn.joined current for pages mounted later; no socket is
  // needed for it, so the prototype is used without the constructor.
  const { Conn, arrivedIn } = await import(join(here, '..', '..', 'client-web', 'js', 'conn.js'));
  const conn = Object.create(Conn.prototype);
  conn.joined = { head: 10, meeting: { id: 7, status: 'open' }, participants: [
    { id: 'member:2', name: 'Trần Văn Bình', role: 'member', member_kind: 'probationary', online: false },  // arrived at seq 5, has since left
  ] };
  // Arrivals as logged: without online, and without an entry's defaults.
  const binh = { id: 'member:2', name: 'Trần Văn Bình', role: 'member' };
  conn.fold({ ev: 'participant.arrived', meeting: 7, seq: 5, data: { participant: binh } });
  assert.equal(conn.joined.participants[0].online, false, 'a replayed arrival does not bring her back online');
  const chau = { id: 'member:3', name: 'Lê Minh Châu', role: 'member' };
  const guest = { id: 'guest:ab', name: 'Trương Thanh Sơn', role: 'guest' };
  conn.fold({ ev: 'participants.arrived', meeting: 7, seq: 11, data: { participants: [binh, chau, guest] } });
  assert.deepEqual(conn.joined.participants.map((p) => [p.id, p.online]),
    [['member:2', true], ['member:3', true], ['guest:ab', true]], 'live arrivals are online, new ones listed');
  assert.equal(conn.joined.participants[0].member_kind, 'probationary', 'a slim arrival keeps what the snapshot says');
  assert.deepEqual(arrivedIn({ ev: 'notice', data: { participant: binh } }), [], 'only arrival events bring participants');
  assert.deepEqual(arrivedIn({ ev: 'participants.arrived', data: {} }), [], 'a batch without a list brings none');
});
