// The agenda board: items by section (opening, proceedings, closing), the
// current one highlighted, the time since the meeting opened against its
// minimum length. The chair moves between items and edits the agenda
// (agenda.set) or resets it to the official template (agenda.template).
import { h, put, clear, setT, errorBox, showError, confirmBox, toast, select } from '../ui.js';
import { fmtDur, changes } from './fmt.js';
import { reviewActions } from './review.js';
import { proposals } from './ballot.js';

const SECTIONS = ['opening', 'proceedings', 'closing'];

export function mount(box, api) {
  const { conn, id } = api;
  let st = api.state();
  let draft = null;   // the agenda being edited: [{id?, title, section, key, thematic, orig}]
  let baseHead = 0;   // the agenda version the draft started from
  let gone = false;

  const err = errorBox();
  const elapsed = h('p', { class: 'elapsed' });
  const bar = h('div', { class: 'bar' }, h('span'));
  const list = h('div', { class: 'agenda' });
  const next = h('button', { type: 'button', class: 'btn primary', t: 'agenda.next' });
  const edit = h('button', { type: 'button', class: 'btn', t: 'agenda.edit' });
  const acts = h('div', { class: 'row' }, next, edit);
  const editor = h('div', { class: 'agenda-editor' });
  box.className = 'card board';
  box.id = 'b-agenda';
  put(clear(box), h('h2', { t: 'agenda.title' }), elapsed, bar, err, list, acts, editor);

  next.addEventListener('click', () => {
    const i = st.agenda.findIndex((x) => x.id === st.current);
    const to = st.agenda[i + 1];
    if (to) go(to.id, next);
  });
  edit.addEventListener('click', () => {
    draft = st.agenda.map((x) => ({ ...x, orig: x.title }));
    baseHead = st.head;
    renderEditor();
    update(st);
    editor.querySelector('input')?.focus();
  });

  async function go(item, btn) {
    showError(err, null);
    btn.disabled = true;
    try { await conn.request('agenda.goto', { meeting: id, item }); } catch (e) { if (!gone) showError(err, e); }
    btn.disabled = false;
  }

  const dirty = changes();
  function update(s) {
    const changed = s.agenda !== st.agenda;
    st = s;
    const chair = api.caps().chair;
    const live = s.status === 'open';
    if (draft && changed && s.head > baseHead) showError(err, { code: 'agenda_changed' });
    if (!dirty([s.agenda, s.current, s.status, chair, !!draft, api.lang(), s.reviews, s.ballots, s.openBallot])) { tick(api.now()); return; }
    const props = s.agenda.some((x) => x.member != null) ? proposals(s) : {};
    clear(list);
    let n = 0;
    for (const sec of SECTIONS) {
      const items = s.agenda.filter((x) => x.section === sec);
      if (!items.length) continue;
      const ol = h('ol', { class: 'items', start: n + 1 });
      for (const it of items) {
        n++;
        const cur = it.id === s.current;
        const li = h('li', { class: 'item' + (cur ? ' current' : ''), 'data-item': it.id, 'aria-current': cur ? 'step' : null },
          h('span', { class: 'item-title' }, it.title,
            it.thematic ? [' ', h('span', { class: 'tag tag-off', t: 'agenda.thematic' })] : null,
            cur ? [' ', h('span', { class: 'tag tag-me', t: 'agenda.now' })] : null));
        if (chair && live && !cur && !draft) {
          const b = h('button', { type: 'button', class: 'btn small ghost goto', t: 'agenda.goto', taria: null });
          b.setAttribute('aria-label', `${b.textContent}: ${it.title}`);
          b.addEventListener('click', () => go(it.id, b));
          put(li, b);
        }
        if (it.member != null && !draft) put(li, memberReview(s, it, props[it.member], chair && live));
        put(ol, li);
      }
      put(list, h('h3', { t: 'section.' + sec }), ol);
    }
    const last = s.agenda.length && s.agenda[s.agenda.length - 1].id === s.current;
    acts.hidden = !chair || !!draft || s.status === 'closed';
    next.hidden = !live || last;
    setT(next, s.current ? 'agenda.next' : 'agenda.start');
    tick(api.now());
  }

  // An annual review's item for one member: their self-review to read, the
  // cell's proposed rating once voted, and "rate this member" for the chair.
  function memberReview(s, it, proposal, chairLive) {
    const r = s.reviews[it.member];
    const level = proposal?.result?.result?.level;
    const el = h('div', { class: 'item-review' },
      level ? h('span', { class: 'tag tag-me', t: 'ballot.proposedTag', tp: { level } }) : null,
      r ? null : h('span', { class: 'tag tag-warn', t: 'review.notYet' }));
    if (chairLive && s.openBallot == null && !level && api.rate) {
      const b = h('button', { type: 'button', class: 'btn small ghost', t: 'ballot.rateThis' });
      b.setAttribute('aria-label', `${b.textContent}: ${it.title}`);
      b.addEventListener('click', () => api.rate(it.member));
      put(el, b);
    }
    if (r) put(el, reviewActions(r, conn, id, (e) => { if (!gone) showError(err, e); }));
    return el;
  }

  function renderEditor() {
    clear(editor);
    editor.hidden = !draft;
    if (!draft) return;
    const rows = h('ol', { class: 'edit-items' });
    draft.forEach((it, i) => {
      const title = h('input', { value: it.title, maxlength: 300, name: 'item-title', taria: 'agenda.itemTitle' });
      title.addEventListener('input', () => { it.title = title.value; });
      const sec = select(SECTIONS.map((x) => [x, 'section.' + x]), it.section, { name: 'item-section', taria: 'agenda.section' });
      sec.addEventListener('change', () => { it.section = sec.value; });
      const th = h('input', { type: 'checkbox', checked: !!it.thematic, id: 'th-' + i });
      th.addEventListener('change', () => { it.thematic = th.checked; });
      const up = h('button', { type: 'button', class: 'btn small', taria: 'agenda.up', disabled: i === 0 }, '↑');
      const down = h('button', { type: 'button', class: 'btn small', taria: 'agenda.down', disabled: i === draft.length - 1 }, '↓');
      const isCur = it.id && it.id === st.current;
      const del = h('button', { type: 'button', class: 'btn small ghost danger-text', t: 'ui.remove', disabled: isCur, ttitle: isCur ? 'agenda.cannotRemove' : null });
      up.addEventListener('click', () => { [draft[i - 1], draft[i]] = [draft[i], draft[i - 1]]; renderEditor(); });
      down.addEventListener('click', () => { [draft[i + 1], draft[i]] = [draft[i], draft[i + 1]]; renderEditor(); });
      del.addEventListener('click', () => { draft.splice(i, 1); renderEditor(); });
      put(rows, h('li', { class: 'edit-item' }, title,
        h('div', { class: 'row' }, sec, h('label', { class: 'check small', for: 'th-' + i }, th, h('span', { t: 'agenda.thematic' })), up, down, del)));
    });
    const add = h('button', { type: 'button', class: 'btn', t: 'agenda.add' });
    add.addEventListener('click', () => {
      const closing = draft.findIndex((x) => x.section === 'closing');
      const at = closing < 0 ? draft.length : closing;
      draft.splice(at, 0, { title: '', section: 'proceedings', key: '', thematic: false, orig: null });
      renderEditor();
      editor.querySelectorAll('input[name="item-title"]')[at]?.focus();
    });
    const eerr = errorBox();
    const save = h('button', { type: 'button', class: 'btn primary', t: 'agenda.save' });
    const cancel = h('button', { type: 'button', class: 'btn', t: 'ui.cancel' });
    const reset = h('button', { type: 'button', class: 'btn ghost', t: 'agenda.template' });
    save.addEventListener('click', async () => {
      showError(eerr, null);
      if (draft.some((x) => !x.title.trim())) { showError(eerr, { code: 'agenda_empty_title' }); return; }
      if (!draft.length) { showError(eerr, { code: 'agenda_empty' }); return; }
      const items = draft.map((x) => {
        const o = { title: x.title.trim(), section: x.section, thematic: !!x.thematic };
        if (x.id) o.id = x.id;
        if (x.key && x.orig != null && x.title.trim() === x.orig) o.key = x.key;  // an edited title is no longer the template's
        return o;
      });
      save.disabled = true;
      try {
        await conn.request('agenda.set', { meeting: id, items });
        draft = null;
        showError(err, null);
        toast('agenda.saved');
        renderEditor();
        update(st);
      } catch (e) { if (!gone) showError(eerr, e); }
      save.disabled = false;
    });
    cancel.addEventListener('click', () => { draft = null; showError(err, null); renderEditor(); update(st); });
    reset.addEventListener('click', async () => {
      if (!await confirmBox('agenda.confirmTemplate', null, 'agenda.template', true)) return;
      try {
        await conn.request('agenda.template', { meeting: id });
        draft = null;
        showError(err, null);
        toast('agenda.saved');
        renderEditor();
        update(st);
      } catch (e) { if (!gone) showError(eerr, e); }
    });
    put(editor, h('h3', { t: 'agenda.editTitle' }), rows, h('div', { class: 'row' }, add), eerr,
      h('div', { class: 'row' }, save, cancel, reset));
  }

  // The meeting's length so far against its minimum (from meeting.opened and
  // agenda.set's min_minutes; the closed meeting's own figures once closed).
  function tick(now) {
    const min = st.minMinutes || 0;
    if (st.status === 'closed' && st.closed) {
      const c = st.closed;
      setT(elapsed, 'agenda.lasted', { m: c.duration_min, min: c.min_minutes ?? min, met: c.met_minimum });
      elapsed.className = 'elapsed ' + (c.met_minimum ? 'ok' : 'short');
      bar.hidden = true;
      return;
    }
    if (st.status !== 'open' || !st.openedAt) {
      elapsed.hidden = !min;
      setT(elapsed, 'agenda.minOnly', { min });
      bar.hidden = true;
      return;
    }
    const ms = Math.max(0, now - st.openedAt);
    elapsed.hidden = false;
    bar.hidden = !min;
    setT(elapsed, 'agenda.elapsed', { t: fmtDur(ms, true), min });
    const met = min && ms >= min * 60000;
    elapsed.className = 'elapsed ' + (met ? 'ok' : '');
    if (min) {
      bar.firstChild.style.width = Math.min(100, (ms / (min * 60000)) * 100).toFixed(1) + '%';
      bar.classList.toggle('ok', !!met);
    }
  }

  update(st);
  renderEditor();
  return { update, tick, destroy() { gone = true; } };
}
