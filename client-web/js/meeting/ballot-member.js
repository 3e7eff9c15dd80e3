// A member's secret ballot (phiếu kín; PROTOCOL.md "Secret ballots",
// docs/secret-ballot.md), loaded only once a meeting has one.
//
// Casting: the phone draws a random 128-bit tracker and an idempotency key,
// keeps {meeting, ballot, round, choice, tracker, key} in localStorage and
// sends ballot.cast. The server only *holds* the ballot until the close, so:
// after every (re)join, a ballot this phone holds that the turnout does not
// list (a server restart emptied the box) goes again with the same tracker
// and key — the server answers `duplicate` if it had it after all. A reopen
// voids it instead: the member chooses again.
//
// After the close the phone finds its tracker in the published box, says
// whether the ballot was counted as cast, and forgets the record.
import { h, put, clear, setT, errorBox, showError, confirmBox } from '../ui.js';
import { entryOf, lastBallot } from './state.js';
import { newKey, persist } from './fmt.js';
import { whyKey } from './member.js';
import { styled, newTracker, canonical, grouped, shortTracker, choiceLabel, resultParams, resultTone } from './ballot-base.js';

export { styled, newTracker, canonical };

const PREFIX = 'chibo.ballot.';
const KEEP_MS = 14 * 24 * 3600 * 1000;  // a record left behind (the phone never saw the close) goes after two weeks

