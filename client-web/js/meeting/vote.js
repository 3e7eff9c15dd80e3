// The votes board: the chair opens a named vote (subject, kind of decision,
// optional text) and closes it; everyone with the board sees the live tally,
// who answered what (the vote is named), who has not answered, and each
// result as the server computed it (denominator, required, passed, rule).
import { h, put, clear, setT, errorBox, showError, field, select, confirmBox, fmtClock } from '../ui.js';
import { notAnswered, currentItem } from './state.js';

const DECISIONS = ['ordinary', 'admission', 'confirmation'];
const CHOICES = ['for', 'against', 'abstain'];

export function mount(box, api) {
  const { conn, id } = api;
  let st = api.state();
  let gone = false;

  box.className = 'card board';
  box.id = 'b-vote';
  const err = errorBox();
  // Opening a vote.
  const subject = h('input', { name: 'vote-subject', maxlength: 500, autocomplete: 'off', tph: 'vote.subjectPh' });
  const decision = select(DECISIONS.map((d) => [d, 'decision.' + d]), 'ordinary', { name: 'vote-decision' });
  const text = h('textarea', { name: 'vote-text', rows: 3, maxlength: 8000 });
  const fSubject = field('vote.subject', subject);
  const openB = h('button', { type: 'submit', class: 'btn primary', t: 'vote.open' });
  const useItem = h('button', { type: 'button', class: 'btn small ghost', t: 'vote.useItem' });
  const ferr = errorBox();
  const form = h('form', { class: 'vote-form', novalidate: true },
    fSubject, useItem, field('vote.decision', decision, 'vote.decisionHint'), field('vote.text', text), ferr, openB);
  // Folded away once a vote has been held, so its result shows first.
  const formBox = h('details', { class: 'vote-new', open: true }, h('summary', { t: 'vote.new' }), form);
  let folded = false;
  const live = h('div', { class: 'vote-live' });
  const past = h('div', { class: 'vote-past' });
  put(clear(box), h('h2', { t: 'vote.title' }), err, live, past, formBox);

  useItem.addEventListener('click', () => { const it = currentItem(st); if (it) { subject.value = it.title; subject.focus(); } });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(ferr, null);
    fSubject.setError(null);
    const s = subject.value.trim();
    if (!s) { fSubject.setError('vote.subjectRequired'); subject.focus(); return; }
    openB.disabled = true;
    try {
      const args = { meeting: id, subject: s, decision: decision.value };
      if (text.value.trim()) args.text = text.value.trim();
      await conn.request('vote.open', args);
      subject.value = '';
      text.value = '';
      decision.value = 'ordinary';
    } catch (er) { if (!gone) showError(ferr, er); }
    openB.disabled = false;
  });

  async function close(v, btn) {
    const left = notAnswered(st, v).length;
    if (!await confirmBox(left ? 'vote.confirmCloseLeft' : 'vote.confirmClose', { subject: v.subject, n: left }, 'vote.close', true)) return;
    showError(err, null);
    btn.disabled = true;
    try { await conn.request('vote.close', { meeting: id, vote: v.id }); } catch (e) { if (!gone) showError(err, e); }
    btn.disabled = false;
  }

  function names(v, choice) {
    return Object.entries(v.casts).filter(([, c]) => c.choice === choice).map(([, c]) => c.name);
  }

  // One vote: subject, rule, tally, names by answer, and the result.
  function voteView(s, v, chair) {
    const ta = v.tally || {};
    const el = h('article', { class: 'vote' + (v.open ? ' is-open' : ''), 'data-vote': v.id },
      v.minutes ? h('span', { class: 'tag tag-role', t: 'vote.minutesTag' }) : null,
      h('p', { class: 'vote-subject' }, v.subject),
      h('p', { class: 'hint', t: 'vote.ruleLine', tp: { decision: v.decision, rule: v.rule, den: v.denominator } }),
      v.text ? h('details', { class: 'vote-text' }, h('summary', { t: 'vote.fullText' }), h('p', { class: 'pre' }, v.text)) : null);
    if (v.result) {
      const r = v.result;
      put(el, h('p', { class: 'vote-result ' + (r.passed ? 'passed' : 'failed') },
        h('span', { t: 'vote.resultLine', tp: { passed: r.passed, f: r.for, den: r.denominator, req: r.required, rule: r.rule } })));
    }
    const tally = h('div', { class: 'tally' }, CHOICES.map((c) => h('div', { class: 'fig c-' + c, 'data-choice': c },
      h('span', { class: 'n' }, String(ta[c] || 0)), h('span', { class: 'l', t: 'choice.' + c }))),
    h('div', { class: 'fig', 'data-choice': 'answered' }, h('span', { class: 'n' }, `${ta.answered || 0}`), h('span', { class: 'l', t: 'vote.answered' })));
    put(el, tally);
    const who = h('dl', { class: 'who-voted' });
    for (const c of CHOICES) {
      const n = names(v, c);
      if (n.length) put(who, h('dt', { t: 'choice.' + c }), h('dd', {}, n.join(', ')));
    }
    const left = notAnswered(s, v);
    if (left.length) put(who, h('dt', { t: 'vote.notAnswered', tp: { n: left.length } }), h('dd', { class: 'not-answered' }, left.map((e) => e.name).join(', ')));
    put(el, who);
    if (v.open) {
      put(el, h('p', { class: 'muted small', t: 'vote.openedAt', tp: { at: fmtClock(v.openedAt) } }));
      if (chair) {
        const b = h('button', { type: 'button', class: 'btn danger', t: 'vote.close' });
        b.addEventListener('click', () => close(v, b));
        put(el, b);
      }
    } else {
      put(el, h('p', { class: 'muted small', t: 'vote.closedAt', tp: { at: fmtClock(v.closedAt), rules: v.result?.rules || v.rules } }));
    }
    return el;
  }

  let seen = {};
  function update(s) {
    const chair = api.caps().chair && s.status === 'open';
    const key = { votes: s.votes, roster: s.roster, status: s.status, chair, item: s.current, lang: api.lang() };
    const same = Object.keys(key).every((k) => key[k] === seen[k]);
    st = s;
    if (same) return;  // nothing here changed: keep open details and the focus
    seen = key;
    formBox.hidden = !chair || s.openVote != null;
    if (!folded && s.voteOrder.length) { folded = true; formBox.open = false; }
    useItem.hidden = !currentItem(s);
    const open = s.openVote != null ? s.votes[s.openVote] : null;
    clear(live);
    if (open) put(live, h('h3', { t: 'vote.now' }), voteView(s, open, chair));
    else if (!chair) put(live, h('p', { class: 'muted', t: 'vote.noneOpen' }));
    clear(past);
    const done = s.voteOrder.map((v) => s.votes[v]).filter((v) => !v.open).reverse();
    if (done.length) put(past, h('h3', { t: 'vote.results' }), done.map((v) => voteView(s, v, false)));
  }

  update(st);
  return { update, destroy() { gone = true; } };
}
