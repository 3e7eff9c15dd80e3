// A meeting as the client sees it: a pure fold over the meeting's event log
// (protocol/PROTOCOL.md "Events" and "Running a meeting"). apply(state, event)
// returns a new state and never changes the one it was given, so a reload
// (since = 0, the whole log replayed) shows exactly what a tab that watched
// live shows. No DOM, no clock, no rules: every figure the Party's rules
// define (summary, tally, can_vote, results) is taken from the events as the
// server computed it, never recomputed here.
import { arrivedIn } from '../conn.js';

export function initial() {
  return {
    head: 0,              // highest seq applied
    meeting: null,        // meeting.created data (+ id)
    status: 'scheduled',  // scheduled | open | closed
    openedAt: 0,          // server ms of meeting.opened
    closedAt: 0,
    opened: null,         // meeting.opened data without roster and summary
    closed: null,         // meeting.closed data
    rules: '',
    minMinutes: 0,
    agenda: [],           // [{id, title, section, key, thematic}]
    current: null,        // current item id
    chair: null,          // {participant, name}
    minuteTaker: null,    // {participant, name}
    committee: null,      // {members: [{participant, name}], head}
    people: {},           // participant id -> {id, name, role, title, …, arrivedAt, introducedAt}
    introduced: [],       // participant ids in the order introduced
    roster: [],           // snapshot entries: {member, participant, name, kind, status, category, attendance, reason, note, late, can_vote}
    summary: null,        // the newest attendance summary
    rollcall: { open: false, openedAt: 0, closedAt: 0, rounds: 0, result: null },
    hands: [],            // [{participant, name, at}] in the order raised
    floor: null,          // speech id in progress
    speeches: {},         // id -> {id, participant, name, item, item_title, start, end, duration_ms, gist}
    speechOrder: [],
    votes: {},            // id -> {id, subject, text, decision, method, rule, rules, item, eligible, denominator, openedAt, casts, tally, open, result, closedAt}
    voteOrder: [],
    openVote: null,       // id of the vote in progress
    notices: [],          // [{seq, ts, text, by}]
    // Secret ballots (PROTOCOL.md "Secret ballots"): what the log says, plus
    // the live turnout (ballot.turnout pushes and the join result's
    // `ballots`), which is not history and is kept apart in `turnout`.
    ballots: {},          // id -> {…ballot.opened data, id, open, round, voided, result (ballot.closed data), confirmed}
    ballotOrder: [],
    openBallot: null,
    turnout: {},          // ballot id -> [participant ids] who have voted (live)
    notRated: [],         // annual review: [{member, name, reason}] from meeting.created
    reviews: {},          // member id -> review.submitted data (latest)
    // The minutes (PROTOCOL.md "Minutes, resolution book and observer
    // reports"): the life cycle and each section's newest save as the log
    // says; the editor and the reader fetch the full text with minutes.get.
    minutes: { status: 'drafting', presentedAt: 0, presentedBy: '', presentations: 0, approvalVote: null, sections: {}, lock: null, addenda: [] },
    observerReports: {},  // participant -> observer.reported data (the newest filing)
  };
}

const set = (o, k, v) => ({ ...o, [k]: v });

// The roster with each member's patch applied (patches: member id -> patch).
function updateEntries(roster, patches) {
  return roster.map((e) => (patches.has(e.member) ? { ...e, ...patches.get(e.member) } : e));
}

// A sent list of member ids (vote.casts "choices", attendance.marks
// "present"): what is not an id is left out.
const idsIn = (xs) => (Array.isArray(xs) ? xs.filter((m) => m != null && typeof m !== 'object') : []);

