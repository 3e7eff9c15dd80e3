// A member's secret ballot (phiếu kín, PROTOCOL.md "Secret ballots";
// docs/secret-ballot.md), loaded only once a meeting has one. The phone draws
// a random tracker, keeps {choice, tracker, key} in localStorage until the
// ballot is sealed, sends it again if a server restart emptied the box, and
// after the close finds its tracker in the published box and says whether
// its ballot was counted as cast.
import { addStrings } from '../i18n.js';
import strings from './strings-ballot-vi.js';
import { h, put, clear, setT, errorBox, showError } from '../ui.js';
import { entryOf, lastBallot } from './state.js';
import { newKey, persist } from './fmt.js';

addStrings(strings);

// 128 random bits as 32 lowercase hex characters.
export function newTracker() {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

// What the server stores for a choice (PROTOCOL.md: candidate ids sorted and
// joined by ",", or "blank").
export function canonical(choice) {
  if (Array.isArray(choice)) return choice.length ? [...choice].sort().join(',') : 'blank';
  return choice;
}

const groups = (tr) => tr.match(/.{4}/g).join(' ');

export function mount(box, api) {
  const { conn, id, me } = api;
  let st = api.state();
  let gone = false;
  let sending = false;
  const resent = new Set();  // ballots re-sent after this page saw a restart

  const storeKey = (ballot) => `chibo.ballot.${id}.${ballot}.${me}`;
  const load = (ballot) => { try { return JSON.parse(localStorage.getItem(storeKey(ballot)) || 'null'); } catch { return null; } };
  const save = (ballot, rec) => localStorage.setItem(storeKey(ballot), JSON.stringify(rec));

  const err = errorBox();
  const title = h('h2', { id: 'me-ballot-h' });
  const subject = h('p', { class: 'vote-subject' });
  const rule = h('p', { class: 'hint' });
  const form = h('form', { class: 'ballot-form', novalidate: true });
  const castB = h('button', { type: 'submit', class: 'btn big primary block', t: 'ballot.cast' });
  const status = h('div', { class: 'ballot-status', role: 'status' });
  const turnout = h('p', { class: 'hint' });
  const card = h('section', { class: 'card me-ballot', 'aria-labelledby': 'me-ballot-h' }, title, subject, rule, form, err, status, turnout);
  put(clear(box), card);

  form.addEventListener('submit', (e) => { e.preventDefault(); cast(); });

  function chosen(b) {
    const inputs = [...form.querySelectorAll('input')];
    if (b.kind === 'election') {
      const ids = inputs.filter((i) => i.checked && i.value !== 'blank').map((i) => i.value);
      return ids;
    }
    return inputs.find((i) => i.checked)?.value || null;
  }

  async function send(b, rec) {
    await persist(conn, 'ballot.cast', { meeting: id, ballot: b.id, choice: rec.choice, tracker: rec.tracker, key: rec.key },
      () => !gone);
  }

  async function cast() {
    const b = st.openBallot != null ? st.ballots[st.openBallot] : null;
    if (!b || sending) return;
    const choice = chosen(b);
    if (choice == null || (b.kind === 'election' && choice.length > (b.seats || 1))) {
      showError(err, { code: 'local', local: true }, b.kind === 'election' ? 'ballot.tooMany' : 'ballot.pick');
      return;
    }
    showError(err, null);
    const rec = { choice, canonical: canonical(choice), tracker: newTracker(), key: newKey(), state: 'sending' };
    save(b.id, rec);
    sending = true;
    update(st);
    try {
      await send(b, rec);
      save(b.id, { ...rec, state: 'held' });
    } catch (e) {
      if (!gone) {
        showError(err, e);
        if (e?.code !== 'conflict') localStorage.removeItem(storeKey(b.id));
      }
    }
    sending = false;
    if (!gone) update(st);
  }

  // After a restart the box is empty: a ballot this phone holds but the
  // turnout does not list goes again, same tracker and key.
  function resendIfLost(b, rec, voted) {
    if (!rec || rec.state !== 'held' || voted || sending || resent.has(b.id) || conn.state !== 'ready') return;
    resent.add(b.id);
    sending = true;
    send(b, rec).catch((e) => { if (!gone) showError(err, e); }).finally(() => { sending = false; if (!gone) update(st); });
  }

  function drawForm(b) {
    clear(form);
    const multi = b.kind === 'election';
    const name = 'ballot-' + b.id;
    const opts = [...(b.options || []), { id: 'blank', label: null }];
    for (const o of opts) {
      const input = h('input', { type: multi ? 'checkbox' : 'radio', name, value: o.id });
      const label = o.label == null ? h('span', { t: 'ballot.blank' }) : h('span', {}, o.label);
      put(form, h('label', { class: 'ballot-option' + (o.id === 'blank' ? ' blank' : '') }, input, label));
      if (multi && o.id === 'blank') {
        input.addEventListener('change', () => { if (input.checked) for (const i of form.querySelectorAll('input')) if (i !== input) i.checked = false; });
      } else if (multi) {
        input.addEventListener('change', () => { const bl = form.querySelector('input[value=blank]'); if (bl) bl.checked = false; });
      }
    }
    if (multi) put(form, h('p', { class: 'hint', t: 'ballot.upTo', tp: { n: b.seats || 1 } }));
    put(form, castB);
    form.dataset.ballot = b.id;
  }

  function labelOf(b, canon) {
    if (canon === 'blank') return null;
    return canon.split(',').map((x) => (b.options || []).find((o) => o.id === x)?.label || x).join(', ');
  }

  function update(s) {
    st = s;
    const b = s.openBallot != null ? s.ballots[s.openBallot] : lastBallot(s);
    const entry = entryOf(s, me);
    card.hidden = !b || (!entry && !api.isMemberLink);
    if (card.hidden) return;
    setT(title, b.open ? 'ballot.openTitle' : 'ballot.closedTitle');
    subject.textContent = b.subject;
    setT(rule, 'ballot.kindLine', { kind: b.kind, decision: b.decision, name: b.member_name || '', seats: b.seats });
    const rec = load(b.id);
    const voted = (s.turnout[b.id] || []).includes(me);
    clear(status);
    if (b.open) {
      const can = !!entry?.can_vote && s.status === 'open';
      const mayCast = can && !voted && !(rec && rec.state === 'held') && !sending;
      form.hidden = !mayCast;
      if (mayCast && form.dataset.ballot !== String(b.id)) drawForm(b);
      castB.disabled = sending;
      if (rec && (voted || rec.state === 'held')) {
        put(status, h('p', { class: 'ballot-done', t: 'ballot.held' }),
          h('p', { class: 'hint', t: 'ballot.trackerIs' }), h('p', { class: 'tracker' }, groups(rec.tracker)));
        resendIfLost(b, rec, voted);
      } else if (voted) {
        put(status, h('p', { class: 'ballot-done', t: 'ballot.heldElsewhere' }));
      } else if (sending) {
        put(status, h('p', { class: 'hint', t: 'ballot.sending' }));
      } else if (!can) {
        put(status, h('p', { class: 'vote-why', t: entry ? 'ballot.notEligible' : 'why.notMember' }));
      }
      setT(turnout, 'ballot.turnout', { n: (s.turnout[b.id] || []).length, of: b.issued ?? '?' });
      turnout.hidden = false;
      return;
    }
    // Closed: the verdict on this phone's ballot, then the result.
    form.hidden = true;
    turnout.hidden = true;
    const r = b.result || {};
    if (rec) {
      const found = (r.box || []).find((x) => x.tracker === rec.tracker);
      if (found && found.choice === rec.canonical) {
        const lbl = labelOf(b, found.choice);
        put(status, h('p', { class: 'ballot-counted', t: lbl ? 'ballot.counted' : 'ballot.countedBlank', tp: { choice: lbl } }),
          h('p', { class: 'hint tracker-small' }, groups(rec.tracker)));
      } else {
        put(status, h('p', { class: 'ballot-missing', t: found ? 'ballot.changed' : 'ballot.missing' }),
          h('p', { class: 'hint tracker-small' }, groups(rec.tracker)));
      }
    }
    put(status, h('p', { class: 'ballot-result', t: 'ballot.resultLine', tp: { kind: b.kind, r: r.result || {}, counts: r.counts || {}, options: b.options || [], returned: r.returned, issued: r.issued, den: r.denominator } }));
    if (r.secrecy && r.secrecy !== 'none') put(status, h('p', { class: 'warn', t: 'secrecy.' + r.secrecy }));
  }

  update(st);
  return { update, destroy() { gone = true; } };
}
