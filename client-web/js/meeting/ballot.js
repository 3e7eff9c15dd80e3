// The secret-ballot board (PROTOCOL.md "Secret ballots"): the chair opens a
// ballot (yes/no, discipline, election, rating), sees only the turnout while
// it is open — no count of choices exists anywhere before the close —
// reopens or closes it; everyone with the board reads the counting
// committee's report, which its head confirms. For annual reviews: the
// members' self-reviews and the table of proposed ratings with the quota.
import { h, put, clear, setT, errorBox, showError, field, select, confirmBox } from '../ui.js';
import { currentItem, nameOf } from './state.js';
import { LEVELS, reviewList } from './review.js';

const KINDS = ['yes_no', 'discipline', 'election', 'rating'];
const DECISIONS = ['ordinary', 'admission', 'confirmation'];
const PENALTIES = ['expulsion', 'removal', 'warning', 'reprimand'];

export function mount(box, api) {
  const { conn, id, me } = api;
  let st = api.state();
  let gone = false;

  box.className = 'card board';
  box.id = 'b-ballot';
  const err = errorBox();

  // --- opening a ballot (the chair) ---
  const kind = select(KINDS.map((k) => [k, 'bkind.' + k]), 'yes_no', { name: 'ballot-kind' });
  const subject = h('input', { name: 'ballot-subject', maxlength: 500, autocomplete: 'off' });
  const decision = select(DECISIONS.map((d) => [d, 'decision.' + d]), 'admission', { name: 'ballot-decision' });
  const pens = PENALTIES.map((p) => h('input', { type: 'checkbox', name: 'ballot-penalty', value: p, checked: p !== 'expulsion' }));
  const candidates = h('textarea', { name: 'ballot-candidates', rows: 4, tph: 'ballot.candidatesPh' });
  const seats = h('input', { type: 'number', name: 'ballot-seats', min: 1, max: 30, value: 1 });
  const rated = h('select', { name: 'ballot-member' });
  const fDecision = field('ballot.decision', decision);
  const fPens = h('fieldset', { class: 'field' }, h('legend', { t: 'ballot.penalties' }),
    pens.map((p) => h('label', { class: 'check' }, p, h('span', { t: 'penalty.' + p.value }))));
  const fCands = field('ballot.candidates', candidates);
  const fSeats = field('ballot.seats', seats);
  const fRated = field('ballot.rated', rated);
  const ferr = errorBox();
  const openB = h('button', { type: 'submit', class: 'btn primary', t: 'ballot.open' });
  const form = h('form', { class: 'ballot-open', novalidate: true }, field('ballot.kind', kind), field('ballot.subject', subject),
    fDecision, fPens, fCands, fSeats, fRated, ferr, openB);
  const formBox = h('details', { class: 'vote-new' }, h('summary', { t: 'ballot.new' }), form);

  const live = h('div', { class: 'ballot-live' });
  const past = h('div', { class: 'ballot-past' });
  const ratings = h('div', { class: 'ratings' });
  const reviews = h('div', { class: 'reviews' });
  put(clear(box), h('h2', { t: 'ballot.title' }), err, live, formBox, past, ratings, reviews);

  function showKind() {
    const k = kind.value;
    fDecision.hidden = k !== 'yes_no';
    fPens.hidden = k !== 'discipline';
    fCands.hidden = fSeats.hidden = k !== 'election';
    fRated.hidden = k !== 'rating';
    if (k === 'rating') {
      const item = currentItem(st);
      if (item?.member) rated.value = String(item.member);
      if (!subject.value && rated.selectedOptions[0]) subject.value = 'Xếp loại đồng chí ' + rated.selectedOptions[0].textContent;
    }
  }
  kind.addEventListener('change', showKind);
  rated.addEventListener('change', () => { subject.value = 'Xếp loại đồng chí ' + (rated.selectedOptions[0]?.textContent || ''); });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(ferr, null);
    const args = { meeting: id, kind: kind.value, subject: subject.value.trim() };
    if (kind.value === 'yes_no') args.decision = decision.value;
    if (kind.value === 'discipline') args.penalties = pens.filter((p) => p.checked).map((p) => p.value);
    if (kind.value === 'election') {
      args.candidates = candidates.value.split('\n').map((x) => x.trim()).filter(Boolean).map((name) => ({ name }));
      args.seats = Number(seats.value) || 1;
    }
    if (kind.value === 'rating') args.member = Number(rated.value);
    openB.disabled = true;
    try {
      await conn.request('ballot.open', args);
      subject.value = '';
      candidates.value = '';
    } catch (er) { if (!gone) showError(ferr, er); }
    openB.disabled = false;
  });

  async function act(op, b, btn, confirmKey, okKey) {
    if (confirmKey && !await confirmBox(confirmKey, { subject: b.subject, n: (st.turnout[b.id] || []).length }, okKey, true)) return;
    showError(err, null);
    btn.disabled = true;
    try { await conn.request(op, { meeting: id, ballot: b.id }); } catch (e) { if (!gone) showError(err, e); }
    btn.disabled = false;
  }

  const label = (b, oid) => (b.options || []).find((o) => o.id === oid)?.label || oid;

  // While open: who has voted and how many, never what.
  function openView(s, b, chair) {
    const voted = s.turnout[b.id] || [];
    const el = h('article', { class: 'ballot is-open', 'data-ballot': b.id },
      h('p', { class: 'vote-subject' }, b.subject),
      h('p', { class: 'hint', t: 'ballot.kindLine', tp: { kind: b.kind, decision: b.decision, name: b.member_name || '', seats: b.seats } }),
      h('p', { class: 'turnout-big', t: 'ballot.turnout', tp: { n: voted.length, of: b.issued } }),
      h('p', { class: 'hint', t: 'ballot.onlyTurnout' }),
      voted.length ? h('p', { class: 'small' }, voted.map((p) => nameOf(s, p) || p).join(', ')) : null,
      b.voided ? h('p', { class: 'warn', t: 'ballot.voidedBefore', tp: { n: b.voided } }) : null);
    if (chair) {
      const closeB = h('button', { type: 'button', class: 'btn danger', t: 'ballot.close' });
      const reopenB = h('button', { type: 'button', class: 'btn ghost', t: 'ballot.reopen' });
      closeB.addEventListener('click', () => act('ballot.close', b, closeB, 'ballot.confirmClose', 'ballot.close'));
      reopenB.addEventListener('click', () => act('ballot.reopen', b, reopenB, 'ballot.confirmReopen', 'ballot.reopen'));
      put(el, h('div', { class: 'row' }, closeB, reopenB));
    }
    return el;
  }

  // After the close: the counting committee's report.
  function report(s, b) {
    const r = b.result || {};
    const head = s.committee?.head;
    const mayConfirm = !b.confirmed && (head ? head === me : api.caps().chair) && s.status !== 'closed';
    const counts = h('table', { class: 'report' }, h('tbody', {},
      [['ballot.issued', r.issued], ['ballot.returned', r.returned], ['ballot.valid', r.valid], ['ballot.invalid', r.invalid]]
        .map(([k, n]) => h('tr', {}, h('th', { t: k }), h('td', {}, String(n ?? 0)))),
      (b.options || []).map((o) => h('tr', { class: 'opt' }, h('th', {}, o.label), h('td', {}, String(r.counts?.[o.id] ?? 0))))));
    const el = h('article', { class: 'ballot', 'data-ballot': b.id },
      h('p', { class: 'vote-subject' }, b.subject),
      h('p', { class: 'ballot-result', t: 'ballot.resultLine', tp: { kind: b.kind, r: r.result || {}, counts: r.counts || {}, options: b.options || [], returned: r.returned, issued: r.issued, den: r.denominator } }),
      counts,
      r.secrecy && r.secrecy !== 'none' ? h('p', { class: 'warn', t: 'secrecy.' + r.secrecy }) : null,
      b.kind === 'rating' && r.quota?.exceeded ? h('p', { class: 'warn', t: 'ballot.quota', tp: r.quota }) : null,
      h('p', { class: 'hint' }, h('span', { t: 'ballot.fingerprint' }), ' ', h('code', { class: 'fp' }, r.fingerprint || '')),
      b.confirmed ? h('p', { class: 'ok', t: 'ballot.confirmedBy', tp: { by: b.confirmed.by } }) : h('p', { class: 'hint', t: 'ballot.notConfirmed' }));
    if (mayConfirm) {
      const c = h('button', { type: 'button', class: 'btn primary', t: 'ballot.confirm' });
      c.addEventListener('click', () => act('ballot.confirm', b, c));
      put(el, c);
    }
    const boxList = h('details', { class: 'box-list' }, h('summary', { t: 'ballot.boxList', tp: { n: (r.box || []).length } }),
      h('ol', { class: 'small mono' }, (r.box || []).map((x) => h('li', {}, x.tracker.slice(0, 8) + '… ', x.choice === 'blank' ? h('span', { t: 'ballot.blank' }) : x.choice.split(',').map((c) => label(b, c)).join(', ')))));
    put(el, boxList);
    return el;
  }

  // Annual review: proposed ratings of every member rated so far, the quota,
  // and who is not rated and why (DOMAIN.md: the cell only proposes).
  function ratingTable(s) {
    const closed = s.ballotOrder.map((x) => s.ballots[x]).filter((b) => b.kind === 'rating' && !b.open);
    if (!closed.length && !s.notRated.length) return null;
    const last = closed[closed.length - 1]?.result?.quota;
    return h('section', { class: 'rating-summary' }, h('h3', { t: 'ballot.ratingTitle' }),
      last?.exceeded ? h('p', { class: 'warn', t: 'ballot.quota', tp: last }) : null,
      h('table', { class: 'report' }, h('tbody', {},
        closed.map((b) => h('tr', {}, h('th', {}, b.member_name || ''), h('td', { t: 'rating.' + (b.result?.result?.level || 'not_completed') }))),
        s.notRated.map((x) => h('tr', { class: 'muted' }, h('th', {}, x.name), h('td', { t: 'notRated.' + x.reason }))))),
      h('p', { class: 'hint', t: 'ballot.proposedOnly' }));
  }

  function fillRated(s) {
    const opts = s.roster.filter((e) => !s.notRated.some((x) => x.member === e.member));
    const key = opts.map((e) => e.member).join(',');
    if (rated.dataset.key === key) return;
    rated.dataset.key = key;
    clear(rated);
    for (const e of opts) put(rated, h('option', { value: String(e.member) }, e.name));
  }

  let seen = {};
  function update(s) {
    const chair = api.caps().chair && s.status === 'open';
    const key = { b: s.ballots, t: s.turnout, r: s.reviews, st: s.status, chair, cm: s.committee, lang: api.lang() };
    const same = Object.keys(key).every((k) => key[k] === seen[k]);
    st = s;
    if (same) return;
    seen = key;
    fillRated(s);
    formBox.hidden = !chair || s.openBallot != null;
    if (!formBox.dataset.init) { formBox.dataset.init = '1'; if (s.meeting?.kind === 'annual_review') kind.value = 'rating'; showKind(); }
    clear(live);
    const open = s.openBallot != null ? s.ballots[s.openBallot] : null;
    if (open) put(live, h('h3', { t: 'ballot.now' }), openView(s, open, chair));
    clear(past);
    const done = s.ballotOrder.map((x) => s.ballots[x]).filter((b) => !b.open).reverse();
    if (done.length) put(past, h('h3', { t: 'ballot.reports' }), done.map((b) => report(s, b)));
    put(clear(ratings), ratingTable(s));
    put(clear(reviews), s.meeting?.kind === 'annual_review' ? reviewList(s, conn, id, (e) => { if (!gone) showError(err, e); }) : null);
  }

  update(st);
  return { update, destroy() { gone = true; } };
}

export { LEVELS };