// The answers a logged vote event brings, each as a `vote.cast`'s data:
// vote.cast has one, vote.casts (the answers that came while the previous
// one was being written: a congress voting at once) many. A batch comes as
// member ids grouped by choice, each member once ("choices": {"for": [7, 8]},
// PROTOCOL.md vote.casts); a list of entries ("casts") is read too, in order.
// A batch names no one: the roster does.
export function castsIn(ev) {
  const d = ev?.data || {};
  if (ev?.ev === 'vote.cast') return [d];
  if (ev?.ev !== 'vote.casts') return [];
  const answer = (member, choice, c = {}) =>
    ({ vote: d.vote, member, participant: 'member:' + member, name: c.name, choice, key: c.key });
  if (d.choices && typeof d.choices === 'object' && !Array.isArray(d.choices)) {
    return Object.entries(d.choices).flatMap(([choice, ids]) => idsIn(ids).map((m) => answer(m, choice)));
  }
  if (!Array.isArray(d.casts)) return [];
  return d.casts.filter((c) => c && typeof c === 'object' && c.member != null).map((c) => answer(c.member, c.choice, c));
}

// Likewise the marks of attendance.marked (one) and attendance.marks (many),
// each as an `attendance.marked`'s data. A batch sends the members who
// checked in present, may vote and on time as ids ("present"), and the
// others as entries ("marks") that leave out "attendance": "present" and
// "can_vote": true (PROTOCOL.md); logs before 2026-12 say them.
export function marksIn(ev) {
  const d = ev?.data || {};
  if (ev?.ev === 'attendance.marked') return [d];
  if (ev?.ev !== 'attendance.marks') return [];
  const ids = idsIn(d.present).map((member) => ({ member }));
  const entries = Array.isArray(d.marks) ? d.marks.filter((m) => m && typeof m === 'object' && m.member != null) : [];
  return [...ids, ...entries].map((m) => ({ attendance: 'present', can_vote: true, ...m, participant: 'member:' + m.member }));
}

// Likewise the hands of hand.raised (one) and hands.raised (many), each as
// a `hand.raised`'s data; an entry without a participant is none.
export function handsIn(ev) {
  const d = ev?.data || {};
  const all = ev?.ev === 'hand.raised' ? [d] : ev?.ev === 'hands.raised' && Array.isArray(d.hands) ? d.hands : [];
  return all.filter((x) => x && typeof x === 'object' && typeof x.participant === 'string' && x.participant);
}

function withoutHand(hands, pid) {
  return hands.some((x) => x.participant === pid) ? hands.filter((x) => x.participant !== pid) : hands;
}

