// The secret-ballot board (PROTOCOL.md "Secret ballots"; docs/secret-ballot.md).
// The chair opens a ballot (yes/no, discipline, election, rating), sees only
// the turnout while it is open — no count of choices exists anywhere before
// the close — reopens (voids) or closes it. Everyone with the board (chair,
// minute-taker, observers) reads the counting committee's report, which its
// head confirms. For an annual review: the proposed ratings of every member
// with the quota and who is not rated, and everyone's self-reviews.
// Every figure is the server's (ballot.closed); nothing is counted here.
import { h, put, clear, setT, errorBox, showError, field, select, confirmBox } from '../ui.js';
import { t, ruleText, addStrings } from '../i18n.js';
import { currentItem, entryOf, nameOf } from './state.js';
import { LEVELS, reviewList } from './review.js';
import { styled, grouped, shortTracker, choiceLabel, resultParams, resultTone } from './ballot-base.js';
import boardStrings from './strings-ballot-board-vi.js';

addStrings(boardStrings);
export { styled };
const KINDS = ['yes_no', 'discipline', 'election', 'rating'];
const DECISIONS = ['ordinary', 'admission', 'confirmation'];
const PENALTIES = ['expulsion', 'removal', 'warning', 'reprimand'];

// The newest closed rating ballot of each member: the cell's proposal.
export function proposals(s) {
  const out = {};
  for (const bid of s.ballotOrder) {
    const b = s.ballots[bid];
    if (b.kind === 'rating' && !b.open && b.result) out[b.member] = b;
  }
  return out;
}