export function mount(box, api) {
  const { conn, id, me } = api;
  let st = api.state();
  let gone = false;
  let sending = false;
  const resentAt = {};   // ballot -> the join (api.joins()) after which it was re-sent
  const verdicts = {};   // ballot -> what the check against the box found (kept for this page only)
  const voidedSeen = {}; // ballot -> a held ballot of this phone was voided by a reopen

  const storeKey = (ballot) => `${PREFIX}${id}.${ballot}.${me}`;
  const load = (ballot) => { try { return JSON.parse(localStorage.getItem(storeKey(ballot)) || 'null'); } catch { return null; } };
  const save = (rec) => { try { localStorage.setItem(storeKey(rec.ballot), JSON.stringify(rec)); } catch { /* private mode: kept in memory only */ } };
  const forget = (ballot) => { try { localStorage.removeItem(storeKey(ballot)); } catch { /* ignore */ } };
  (function sweep() {
    try {
      for (let i = localStorage.length - 1; i >= 0; i--) {
        const k = localStorage.key(i);
        if (!k || !k.startsWith(PREFIX)) continue;
        const r = JSON.parse(localStorage.getItem(k) || 'null');
        if (!r || !(Date.now() - (r.at || 0) < KEEP_MS)) localStorage.removeItem(k);
      }
    } catch { /* ignore */ }
  })();

  const err = errorBox();
  const title = h('h2', { id: 'me-ballot-h' });
  const subject = h('p', { class: 'vote-subject' });
  const kindLine = h('p', { class: 'hint' });
  const form = h('form', { class: 'ballot-form', novalidate: true });
  const castB = h('button', { type: 'submit', class: 'btn big primary block', t: 'ballot.cast' });
  const status = h('div', { class: 'ballot-status', role: 'status' });
  const turnout = h('p', { class: 'hint ballot-turnout' });
  const card = h('section', { class: 'card me-ballot', 'aria-labelledby': 'me-ballot-h' }, title, subject, kindLine, form, err, status, turnout);
  put(clear(box), card);

  form.addEventListener('submit', (e) => { e.preventDefault(); cast(); });

  const openBallot = () => (st.openBallot != null ? st.ballots[st.openBallot] : null);

  function chosen(b) {
    const inputs = [...form.querySelectorAll('input')];
    if (b.kind === 'election') {
      if (inputs.some((i) => i.checked && i.value === 'blank')) return [];
      const ids = inputs.filter((i) => i.checked).map((i) => i.value);
      return ids.length ? ids : null;
    }
    return inputs.find((i) => i.checked)?.value || null;
  }

  // Sends the record's ballot until the server answers (waiting out a lost
  // connection); a tracker somebody else drew already is replaced.
  async function send(b, rec) {
    for (let tries = 0; ; tries++) {
      try {
        return await persist(conn, 'ballot.cast', { meeting: id, ballot: b.id, choice: rec.choice, tracker: rec.tracker, key: rec.key }, () => !gone);
      } catch (e) {
        if (e?.code === 'conflict' && e.details?.reason === 'tracker_taken' && tries < 3) {
          rec.tracker = newTracker();
          save(rec);
          continue;
        }
        throw e;
      }
    }
  }

  // What to do with this phone's record when the server refuses it.
  function refused(b, rec, e) {
    if (gone) return;
    if (e?.code === 'vote_closed') return;  // the close is on its way: the check will say what happened
    forget(b.id);
    if (!(e?.code === 'conflict' && e.details?.reason === 'already_voted')) showError(err, e);
  }

  async function cast() {
    const b = openBallot();
    if (!b || sending) return;
    const choice = chosen(b);
    if (choice == null) { showError(err, { code: 'local', local: true }, b.kind === 'election' ? 'ballot.pickElection' : 'ballot.pick'); return; }
    if (Array.isArray(choice) && choice.length > (b.seats || 1)) { showError(err, { code: 'local', local: true }, 'ballot.tooMany'); return; }
    showError(err, null);
    const label = choiceLabel(b, canonical(choice));
    if (!await confirmBox(label ? 'ballot.confirmCast' : 'ballot.confirmBlank', { choice: label }, 'ballot.cast')) return;
    const cur = openBallot();
    if (!cur || cur.id !== b.id || cur.round !== b.round) return;  // closed or reopened meanwhile
    const rec = { meeting: id, ballot: b.id, round: b.round, choice, canonical: canonical(choice), tracker: newTracker(), key: newKey(), state: 'sending', at: Date.now() };
    save(rec);
    sending = true;
    update(st);
    try {
      await send(b, rec);
      if (load(b.id)) save({ ...rec, state: 'held' });
    } catch (e) {
      refused(b, rec, e);
    }
    sending = false;
    if (!gone) update(st);
  }

  // After a (re)join: the box lost what this phone holds (a server restart),
  // so it goes again, same tracker and key. Once per join.
  function resendIfLost(b, rec, voted) {
    const joins = api.joins();
    if (voted || sending || !joins || resentAt[b.id] === joins || conn.state !== 'ready') return;
    resentAt[b.id] = joins;
    sending = true;
    send(b, rec).then(() => { if (load(b.id)) save({ ...rec, state: 'held' }); }, (e) => refused(b, rec, e))
      .finally(() => { sending = false; if (!gone) update(st); });
  }

  function drawForm(b) {
    clear(form);
    const multi = b.kind === 'election';
    const name = 'ballot-' + b.id;
    const seats = b.seats || 1;
    const inputs = [];
    const limit = () => {
      const n = inputs.filter((i) => i.checked && i.value !== 'blank').length;
      for (const i of inputs) if (i.value !== 'blank') i.disabled = !i.checked && n >= seats;
    };
    for (const o of [...(b.options || []), { id: 'blank', label: null }]) {
      const input = h('input', { type: multi ? 'checkbox' : 'radio', name, value: o.id });
      inputs.push(input);
      const text = o.label == null ? h('span', { t: multi ? 'ballot.blankElection' : 'ballot.blank' }) : h('span', {}, o.label);
      put(form, h('label', { class: 'ballot-option' + (o.id === 'blank' ? ' blank' : '') }, input, text));
      if (multi) {
        input.addEventListener('change', () => {
          if (input.checked) for (const i of inputs) if ((o.id === 'blank') !== (i.value === 'blank')) i.checked = false;
          limit();
          showError(err, null);
        });
      } else {
        input.addEventListener('change', () => showError(err, null));
      }
    }
    if (multi) form.prepend(h('p', { class: 'ballot-upto', t: 'ballot.upTo', tp: { n: seats } }));
    put(form, castB);
    form.dataset.ballot = `${b.id}.${b.round}`;
  }

  function trackerBox(rec) {
    return h('div', { class: 'tracker-box' },
      h('p', { class: 'hint', t: 'ballot.trackerIs' }),
      h('p', { class: 'tracker' }, shortTracker(rec.tracker)),
      h('p', { class: 'hint tracker-full' }, h('span', { t: 'ballot.trackerFull' }), ' ', h('span', { class: 'mono' }, grouped(rec.tracker))));
  }

  // The closed ballot against this phone's record: counted as cast, counted
  // with another choice, or missing. The record is then forgotten.
  function check(b, rec) {
    if ((rec.round ?? 0) !== b.round) { forget(b.id); return; }  // voided by a reopen, never cast again
    const found = (b.result?.box || []).find((x) => x.tracker === rec.tracker);
    verdicts[b.id] = { tracker: rec.tracker, found: !!found, same: !!found && found.choice === rec.canonical, label: choiceLabel(b, rec.canonical) };
    forget(b.id);
  }

  // The published box, for anyone to find their own tracker by eye.
  let listOpen = false;
  function boxList(b, mine) {
    const entries = b.result?.box || [];
    const d = h('details', { class: 'box-list', open: listOpen }, h('summary', { t: 'ballot.boxList', tp: { n: entries.length } }),
      h('p', { class: 'hint', t: 'ballot.boxHint' }),
      h('ol', { class: 'small' }, entries.map((x) => h('li', { class: x.tracker === mine ? 'mine' : null },
        h('span', { class: 'mono' }, h('b', {}, shortTracker(x.tracker)), ' ', grouped(x.tracker.slice(8))), ' — ',
        choiceLabel(b, x.choice) || h('span', { t: 'ballot.blankShort' })))));
    d.addEventListener('toggle', () => { listOpen = d.open; });
    return d;
  }

  function update(s) {
    st = s;
    const b = s.openBallot != null ? s.ballots[s.openBallot] : lastBallot(s);
    const entry = entryOf(s, me);
    // Observers and guests follow ballots on the board; never a ballot here.
    card.hidden = !b || (!entry && !api.isMemberLink);
    if (card.hidden) return;
    setT(title, b.open ? 'ballot.openTitle' : 'ballot.closedTitle');
    subject.textContent = b.subject;
    setT(kindLine, 'ballot.kindLine', { kind: b.kind, decision: b.decision, name: b.member_name || '', seats: b.seats });
    let rec = load(b.id);
    clear(status);
    const voted = (s.turnout[b.id] || []).includes(me);

    if (b.open) {
      if (rec && (rec.round ?? 0) !== b.round) {  // the chair reopened: this ballot was voided
        forget(b.id);
        rec = null;
        voidedSeen[b.id] = true;
      }
      const can = !!entry?.can_vote && s.status === 'open';
      const mayCast = can && !voted && !rec && !sending;
      form.hidden = !mayCast;
      if (mayCast && form.dataset.ballot !== `${b.id}.${b.round}`) drawForm(b);
      if (rec) {
        if (rec.state === 'held' || voted) put(status, h('p', { class: 'ballot-done', t: 'ballot.held' }), trackerBox(rec));
        else put(status, h('p', { class: 'hint', t: 'ballot.sending' }), trackerBox(rec));
        if (can) resendIfLost(b, rec, voted);
      } else if (voted) {
        put(status, h('p', { class: 'ballot-done', t: 'ballot.heldElsewhere' }));
      } else if (!can) {
        put(status, h('p', { class: 'vote-why' }, h('span', { t: 'ballot.noBallot' }), ' ', h('span', { t: whyKey(entry, api.isMemberLink) })));
      } else if (voidedSeen[b.id]) {
        put(status, h('p', { class: 'warn', t: 'ballot.voided' }));
      }
      setT(turnout, 'ballot.turnout', { n: (s.turnout[b.id] || []).length, of: b.issued ?? '?' });
      turnout.hidden = false;
      return;
    }

    // Closed: this phone's check, then the result.
    form.hidden = true;
    turnout.hidden = true;
    showError(err, null);
    if (rec) check(b, rec);
    const v = verdicts[b.id];
    if (v) {
      const key = !v.found ? 'ballot.missing' : !v.same ? 'ballot.changed' : v.label ? 'ballot.counted' : 'ballot.countedBlank';
      put(status, h('p', { class: v.same ? 'ballot-counted' : 'ballot-missing', role: v.same ? null : 'alert', t: key, tp: { choice: v.label } }),
        h('p', { class: 'hint' }, h('span', { t: 'ballot.trackerWas' }), ' ', h('span', { class: 'mono' }, grouped(v.tracker))));
    } else if ((b.result?.voted || []).includes(me)) {
      put(status, h('p', { class: 'hint', t: 'ballot.votedNoRecord' }));
    }
    put(status, h('p', { class: 'ballot-result tone-' + resultTone(b), t: 'ballot.resultLine', tp: resultParams(b) }));
    const sec = b.result?.secrecy;
    if (sec && sec !== 'none') put(status, h('p', { class: 'warn secrecy', t: 'secrecy.' + sec }));
    put(status, boxList(b, v?.tracker));
  }

  styled.then(() => { if (!gone) update(st); });
  update(st);
  return { update, destroy() { gone = true; } };
}
