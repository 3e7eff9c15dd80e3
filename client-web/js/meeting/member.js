// A participant's own part of the meeting, made for a thumb on a 360 px phone:
// "Có mặt", the item under discussion, raise / lower hand, the floor, and for a
// member who may vote three big buttons. Everything shown comes from the event
// fold (state.js); who may vote is the server's `can_vote`, never decided here.
import { h, put, clear, setT, errorBox, showError } from '../ui.js';
import { entryOf, currentItem, speaking, handIndex, lastVote } from './state.js';
import { fmtDur, newKey, persist } from './fmt.js';

const CHOICES = ['for', 'against', 'abstain'];

// Why a participant may not vote, in plain words (display only: the decision
// itself is the server's can_vote). Also used by the secret ballot.
export function whyKey(e, isMemberLink) {
  if (!e) return isMemberLink ? 'why.notOnRoll' : 'why.notMember';
  if (e.category === 'probationary' || e.kind === 'probationary') return 'why.probationary';
  if (e.category === 'attached' || e.status === 'attached') return 'why.attached';
  if (e.category === 'suspended' || e.status === 'suspended') return 'why.suspended';
  if (e.attendance === 'departed') return 'why.departed';
  if (e.attendance !== 'present') return 'why.notPresent';
  return 'why.other';
}

