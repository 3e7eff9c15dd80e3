// A batch (vote.casts, attendance.marks, hands.raised) as one line of the
// room's feed: each member once, with what counts (their last entry); how
// many, and the first five by name (the roster's, `before` the event: a
// batch names no one, PROTOCOL.md "Casts and check-ins travel together").
// Pure: the room page renders the { key, p } it returns; null when the
// batch holds nothing to show.
import { castsIn, marksIn, handsIn, entryOf } from './state.js';

const lastEach = (entries) => [...new Map(entries.map((x) => [x.participant, x])).values()];
const firstFive = (all, before, pick) => ({ n: all.length, more: all.length > 5,
  list: all.slice(0, 5).map((x) => ({ name: x.name || entryOf(before, x.participant)?.name || '', ...pick(x) })) });

export function batchLine(ev, before) {
  switch (ev?.ev) {
    case 'vote.casts': {
      const casts = lastEach(castsIn(ev));
      return casts.length ? { key: 'feed.castMany', p: firstFive(casts, before, (x) => ({ choice: x.choice })) } : null;
    }
    case 'attendance.marks': {
      const marks = lastEach(marksIn(ev));
      if (!marks.length) return null;
      return { key: 'feed.markedMany',
        p: { ...firstFive(marks, before, (x) => ({ att: x.attendance, late: !!x.late })), present: marks.every((x) => x.attendance === 'present') } };
    }
    case 'hands.raised': {
      const hands = lastEach(handsIn(ev));
      return hands.length ? { key: 'feed.handMany', p: firstFive(hands, before, () => ({})) } : null;
    }
    default:
      return null;
  }
}
