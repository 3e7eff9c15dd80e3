// The speakers' board: who has the floor (with a running timer), the hands
// raised in order, and every speech by agenda item with its length and gist.
// The chair gives and ends the floor and lowers hands; the chair and the
// minute-taker write each speech's gist (speech.gist).
import { h, put, clear, setT, errorBox, showError, fmtClock } from '../ui.js';
import { speaking } from './state.js';
import { fmtDur, isMemberId, changes } from './fmt.js';

export function mount(box, api) {
  const { conn, id } = api;
  let st = api.state();
  let gone = false;
  const gists = new Map();  // speech id -> its row {li, gist, edit, form}

  box.className = 'card board';
  box.id = 'b-speak';
  const err = errorBox();
  const nowName = h('p', { class: 'now-speaking', role: 'status' });
  const nowTimer = h('span', { class: 'timer big-timer', role: 'timer' });
  const endB = h('button', { type: 'button', class: 'btn danger', t: 'speak.end' });
  const now = h('div', { class: 'floor-now' }, nowName, nowTimer, endB);
  const none = h('p', { class: 'muted', t: 'speak.nobody' });
  const qTitle = h('h3');
  const queue = h('ol', { class: 'queue' });
  const otherSel = h('select', { name: 'give-to', taria: 'speak.giveOther' });
  const otherB = h('button', { type: 'button', class: 'btn', t: 'speak.give' });
  const other = h('div', { class: 'row give-other' }, h('label', { class: 'small', t: 'speak.giveOther' }), otherSel, otherB);
  const spTitle = h('h3', { t: 'speak.speeches' });
  const speeches = h('div', { class: 'speeches' });
  put(clear(box), h('h2', { t: 'speak.title' }), err, now, none, qTitle, queue, other, spTitle, speeches);

  endB.addEventListener('click', () => act(endB, 'floor.end', { meeting: id }));
  otherB.addEventListener('click', () => { if (otherSel.value) act(otherB, 'floor.give', { meeting: id, participant: otherSel.value }); });

  async function act(btn, op, args) {
    showError(err, null);
    btn.disabled = true;
    try { await conn.request(op, args); return true; } catch (e) { if (!gone) showError(err, e); return false; } finally { btn.disabled = false; }
  }

  let otherSig = '';
  const dirty = changes();
  function update(s) {
    st = s;
    const caps = api.caps();
    if (!dirty([s.hands, s.floor, s.speeches, s.status, s.roster, s.people, caps.chair, caps.taker, api.lang()])) return;
    const live = s.status === 'open';
    const chair = caps.chair && live;
    const sp = speaking(s);
    now.hidden = !sp;
    none.hidden = !!sp;
    if (sp) {
      put(clear(nowName), h('span', { t: 'speak.now', tp: { name: sp.name } }),
        sp.item_title ? h('span', { class: 'muted small' }, ' · ', sp.item_title) : null);
    }
    endB.hidden = !chair;

    setT(qTitle, 'speak.queue', { n: s.hands.length });
    clear(queue);
    if (!s.hands.length) put(queue, h('li', { class: 'muted', t: 'speak.noHands' }));
    s.hands.forEach((x) => {
      const li = h('li', {}, h('span', { class: 'pname' }, x.name), ' ', h('time', { class: 'muted small' }, fmtClock(x.at)));
      if (chair) {
        const give = h('button', { type: 'button', class: 'btn small primary', t: 'speak.give' });
        give.setAttribute('aria-label', `${give.textContent}: ${x.name}`);
        give.addEventListener('click', () => act(give, 'floor.give', { meeting: id, participant: x.participant }));
        const lower = h('button', { type: 'button', class: 'btn small ghost', t: 'speak.lower' });
        lower.addEventListener('click', () => act(lower, 'hand.lower', { meeting: id, participant: x.participant }));
        put(li, h('span', { class: 'row inline' }, give, lower));
      }
      put(queue, li);
    });

    // The floor to anyone who has come in, queued or not.
    other.hidden = !chair;
    if (chair) {
      const people = [...s.roster.map((e) => [e.participant, e.name]),
        ...Object.values(s.people).filter((p) => p.arrivedAt && !isMemberId(p.id)).map((p) => [p.id, p.name])];
      const sig = people.map((x) => x[0]).join(',');
      if (sig !== otherSig) {
        otherSig = sig;
        const keep = otherSel.value;
        put(clear(otherSel), h('option', { value: '', t: 'roles.pick' }), people.map(([v, n]) => h('option', { value: v, selected: v === keep }, n)));
      }
    }
    renderSpeeches(s, live && (caps.chair || caps.taker));
    tick(api.now());
  }

  // Speeches grouped by the item they were given under, keyed by id so a
  // gist being typed survives live updates.
  function renderSpeeches(s, canGist) {
    spTitle.hidden = !s.speechOrder.length;
    clear(speeches);
    let group = null, groupKey;
    for (const sid of s.speechOrder) {
      const sp = s.speeches[sid];
      if (!group || groupKey !== sp.item) {
        groupKey = sp.item;
        group = h('ul', { class: 'speech-list' });
        put(speeches, sp.item_title ? h('h4', {}, sp.item_title) : h('h4', { t: 'speak.noItem' }), group);
      }
      let rw = gists.get(sid);
      if (!rw) { rw = speechRow(sp); gists.set(sid, rw); }
      const dur = sp.end ? fmtDur(sp.duration_ms) : null;
      put(clear(rw.head), h('span', { class: 'pname' }, sp.name), ' ',
        dur ? h('span', { class: 'dur' }, dur) : h('span', { class: 'tag tag-me', t: 'speak.live' }),
        h('time', { class: 'muted small' }, ' ', fmtClock(sp.start)));
      rw.gist.hidden = !sp.gist;
      rw.gist.textContent = sp.gist || '';
      rw.noGist.hidden = !!sp.gist || !canGist;
      rw.edit.hidden = !canGist || rw.open;
      setT(rw.edit, sp.gist ? 'speak.editGist' : 'speak.addGist');
      rw.edit.setAttribute('aria-label', `${rw.edit.textContent}: ${sp.name}`);
      if (!canGist && rw.open) rw.close();
      put(group, rw.li);
    }
  }

  function speechRow(sp) {
    const head = h('div', { class: 'speech-head' });
    const gist = h('p', { class: 'gist' });
    const noGist = h('p', { class: 'muted small', t: 'speak.noGist' });
    const edit = h('button', { type: 'button', class: 'btn small ghost' });
    const text = h('textarea', { rows: 3, maxlength: 4000, taria: 'speak.gist', name: 'gist' });
    const gerr = errorBox();
    const save = h('button', { type: 'submit', class: 'btn small primary', t: 'ui.save' });
    const cancel = h('button', { type: 'button', class: 'btn small', t: 'ui.cancel' });
    const form = h('form', { class: 'gist-form', hidden: true, novalidate: true }, text, gerr, h('div', { class: 'row' }, save, cancel));
    const li = h('li', { 'data-speech': sp.id }, head, gist, noGist, edit, form);
    const rw = { li, head, gist, noGist, edit, form, open: false };
    rw.close = () => { rw.open = false; form.hidden = true; edit.hidden = false; };
    edit.addEventListener('click', () => {
      rw.open = true;
      text.value = st.speeches[sp.id]?.gist || '';
      form.hidden = false;
      edit.hidden = true;
      text.focus();
    });
    cancel.addEventListener('click', () => rw.close());
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      showError(gerr, null);
      save.disabled = true;
      try {
        await conn.request('speech.gist', { meeting: id, speech: sp.id, text: text.value.trim() });
        rw.close();
      } catch (er) { if (!gone) showError(gerr, er); }
      save.disabled = false;
    });
    return rw;
  }

  function tick(t) {
    const sp = speaking(st);
    if (sp) nowTimer.textContent = fmtDur(t - sp.start);
  }

  update(st);
  return { update, tick, destroy() { gone = true; } };
}