// One logged event onto the state. Events already applied (seq <= head) and
// events of unknown kinds change nothing but are harmless.
export function apply(s, ev) {
  if (!ev || typeof ev.ev !== 'string') return s;
  if (typeof ev.seq === 'number') {
    if (ev.seq <= s.head) return s;
  } else {
    return s;  // presence and other live-only frames are not history
  }
  const d = ev.data || {};
  const ts = ev.ts || 0;
  let n = { ...s, head: ev.seq };
  switch (ev.ev) {
    case 'meeting.created': {
      const { agenda, min_minutes: mm, not_rated: nr, ...meeting } = d;
      if (Array.isArray(nr)) n.notRated = nr;
      n.meeting = { ...meeting, id: ev.meeting };
      n.status = 'scheduled';
      if (Array.isArray(agenda)) n.agenda = agenda;
      if (typeof mm === 'number') n.minMinutes = mm;
      break;
    }
    case 'meeting.opened': {
      const { roster, summary, ...rest } = d;
      n.status = 'open';
      n.openedAt = ts;
      n.opened = rest;
      n.rules = d.rules || n.rules;
      if (typeof d.min_minutes === 'number') n.minMinutes = d.min_minutes;
      if (d.chair) n.chair = { participant: d.chair, name: d.chair_name || '' };
      // An entry says only what does not follow (PROTOCOL.md "A roster entry");
      // logs written before 2026-12 say it all.
      if (Array.isArray(roster)) {
        n.roster = roster.map((e) => {
          const x = { participant: 'member:' + e.member, kind: 'official', status: 'active', committee_role: 'none',
            admitted_on: null, attendance: 'unmarked', can_vote: false, reason: '', note: '', late: false, ...e };
          x.category ||= x.kind;  // said when it is not the kind (the server decides it)
          return x;
        });
      }
      if (summary) n.summary = summary;
      if (n.meeting) n.meeting = set(n.meeting, 'status', 'open');
      break;
    }
    case 'meeting.closed':
      n.status = 'closed';
      n.closedAt = ts;
      n.closed = d;
      n.floor = null;
      n.rollcall = { ...n.rollcall, open: false };
      if (n.meeting) n.meeting = set(n.meeting, 'status', 'closed');
      break;
    case 'participant.arrived':
    case 'participants.arrived':  // the arrivals of one write, each alike
      for (const p of arrivedIn(ev)) {
        if (p?.id) n.people = set(n.people, p.id, { ...(n.people[p.id] || {}), ...p, arrivedAt: ts });
      }
      break;
    case 'notice':
      n.notices = [...n.notices, { seq: ev.seq, ts, text: d.text || '', by: d.by || '' }];
      break;
    case 'agenda.set':
      if (Array.isArray(d.items)) n.agenda = d.items;
      if (typeof d.min_minutes === 'number') n.minMinutes = d.min_minutes;
      break;
    case 'agenda.current':
      n.current = d.item || null;
      break;
    case 'role.appointed':
      if (d.role === 'chair') n.chair = { participant: d.participant, name: d.name || '' };
      else if (d.role === 'minute_taker') n.minuteTaker = { participant: d.participant, name: d.name || '' };
      else if (d.role === 'counting_committee') n.committee = { members: d.members || [], head: d.head || null };
      break;
    case 'participant.introduced': {
      const pid = d.participant;
      if (!pid) break;
      n.people = set(n.people, pid, { ...(n.people[pid] || { id: pid }), name: d.name || n.people[pid]?.name || '', title: d.title || '', role: d.role || n.people[pid]?.role, introducedAt: ts });
      if (!n.introduced.includes(pid)) n.introduced = [...n.introduced, pid];
      break;
    }
    case 'rollcall.opened':
      n.rollcall = { ...n.rollcall, open: true, openedAt: ts };
      if (d.summary) n.summary = d.summary;
      break;
    case 'attendance.marked':
    case 'attendance.marks': {  // the marks of one write, each alike, then the event's summary
      const marks = marksIn(ev);
      if (!marks.length) break;
      const patches = new Map();
      for (const m of marks) {
        patches.set(m.member, {
          ...patches.get(m.member), attendance: m.attendance, reason: m.reason || '', note: m.note || '', late: !!m.late,
          ...(typeof m.can_vote === 'boolean' ? { can_vote: m.can_vote } : {}),
        });
      }
      n.roster = updateEntries(n.roster, patches);
      if (d.summary) n.summary = d.summary;
      break;
    }
    case 'rollcall.closed':
      n.rollcall = { ...n.rollcall, open: false, closedAt: ts, rounds: n.rollcall.rounds + 1, result: d };
      if (d.summary) n.summary = d.summary;
      break;
    case 'hand.raised':
    case 'hands.raised': {  // the hands of one write, each alike, in the order raised
      const up = new Set(n.hands.map((x) => x.participant));
      const fresh = handsIn(ev).filter((x) => !up.has(x.participant) && up.add(x.participant));
      if (fresh.length) n.hands = [...n.hands, ...fresh.map((x) => ({ participant: x.participant, name: x.name || '', at: ts }))];
      break;
    }
    case 'hand.lowered':
      n.hands = withoutHand(n.hands, d.participant);
      break;
    case 'floor.given': {
      const id = d.speech ?? ev.seq;
      n.hands = withoutHand(n.hands, d.participant);
      n.floor = id;
      n.speeches = set(n.speeches, id, {
        id, participant: d.participant, name: d.name || '', item: d.item || null, item_title: d.item_title || '',
        start: ts, end: 0, duration_ms: null, gist: '',
      });
      n.speechOrder = [...n.speechOrder, id];
      break;
    }
    case 'floor.ended': {
      const sp = n.speeches[d.speech];
      if (sp) n.speeches = set(n.speeches, d.speech, { ...sp, end: ts, duration_ms: typeof d.duration_ms === 'number' ? d.duration_ms : ts - sp.start });
      if (n.floor === d.speech) n.floor = null;
      break;
    }
    case 'speech.gist': {
      const sp = n.speeches[d.speech];
      if (sp) n.speeches = set(n.speeches, d.speech, { ...sp, gist: d.text || '' });
      break;
    }
    case 'vote.opened': {
      const id = d.vote ?? ev.seq;
      n.votes = set(n.votes, id, {
        id, subject: d.subject || '', text: d.text || '', decision: d.decision || 'ordinary', method: d.method || 'named',
        rule: d.rule || '', rules: d.rules || '', item: d.item || null, eligible: d.eligible || [],
        denominator: d.denominator ?? null, openedAt: ts, casts: {},
        tally: { for: 0, against: 0, abstain: 0, answered: 0 }, open: true, result: null, closedAt: 0,
        minutes: !!d.minutes,
      });
      n.voteOrder = [...n.voteOrder, id];
      n.openVote = id;
      if (d.minutes) n.minutes = { ...n.minutes, status: 'approval', approvalVote: id };
      if (Array.isArray(d.eligible)) {
        const el = new Set(d.eligible);
        n.roster = n.roster.map((e) => (e.can_vote === el.has(e.participant) ? e : { ...e, can_vote: el.has(e.participant) }));
      }
      break;
    }
    case 'vote.cast':
    case 'vote.casts': {  // the answers of one write, each alike (the last of a member counts), then the event's tally
      const v = n.votes[d.vote];
      const answers = castsIn(ev);
      if (!v || !answers.length) break;
      const casts = { ...v.casts };
      // A batch entry names no one (PROTOCOL.md vote.casts): the roster does,
      // looked up once per event, not once per answer (2,000 × 2,000 on a phone).
      const names = answers.some((c) => !c.name) ? new Map(n.roster.map((e) => [e.participant, e.name])) : null;
      for (const c of answers) casts[c.participant] = { choice: c.choice, name: c.name || names?.get(c.participant) || '', member: c.member, at: ts, seq: ev.seq };
      n.votes = set(n.votes, d.vote, { ...v, casts, tally: d.tally || v.tally });
      break;
    }
    case 'vote.closed': {
      const v = n.votes[d.vote];
      if (!v) break;
      n.votes = set(n.votes, d.vote, {
        ...v, open: false, result: d, closedAt: ts,
        tally: { for: d.for ?? v.tally.for, against: d.against ?? v.tally.against, abstain: d.abstain ?? v.tally.abstain, answered: d.answered ?? v.tally.answered },
        denominator: d.denominator ?? v.denominator,
      });
      if (n.openVote === d.vote) n.openVote = null;
      // Not passed: the minutes go back to drafting; passed: minutes.locked follows in the same commit.
      if (v.minutes && !d.passed && n.minutes.status === 'approval') n.minutes = { ...n.minutes, status: 'drafting' };
      break;
    }
    case 'minutes.saved': {
      if (!d.section) break;
      const sec = { text: d.text || '', version: d.version ?? 0, by: d.by || '', by_name: d.by_name || d.by || '', at: ts, actor: ev.actor || '' };
      // What was read back is no longer what is written: read it back again.
      const status = n.minutes.status === 'presented' ? 'drafting' : n.minutes.status;
      n.minutes = { ...n.minutes, status, sections: set(n.minutes.sections, d.section, sec) };
      break;
    }
    case 'minutes.presented':
      n.minutes = {
        ...n.minutes, status: n.minutes.status === 'locked' ? 'locked' : 'presented', presentedAt: ts,
        presentedBy: d.by_name || d.by || '', presentations: n.minutes.presentations + 1,
      };
      break;
    case 'minutes.locked': {
      const { content, ...lock } = d;
      n.minutes = { ...n.minutes, status: 'locked', lock: { ...lock, content: content || null, at: ts } };
      break;
    }
    case 'minutes.addendum':
      n.minutes = { ...n.minutes, addenda: [...n.minutes.addenda, { ...d, by_name: d.by_name || d.by || '', seq: ev.seq, at: ts }] };
      break;
    case 'observer.reported':
      if (d.participant) n.observerReports = set(n.observerReports, d.participant, { ...d, at: ts });
      break;
    case 'ballot.opened': {
      const id = d.ballot ?? ev.seq;
      // `round` counts reopenings: a ballot cast in an earlier round was voided.
      n.ballots = set(n.ballots, id, { ...d, id, open: true, openedAt: ts, round: 0, voided: 0, result: null, closedAt: 0, confirmed: null });
      n.ballotOrder = [...n.ballotOrder, id];
      n.openBallot = id;
      n.turnout = set(n.turnout, id, []);
      if (Array.isArray(d.eligible)) {
        const el = new Set(d.eligible);
        n.roster = n.roster.map((e) => (e.can_vote === el.has(e.participant) ? e : { ...e, can_vote: el.has(e.participant) }));
      }
      break;
    }
    case 'ballot.reopened': {
      const b = n.ballots[d.ballot];
      if (!b) break;
      n.ballots = set(n.ballots, d.ballot, { ...b, round: b.round + 1, voided: b.voided + (d.voided || 0), reopenedAt: ts });
      n.turnout = set(n.turnout, d.ballot, []);
      break;
    }
    case 'ballot.closed': {
      const b = n.ballots[d.ballot];
      if (!b) break;
      n.ballots = set(n.ballots, d.ballot, { ...b, open: false, result: d, closedAt: ts });
      n.turnout = set(n.turnout, d.ballot, d.voted || []);
      if (n.openBallot === d.ballot) n.openBallot = null;
      break;
    }
    case 'ballot.confirmed': {
      const b = n.ballots[d.ballot];
      if (b) n.ballots = set(n.ballots, d.ballot, { ...b, confirmed: { by: d.by || '', participant: d.participant, at: ts } });
      break;
    }
    case 'review.submitted':
      if (d.member != null) n.reviews = set(n.reviews, d.member, { ...(n.reviews[d.member] || {}), ...d, at: ts });
      break;
    default:
      break;
  }
  return n;
}