export function mount(box, api) {
  const { conn, id, me } = api;
  let st = api.state();
  let gone = false;
  let pendingVote = null;   // {vote, choice, key} while a cast is on its way
  let busy = false;         // check-in / hand in flight
  const alive = () => !gone;

  const err = errorBox();
  // Check-in.
  const checkin = h('button', { type: 'button', class: 'btn big go block', t: 'me.checkin' });
  const checkinHint = h('p', { class: 'hint center' });
  const present = h('p', { class: 'me-present' });
  const roll = h('div', { class: 'me-roll' }, checkin, checkinHint, present);
  // The item under discussion.
  const itemNo = h('p', { class: 'me-item-no' });
  const itemTitle = h('p', { class: 'me-item' });
  const itemBox = h('div', { class: 'me-itembox' }, itemNo, itemTitle);
  // The floor.
  const floorLine = h('p', { class: 'me-floor' });
  const floorTime = h('span', { class: 'timer', role: 'timer' });  // a timer is not read out every second
  const mine = h('div', { class: 'me-speaking' },
    h('p', { class: 'me-speaking-title', role: 'status', t: 'me.speaking' }), h('p', { class: 'timer big-timer' }, floorTime));
  const endMine = h('button', { type: 'button', class: 'btn big block', t: 'me.endFloor' });
  const hand = h('button', { type: 'button', class: 'btn big block hand' });
  const handHint = h('p', { class: 'hint center' });
  const speak = h('div', { class: 'me-speak' }, mine, endMine, floorLine, hand, handHint);
  const main = h('section', { class: 'card me-card', 'aria-labelledby': 'me-h' },
    h('h2', { id: 'me-h', class: 'sr-only', t: 'me.title' }), err, roll, itemBox, speak);

  // The vote.
  const vSubject = h('p', { class: 'vote-subject' });
  const vRule = h('p', { class: 'hint' });
  const vText = h('details', { class: 'vote-text' }, h('summary', { t: 'vote.fullText' }), h('p', { class: 'pre' }));
  const vButtons = CHOICES.map((c) => h('button', { type: 'button', class: 'btn big choice c-' + c, 'data-choice': c, 'aria-pressed': 'false', t: 'choice.' + c }));
  const vChoices = h('div', { class: 'choices', role: 'group' }, vButtons);
  const vMine = h('p', { class: 'vote-mine', role: 'status' });
  const vWhy = h('p', { class: 'vote-why' });
  const vTally = h('p', { class: 'vote-tally' });
  const vResult = h('p', { class: 'vote-result', role: 'status' });
  const verr = errorBox();
  const voteCard = h('section', { class: 'card me-vote', 'aria-labelledby': 'me-vote-h' },
    h('h2', { id: 'me-vote-h' }), vSubject, vRule, vText, vChoices, vMine, vWhy, verr, vTally, vResult);

  // The agenda, folded away.
  const agList = h('ol', { class: 'me-agenda' });
  const agSum = h('summary');
  const agenda = h('details', { class: 'card me-agenda-box' }, agSum, agList);

  // Parts a meeting may not need, fetched only when it does: the secret
  // ballot (once one is opened) and the self-review (annual reviews).
  const ballotBox = h('div', { class: 'me-ballot-box' });
  const reviewBox = h('div', { class: 'me-review-box' });
  const lazy = {};
  function lazyMount(name, load, into) {
    if (lazy[name]) return lazy[name].view;
    lazy[name] = { view: null };
    load().then(async (mod) => {
      await mod.styled;
      if (gone) return;
      lazy[name].view = mod.mount(into, api);
      lazy[name].view.update(st);
    }, () => { delete lazy[name]; });
    return null;
  }

  put(clear(box), main, voteCard, ballotBox, reviewBox, agenda);

  checkin.addEventListener('click', () => send(checkin, 'rollcall.checkin', { meeting: id }));
  hand.addEventListener('click', () => {
    if (handIndex(st, me) >= 0) send(hand, 'hand.lower', { meeting: id });
    else send(hand, 'hand.raise', { meeting: id });
  });
  endMine.addEventListener('click', async () => {
    showError(err, null);
    endMine.disabled = true;
    try { await conn.request('floor.end', { meeting: id }); } catch (e) { if (!gone) showError(err, e); }
    endMine.disabled = false;
  });
  for (const b of vButtons) b.addEventListener('click', () => cast(b.dataset.choice));

  async function send(btn, op, args) {
    if (busy) return;
    showError(err, null);
    busy = true;
    btn.disabled = true;
    btn.setAttribute('aria-busy', 'true');
    try { await persist(conn, op, args, alive); } catch (e) { if (!gone) showError(err, e); }
    busy = false;
    btn.disabled = false;
    btn.removeAttribute('aria-busy');
    if (!gone) update(st);
  }

  // One attempt per press, with its own key; the same key again if the
  // connection drops before the answer (the server then answers `duplicate`).
  async function cast(choice) {
    const v = st.openVote != null ? st.votes[st.openVote] : null;
    if (!v) return;
    const mineNow = pendingVote?.vote === v.id ? pendingVote.choice : v.casts[me]?.choice;
    if (mineNow === choice && !pendingVote) return;
    showError(verr, null);
    const attempt = { vote: v.id, choice, key: newKey() };
    pendingVote = attempt;
    update(st);
    try {
      await persist(conn, 'vote.cast', { meeting: id, vote: v.id, choice, key: attempt.key }, () => alive() && pendingVote === attempt);
    } catch (e) {
      if (!gone && pendingVote === attempt) showError(verr, e);
    }
    if (pendingVote === attempt) pendingVote = null;
    if (!gone) update(st);
  }

  function update(s) {
    st = s;
    const open = s.status === 'open';
    const entry = entryOf(s, me);
    main.hidden = s.status === 'scheduled';

    // Check-in: for members on the roll, until present.
    const att = entry?.attendance;
    const canCheck = open && !!entry && att !== 'present';
    checkin.hidden = !canCheck;
    checkinHint.hidden = !canCheck;
    if (canCheck) setT(checkinHint, s.rollcall.open ? 'me.rollOpen' : att && att !== 'unmarked' ? 'me.markedAs' : 'me.checkinHint', { att });
    present.hidden = !entry || att !== 'present';
    if (!present.hidden) setT(present, entry.late ? 'me.presentLate' : 'me.present');
    roll.hidden = !entry || s.status !== 'open' && att !== 'present';

    // The item under discussion.
    const item = currentItem(s);
    itemBox.hidden = !item || s.status === 'closed';
    if (item) {
      setT(itemNo, 'me.itemNo', { n: s.agenda.indexOf(item) + 1, of: s.agenda.length });
      itemTitle.textContent = item.title;
    }

    // The floor and the hand.
    const sp = speaking(s);
    const mineFloor = !!sp && sp.participant === me;
    mine.hidden = !mineFloor;
    endMine.hidden = !mineFloor || !open;
    floorLine.hidden = !sp || mineFloor;
    if (sp && !mineFloor) {
      put(clear(floorLine), h('span', { t: 'me.nowSpeaking', tp: { name: sp.name } }), ' ', h('span', { class: 'timer', role: 'timer', 'data-since': sp.start }));
    }
    const idx = handIndex(s, me);
    hand.hidden = !open || mineFloor;
    hand.classList.toggle('up', idx >= 0);
    setT(hand, idx >= 0 ? 'me.lower' : 'me.raise');
    handHint.hidden = hand.hidden || idx < 0;
    if (idx >= 0) setT(handHint, idx === 0 ? 'me.queueFirst' : 'me.queueN', { n: idx + 1, before: idx });
    speak.hidden = s.status === 'scheduled' || (!open && !sp);

    renderVote(s, entry);
    if (s.ballotOrder.length) lazyMount('ballot', () => import('./ballot-member.js'), ballotBox)?.update(s);
    if (s.meeting?.kind === 'annual_review' && String(me || '').startsWith('member:'))
      lazyMount('review', () => import('./review.js'), reviewBox)?.update(s);
    renderAgenda(s);
    tick(api.now());
  }

  function renderVote(s, entry) {
    // The open vote, else the result of the last one.
    const v = s.openVote != null ? s.votes[s.openVote] : lastVote(s);
    // Observers follow votes on the board; here only members (and link
    // holders, who are told why they do not vote).
    voteCard.hidden = !v || (!entry && !api.isMemberLink);
    if (voteCard.hidden) return;
    setT(voteCard.querySelector('h2'), v.minutes ? (v.open ? 'vote.minutesOpen' : 'vote.minutesClosed') : v.open ? 'vote.openTitle' : 'vote.closedTitle');
    vSubject.textContent = v.subject;
    setT(vRule, 'vote.ruleLine', { decision: v.decision, rule: v.rule, den: v.denominator });
    vText.hidden = !v.text;
    vText.querySelector('p').textContent = v.text || '';
    const can = v.open && !!entry?.can_vote && s.status === 'open';
    vChoices.hidden = !can;
    const pend = pendingVote?.vote === v.id ? pendingVote : null;
    const chosen = pend ? pend.choice : v.casts[me]?.choice;
    for (const b of vButtons) {
      const on = b.dataset.choice === chosen;
      b.setAttribute('aria-pressed', String(on));
      b.classList.toggle('chosen', on);
      b.classList.toggle('sending', on && !!pend);
    }
    vMine.hidden = !chosen || !entry;
    if (chosen) setT(vMine, pend ? 'vote.sending' : v.open ? 'vote.mine' : 'vote.mineFinal', { choice: chosen });
    vWhy.hidden = !v.open || can;
    if (!vWhy.hidden) setT(vWhy, whyKey(entry, api.isMemberLink));
    const ta = v.tally || {};
    setT(vTally, 'vote.tally', { f: ta.for || 0, a: ta.against || 0, ab: ta.abstain || 0, n: ta.answered || 0 });
    vResult.hidden = v.open || !v.result;
    if (v.result) {
      const r = v.result;
      vResult.className = 'vote-result ' + (r.passed ? 'passed' : 'failed');
      setT(vResult, 'vote.resultLine', { passed: r.passed, f: r.for, den: r.denominator, req: r.required, rule: r.rule });
    }
  }

  function renderAgenda(s) {
    agenda.hidden = !s.agenda.length || api.hasBoard();
    setT(agSum, 'me.agenda', { n: s.agenda.length });
    clear(agList);
    for (const it of s.agenda) {
      const cur = it.id === s.current;
      put(agList, h('li', { class: cur ? 'current' : '', 'aria-current': cur ? 'step' : null }, it.title,
        cur ? [' ', h('span', { class: 'tag tag-me', t: 'agenda.now' })] : null));
    }
  }

  // Once a second: the speaker's time.
  function tick(now) {
    const sp = speaking(st);
    if (sp && !mine.hidden) floorTime.textContent = fmtDur(now - sp.start);
    for (const el of box.querySelectorAll('.timer[data-since]')) el.textContent = fmtDur(now - +el.dataset.since);
  }

  update(st);
  return { update, tick, destroy() { gone = true; for (const x of Object.values(lazy)) x.view?.destroy(); } };
}