export function mount(box, api) {
  const { conn, id, me } = api;
  let st = api.state();
  let gone = false;
  const openLists = new Set();  // box lists left open stay open when a report is redrawn

  box.className = 'card board';
  box.id = 'b-ballot';
  const err = errorBox();
  const onError = (e) => { if (!gone) showError(err, e); };

  // --- opening a ballot (the chair) ---
  const kind = select(KINDS.map((k) => [k, 'bkind.' + k]), 'yes_no', { name: 'ballot-kind' });
  const subject = h('input', { name: 'ballot-subject', maxlength: 500, autocomplete: 'off' });
  const decision = select(DECISIONS.map((d) => [d, 'decision.' + d]), 'admission', { name: 'ballot-decision' });
  const pens = PENALTIES.map((p) => h('input', { type: 'checkbox', name: 'ballot-penalty', value: p, checked: p !== 'expulsion' }));
  const candidates = h('textarea', { name: 'ballot-candidates', rows: 4, tph: 'ballot.candidatesPh' });
  const fromRoster = h('select', { name: 'ballot-from-roster', taria: 'ballot.fromRoster' });
  const addCand = h('button', { type: 'button', class: 'btn small', t: 'ballot.addCandidate' });
  const seats = h('input', { type: 'number', name: 'ballot-seats', min: 1, max: 30, value: 1, inputmode: 'numeric' });
  const rated = h('select', { name: 'ballot-member' });
  const fDecision = field('ballot.decision', decision);
  const fPens = h('fieldset', { class: 'field pens' }, h('legend', { t: 'ballot.penalties' }),
    pens.map((p) => h('label', { class: 'check' }, p, h('span', { t: 'penalty.' + p.value }))),
    h('p', { class: 'hint', t: 'ballot.penaltiesHint' }));
  const fCands = field('ballot.candidates', candidates, 'ballot.candidatesHint');
  const fRoster = h('div', { class: 'row from-roster' }, fromRoster, addCand);
  const fSeats = field('ballot.seats', seats);
  const fRated = field('ballot.rated', rated);
  const ferr = errorBox();
  const openB = h('button', { type: 'submit', class: 'btn primary', t: 'ballot.open' });
  const form = h('form', { class: 'ballot-open', novalidate: true }, field('ballot.kind', kind), field('ballot.subject', subject),
    fDecision, fPens, fCands, fRoster, fSeats, fRated, ferr, openB);
  const formBox = h('details', { class: 'vote-new ballot-new' }, h('summary', { t: 'ballot.new' }), form);

  const live = h('div', { class: 'ballot-live' });
  const past = h('div', { class: 'ballot-past' });
  const ratings = h('div', { class: 'ratings' });
  const reviews = h('div', { class: 'reviews-box' });
  put(clear(box), h('h2', { t: 'ballot.title' }), err, live, formBox, past, ratings, reviews);

  const ratingSubject = () => 'Xếp loại đồng chí ' + (rated.selectedOptions[0]?.textContent || '');
  let autoSubject = '';  // the subject we filled in, replaced when the rated member changes
  function showKind() {
    const k = kind.value;
    fDecision.hidden = k !== 'yes_no';
    fPens.hidden = k !== 'discipline';
    fCands.hidden = fRoster.hidden = fSeats.hidden = k !== 'election';
    fRated.hidden = k !== 'rating';
    if (k === 'rating') {
      const item = currentItem(st);
      if (item?.member != null && [...rated.options].some((o) => o.value === String(item.member))) rated.value = String(item.member);
      if (!subject.value || subject.value === autoSubject) subject.value = autoSubject = ratingSubject();
    } else if (subject.value === autoSubject) {
      subject.value = autoSubject = '';
    }
  }
  kind.addEventListener('change', showKind);
  rated.addEventListener('change', () => { if (!subject.value || subject.value === autoSubject) subject.value = autoSubject = ratingSubject(); });
  addCand.addEventListener('click', () => {
    const name = fromRoster.selectedOptions[0]?.textContent;
    if (!fromRoster.value || !name) return;
    const lines = candidates.value.split('\n').map((x) => x.trim()).filter(Boolean);
    if (!lines.includes(name)) candidates.value = [...lines, name].join('\n');
  });

  // "Rate this member" (an agenda item of the annual review, or the summary).
  function rate(member) {
    kind.value = 'rating';
    rated.value = String(member);
    subject.value = autoSubject = ratingSubject();
    showKind();
    formBox.open = true;
    formBox.scrollIntoView({ block: 'start' });
    openB.focus({ preventScroll: true });
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(ferr, null);
    const k = kind.value;
    const args = { meeting: id, kind: k, subject: subject.value.trim() };
    if (!args.subject) { showError(ferr, { code: 'local', local: true }, 'ballot.subjectEmpty'); subject.focus(); return; }
    if (k === 'yes_no') args.decision = decision.value;
    if (k === 'discipline') {
      args.penalties = pens.filter((p) => p.checked).map((p) => p.value);
      if (!args.penalties.length) { showError(ferr, { code: 'local', local: true }, 'ballot.penaltiesEmpty'); return; }
    }
    if (k === 'election') {
      // A name written exactly as on the roster is that member.
      const names = [...new Set(candidates.value.split('\n').map((x) => x.trim()).filter(Boolean))];
      args.candidates = names.map((name) => {
        const on = st.roster.filter((r) => r.name === name);
        return on.length === 1 ? { name, member: on[0].member } : { name };
      });
      args.seats = Number(seats.value) || 1;
      if (!names.length) { showError(ferr, { code: 'local', local: true }, 'ballot.candidatesEmpty'); return; }
      if (args.seats > names.length) { showError(ferr, { code: 'local', local: true }, 'ballot.seatsTooMany', { n: names.length }); return; }
    }
    if (k === 'rating') args.member = Number(rated.value);
    openB.disabled = true;
    try {
      await conn.request('ballot.open', args);
      subject.value = autoSubject = '';
      candidates.value = '';
      formBox.open = false;
    } catch (er) { if (!gone) showError(ferr, er); }
    openB.disabled = false;
  });

  async function act(op, b, btn, confirmKey, okKey) {
    if (confirmKey && !await confirmBox(confirmKey, { subject: b.subject, n: (st.turnout[b.id] || []).length, of: b.issued }, okKey, true)) return;
    showError(err, null);
    btn.disabled = true;
    try { await conn.request(op, { meeting: id, ballot: b.id }); } catch (e) { onError(e); }
    btn.disabled = false;
  }

  // Names in roster order (not the order of casting).
  const inRosterOrder = (s, pids) => {
    const at = new Map(s.roster.map((e, i) => [e.participant, i]));
    return [...pids].sort((a, b) => (at.get(a) ?? 1e9) - (at.get(b) ?? 1e9)).map((p) => nameOf(s, p) || p);
  };

  // While open: who has voted and how many — never what.
  function openView(s, b, chair) {
    const voted = s.turnout[b.id] || [];
    const waiting = s.roster.filter((e) => e.can_vote && !voted.includes(e.participant)).map((e) => e.participant);
    const pct = b.issued ? Math.min(100, (voted.length / b.issued) * 100) : 0;
    const bar = h('div', { class: 'bar turnout-bar', role: 'presentation' }, h('span'));
    bar.firstChild.style.width = pct.toFixed(1) + '%';  // a style property: the CSP forbids style attributes
    const el = h('article', { class: 'ballot is-open', 'data-ballot': b.id },
      h('p', { class: 'vote-subject' }, b.subject),
      h('p', { class: 'hint', t: 'ballot.kindLine', tp: { kind: b.kind, decision: b.decision, name: b.member_name || '', seats: b.seats } }),
      h('p', { class: 'turnout-big', t: 'ballot.turnout', tp: { n: voted.length, of: b.issued } }),
      bar,
      h('p', { class: 'hint', t: 'ballot.onlyTurnout' }),
      h('dl', { class: 'who-voted' },
        h('dt', { t: 'ballot.votedList', tp: { n: voted.length } }), h('dd', {}, voted.length ? inRosterOrder(s, voted).join(', ') : '—'),
        h('dt', { t: 'ballot.waitingList', tp: { n: waiting.length } }), h('dd', {}, waiting.length ? inRosterOrder(s, waiting).join(', ') : '—')),
      b.voided ? h('p', { class: 'warn', t: 'ballot.voidedBefore', tp: { n: b.voided } }) : null);
    if (chair) {
      const closeB = h('button', { type: 'button', class: 'btn danger', t: 'ballot.close' });
      const reopenB = h('button', { type: 'button', class: 'btn', t: 'ballot.reopen' });
      closeB.addEventListener('click', () => act('ballot.close', b, closeB, 'ballot.confirmClose', 'ballot.close'));
      reopenB.addEventListener('click', () => act('ballot.reopen', b, reopenB, 'ballot.confirmReopen', 'ballot.reopen'));
      put(el, h('div', { class: 'row' }, closeB, reopenB));
    }
    return el;
  }

  // After the close: the counting committee's report (biên bản kiểm phiếu).
  function report(s, b) {
    const r = b.result || {};
    const res = r.result || {};
    const head = s.committee?.head || null;
    const mayConfirm = !b.confirmed && s.status === 'open' && (head ? head === me : api.caps().chair);
    const num = (k, n, cls) => h('tr', { class: cls || '' }, h('th', { t: k }), h('td', {}, String(n ?? 0)));
    const rule = b.kind === 'yes_no' && res.rule ? ruleText(res.rule, api.lang() === 'en' ? ['more than', 'at least'] : ['quá', 'ít nhất']) : '';
    const table = h('table', { class: 'report' }, h('tbody', {},
      num('ballot.issued', r.issued), num('ballot.returned', r.returned), num('ballot.valid', r.valid), num('ballot.invalid', r.invalid),
      h('tr', { class: 'sub' }, h('th', { colspan: 2, t: b.kind === 'election' ? 'ballot.perCandidate' : 'ballot.perOption' })),
      (b.options || []).map((o) => h('tr', { class: 'opt' }, h('th', {}, o.label), h('td', {}, String(r.counts?.[o.id] ?? 0)))),
      num('ballot.denominator', r.denominator, 'rule-row'),
      res.required ? h('tr', { class: 'rule-row' }, h('th', { t: 'ballot.required', tp: { rule, den: r.denominator } }), h('td', {}, String(res.required))) : null));
    const confirmLine = b.confirmed
      ? h('p', { class: 'ok-box', t: b.confirmed.participant === head ? 'ballot.confirmedBy' : 'ballot.confirmedByChair', tp: { by: b.confirmed.by } })
      : h('p', { class: 'hint', t: head ? 'ballot.waitHead' : 'ballot.notConfirmed', tp: { head: nameOf(s, head) } });
    const el = h('article', { class: 'ballot report-card', 'data-ballot': b.id },
      h('p', { class: 'vote-subject' }, b.subject),
      h('p', { class: 'hint', t: 'ballot.kindLine', tp: { kind: b.kind, decision: b.decision, name: b.member_name || '', seats: b.seats } }),
      h('p', { class: 'ballot-result tone-' + resultTone(b), t: 'ballot.resultLine', tp: resultParams(b) }),
      r.secrecy && r.secrecy !== 'none' ? h('p', { class: 'warn secrecy', role: 'note', t: 'secrecy.' + r.secrecy }) : null,
      table,
      h('p', { class: 'fp-line' }, h('span', { t: 'ballot.fingerprint' }), ' ', h('code', { class: 'fp' }, r.fingerprint || '')),
      confirmLine);
    if (mayConfirm) {
      const c = h('button', { type: 'button', class: 'btn primary', t: 'ballot.confirm' });
      c.addEventListener('click', () => act('ballot.confirm', b, c));
      put(el, c);
    }
    const entries = r.box || [];
    const list = h('details', { class: 'box-list', open: openLists.has(b.id) }, h('summary', { t: 'ballot.boxList', tp: { n: entries.length } }),
      h('p', { class: 'hint', t: 'ballot.boxHint' }),
      h('ol', { class: 'small' }, entries.map((x) => {
        const lbl = choiceLabel(b, x.choice);
        return h('li', {}, h('span', { class: 'mono', title: grouped(x.tracker) }, h('b', {}, shortTracker(x.tracker)), ' ', grouped(x.tracker.slice(8))), ' — ',
          lbl ? lbl : h('span', { t: 'ballot.blankShort' }));
      })));
    list.addEventListener('toggle', () => { if (list.open) openLists.add(b.id); else openLists.delete(b.id); });
    put(el, list);
    return el;
  }

  // Annual review: the proposal for every member under review, who is not
  // rated and why, the totals and the quota (DOMAIN.md: the cell only proposes).
  function ratingTable(s, chair) {
    const props = proposals(s);
    const ids = s.agenda.filter((x) => x.member != null).map((x) => x.member);
    for (const m of Object.keys(props).map(Number)) if (!ids.includes(m)) ids.push(m);
    if (!ids.length && !s.notRated.length) return null;
    const open = s.openBallot != null ? s.ballots[s.openBallot] : null;
    const nameFor = (m) => props[m]?.member_name || entryOf(s, 'member:' + m)?.name || s.reviews[m]?.name
      || s.agenda.find((x) => x.member === m)?.title.replace(/^Kiểm điểm đồng chí\s*/, '') || String(m);
    const rows = ids.map((m) => {
      const b = props[m];
      const level = b?.result?.result?.level;
      const self = s.reviews[m]?.self_rating;
      let cell;
      if (open && open.kind === 'rating' && open.member === m) cell = h('td', { class: 'pending', t: 'ballot.ratingNow' });
      else if (level) cell = h('td', { class: 'level lv-' + level, t: 'rating.' + level });
      else cell = h('td', { class: 'pending', t: 'ballot.notYetRated' });
      let action = null;
      if (chair && !open && !level) {
        action = h('button', { type: 'button', class: 'btn small', t: 'ballot.rateShort' });
        action.setAttribute('aria-label', `${t('ballot.rateThis')}: ${nameFor(m)}`);
        action.addEventListener('click', () => rate(m));
      }
      return h('tr', { 'data-member': m }, h('th', {}, nameFor(m)),
        h('td', { class: 'self' }, self ? h('span', { t: 'rating.' + self }) : '—'), cell, chair ? h('td', {}, action) : null);
    });
    const notRated = s.notRated.map((x) => h('tr', { class: 'not-rated' }, h('th', {}, x.name),
      h('td', { colspan: chair ? 3 : 2, t: 'notRated.' + x.reason })));
    const total = Object.fromEntries(LEVELS.map((l) => [l, 0]));
    for (const b of Object.values(props)) total[b.result.result.level] = (total[b.result.result.level] || 0) + 1;
    const pending = ids.filter((m) => !props[m]).length;
    // The quota as the server last counted it (every closed rating ballot).
    let quota = null;
    for (const bid of s.ballotOrder) if (s.ballots[bid].kind === 'rating' && s.ballots[bid].result?.quota) quota = s.ballots[bid].result.quota;
    return h('section', { class: 'rating-summary' }, h('h3', { t: 'ballot.ratingTitle' }),
      quota?.exceeded ? h('p', { class: 'warn quota', role: 'note', t: 'ballot.quota', tp: quota }) : null,
      h('table', { class: 'ratings-table' },
        h('thead', {}, h('tr', {}, h('th', { t: 'ballot.colMember' }), h('th', { t: 'ballot.colSelf' }), h('th', { t: 'ballot.colProposed' }), chair ? h('th', {}) : null)),
        h('tbody', {}, rows, notRated)),
      h('p', { class: 'totals', t: 'ballot.totals', tp: { ...total, pending, notRated: s.notRated.length } }),
      quota && !quota.exceeded ? h('p', { class: 'hint', t: 'ballot.quotaOk', tp: quota }) : null,
      h('p', { class: 'hint proposed-only', t: 'ballot.proposedOnly' }));
  }

  function fillSelects(s) {
    const rateable = s.roster.filter((e) => !s.notRated.some((x) => x.member === e.member));
    const key = rateable.map((e) => e.member).join(',') + '|' + s.roster.length;
    if (rated.dataset.key === key) return;
    rated.dataset.key = key;
    const keep = rated.value;
    put(clear(rated), rateable.map((e) => h('option', { value: String(e.member) }, e.name)));
    if (keep && [...rated.options].some((o) => o.value === keep)) rated.value = keep;
    put(clear(fromRoster), h('option', { value: '', t: 'ballot.fromRoster' }),
      s.roster.filter((e) => e.kind === 'official').map((e) => h('option', { value: String(e.member) }, e.name)));
  }

  let seen = {};
  const changed = (part, vals) => {
    const same = seen[part] && vals.length === seen[part].length && vals.every((v, i) => v === seen[part][i]);
    seen[part] = vals;
    return !same;
  };
  function update(s) {
    st = s;
    const chair = api.caps().chair && s.status === 'open';
    const lang = api.lang();
    const annual = s.meeting?.kind === 'annual_review';
    if (changed('form', [s.roster, s.notRated, s.openBallot, chair])) {
      fillSelects(s);
      formBox.hidden = !chair || s.openBallot != null;
      if (!formBox.dataset.init) { formBox.dataset.init = '1'; if (annual) kind.value = 'rating'; showKind(); }
    }
    if (changed('live', [s.ballots, s.turnout, s.roster, chair, lang])) {
      const open = s.openBallot != null ? s.ballots[s.openBallot] : null;
      put(clear(live), open ? [h('h3', { t: 'ballot.now' }), openView(s, open, chair)] : null);
    }
    if (changed('past', [s.ballots, s.committee, s.status, chair, lang])) {
      const done = s.ballotOrder.map((x) => s.ballots[x]).filter((b) => !b.open).reverse();
      put(clear(past), done.length ? [h('h3', { t: 'ballot.reports' }), done.map((b) => report(s, b))] : null,
        !done.length && s.openBallot == null ? h('p', { class: 'muted', t: 'ballot.none' }) : null);
    }
    if (annual && changed('ratings', [s.ballots, s.openBallot, s.notRated, s.agenda, s.reviews, s.roster, chair, lang])) {
      put(clear(ratings), ratingTable(s, chair));
    }
    if (annual && changed('reviews', [s.reviews, s.agenda, lang])) {
      put(clear(reviews), reviewList(s, conn, id, onError));
    }
  }

  update(st);
  return { update, rate, destroy() { gone = true; } };
}