// Live turnout of an open secret ballot (not history: a restart of the server
// empties the box, PROTOCOL.md "Held, then sealed").
export function withTurnout(s, ballot, voted) {
  if (!s.ballots[ballot] || !s.ballots[ballot].open) return s;
  return { ...s, turnout: set(s.turnout, ballot, [...new Set(voted)]) };
}
export function addTurnout(s, ballot, participant) {
  const cur = s.turnout[ballot] || [];
  return cur.includes(participant) ? s : withTurnout(s, ballot, [...cur, participant]);
}
// Who a ballot.turnout push says has voted: `participant`, or `participants`
// when several ballots were held between two of the server's sends.
export function votersIn(ev) {
  const d = ev?.data || {};
  const all = Array.isArray(d.participants) ? d.participants : [d.participant];
  return all.filter((p) => typeof p === 'string' && p);
}
export const lastBallot = (s) => (s.ballotOrder.length ? s.ballots[s.ballotOrder[s.ballotOrder.length - 1]] : null);

// The whole log at once.
export function fold(events, s = initial()) {
  for (const e of events) s = apply(s, e);
  return s;
}

// --- reading the state (no rules here either) ----------------------------------

export const entryOf = (s, pid) => s.roster.find((e) => e.participant === pid) || null;
export const itemOf = (s, id) => s.agenda.find((i) => i.id === id) || null;
export const currentItem = (s) => itemOf(s, s.current);
export const speaking = (s) => (s.floor != null ? s.speeches[s.floor] || null : null);
export const handIndex = (s, pid) => s.hands.findIndex((x) => x.participant === pid);
export const lastVote = (s) => (s.voteOrder.length ? s.votes[s.voteOrder[s.voteOrder.length - 1]] : null);

// Who has not answered a vote: while open, those who can_vote now minus those
// who cast (PROTOCOL.md "Meeting events"); once closed, the server's list.
export function notAnswered(s, v) {
  if (!v) return [];
  if (!v.open && v.result && Array.isArray(v.result.not_answered)) {
    return v.result.not_answered.map((pid) => entryOf(s, pid) || { participant: pid, name: s.people[pid]?.name || pid });
  }
  return s.roster.filter((e) => e.can_vote && !v.casts[e.participant]);
}

// A display name for a participant id, from whatever the log said.
export function nameOf(s, pid) {
  return entryOf(s, pid)?.name || s.people[pid]?.name || (s.chair?.participant === pid ? s.chair.name : '') || '';
}
