// The minutes board (PROTOCOL.md "Minutes, resolution book and observer
// reports"), loaded on demand with the boards: the minute-taker and the
// chair write each section, with what chibo wrote itself (speakers, votes,
// attendance) shown read-only above it; everyone with the boards reads the
// draft. Each section saves itself (minutes.save with the version it was
// edited from): 1.5 s after typing stops, at least every 10 s while typing,
// and on leaving the box. Unsaved text stays in localStorage per meeting and
// section until the server has it, so a closed tab or a dropped line loses
// nothing; it goes again after the reconnect. Two devices never overwrite
// each other: a save from an older version comes back as a conflict and the
// user chooses. Then: read-back, the approval vote, the lock, addenda, exports.
import { h, put, clear, setT, errorBox, showError, confirmBox, toast, errKey, errParams } from '../ui.js';
import * as mdoc from './minutes-doc.js';

export const styled = mdoc.styled;

const SAVE_IDLE = 1500;   // after typing stops
const SAVE_MAX = 10000;   // at the latest while typing goes on
const FACT_EVENTS = new Set(['agenda.set', 'role.appointed', 'participant.introduced', 'rollcall.closed', 'attendance.marked', 'attendance.marks', 'floor.ended',
  'speech.gist', 'vote.closed', 'ballot.closed', 'ballot.confirmed', 'meeting.closed', 'minutes.locked', 'minutes.addendum']);

const store = {
  key: (m, s) => `chibo.minutes.${m}.${s}`,
  get(m, s) { try { return JSON.parse(localStorage.getItem(this.key(m, s)) || 'null'); } catch { return null; } },
  set(m, s, v) { try { localStorage.setItem(this.key(m, s), JSON.stringify(v)); } catch { /* full or private: the text stays on screen */ } },
  del(m, s) { try { localStorage.removeItem(this.key(m, s)); } catch { /* ignore */ } },
};

export function mount(box, api) {
  const { conn, id } = api;
  let st = api.state();
  let gone = false;
  let data = null;            // the last minutes.get result
  let frozen = null;          // 'approval' | 'locked' | 'closed' from an error, until the log says otherwise
  const secs = new Map();     // section id -> controller
  const caps = () => api.caps();
  const canEdit = () => caps().chair || caps().taker;

  box.className = 'card board minutes-board';
  box.id = 'b-minutes';
  const err = errorBox();
  const lead = h('p', { class: 'hint' });
  const status = h('p', { class: 'mins-status', role: 'status' });
  const lockSlot = h('div', { class: 'mins-lock' });
  const readB = h('button', { type: 'button', class: 'btn', t: 'mins.read' });
  const presentB = h('button', { type: 'button', class: 'btn primary', t: 'mins.present' });
  const approveB = h('button', { type: 'button', class: 'btn primary', t: 'mins.approve' });
  const approveHint = h('p', { class: 'hint', t: 'mins.approveHint' });
  const presentHint = h('p', { class: 'hint', t: 'mins.presentHint' });
  const aerr = errorBox();
  const actions = h('div', { class: 'mins-act' }, h('div', { class: 'row mins-actions' }, readB, presentB, approveB), presentHint, approveHint, aerr);
  const list = h('div', { class: 'mins-sections' }, h('p', { class: 'loading', t: 'mdoc.loading' }));
  const addList = h('ul', { class: 'addenda' });
  const addText = h('textarea', { name: 'addendum', rows: 3, maxlength: 5000 });
  const addB = h('button', { type: 'submit', class: 'btn primary', t: 'add.send' });
  const addErr = errorBox();
  const addForm = h('form', { class: 'add-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'addendum-text', t: 'add.text' }), addText, h('p', { class: 'hint', t: 'add.hint' })), addErr, addB);
  addText.id = 'addendum-text';
  const addBox = h('div', { class: 'mins-addenda', hidden: true }, h('h3', { t: 'add.title' }), addList, addForm);
  const bar = mdoc.exportBar(conn, { meeting: id, what: 'minutes' }, {
    json: () => st.minutes.status === 'locked',
    draft: () => st.minutes.status !== 'locked',
  });
  put(clear(box), h('h2', { t: 'mins.title' }), lead, err, status, lockSlot, actions, list, addBox, bar.el);

  let rd = null;
  const readerOf = () => (rd ||= mdoc.reader(api));
  readB.addEventListener('click', () => readerOf().open());

  // --- the life cycle ---------------------------------------------------------------

  const mstatus = () => st.minutes.status;
  // Why the texts cannot be edited now (null: they can).
  function readOnlyWhy() {
    if (!canEdit()) return 'rights';
    if (mstatus() === 'locked') return 'locked';
    if (mstatus() === 'approval') return 'approval';
    if (frozen) return frozen;
    return null;
  }

  presentB.addEventListener('click', async () => {
    showError(aerr, null);
    const left = [...secs.values()].filter((c) => c.dirty);
    for (const c of left) save(c);
    // Saves are quick: give them a moment, and say so if some cannot go.
    await new Promise((r) => setTimeout(r, 50));
    await Promise.all(left.map((c) => c.inflight?.p));
    const still = [...secs.values()].filter((c) => c.dirty).length;
    if (still) { put(clear(aerr), h('span', { t: 'mins.unsaved', tp: { n: still } })); aerr.hidden = false; return; }
    presentB.disabled = true;
    try {
      await conn.request('minutes.present', { meeting: id });
      toast('mins.presented');
    } catch (e) { if (!gone) mdoc.showErr(aerr, e); }
    presentB.disabled = false;
  });

  approveB.addEventListener('click', async () => {
    showError(aerr, null);
    if (!await confirmBox('mins.confirmApprove', null, 'mins.approve')) return;
    approveB.disabled = true;
    try {
      await conn.request('minutes.approve', { meeting: id });
      toast('mins.approveOpened');
    } catch (e) { if (!gone) mdoc.showErr(aerr, e); }
    approveB.disabled = false;
  });

  addForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(addErr, null);
    const text = addText.value.trim();
    if (!text) { showError(addErr, { code: 'x' }, 'add.empty'); addText.focus(); return; }
    if (!await confirmBox('add.confirm', null, 'add.send')) return;
    addB.disabled = true;
    try {
      await conn.request('minutes.addendum', { meeting: id, text });
      addText.value = '';
      store.del(id, '#addendum');
      toast('add.added');
    } catch (er) { if (!gone) mdoc.showErr(addErr, er); }
    addB.disabled = false;
  });
  // An addendum being written survives a reload too.
  addText.value = store.get(id, '#addendum')?.text || '';
  addText.addEventListener('input', () => { if (addText.value) store.set(id, '#addendum', { text: addText.value }); else store.del(id, '#addendum'); });

  // --- sections -----------------------------------------------------------------------

  function makeSection(sec) {
    const single = sec.id === 'number';
    const input = single
      ? h('input', { name: 'minutes-' + sec.id, maxlength: 100, autocomplete: 'off', inputmode: 'text' })
      : h('textarea', { name: 'minutes-' + sec.id, rows: 5, maxlength: 16000, tph: 'mins.textPh' });
    input.id = 'mins-' + sec.id.replace(/[^a-zA-Z0-9_-]/g, '-');
    const label = h('label', { for: input.id });
    const facts = h('ul', { class: 'mins-facts' });
    const ro = h('div', { class: 'mins-text', hidden: true });
    const state = h('p', { class: 'save-state', role: 'status', 'aria-live': 'polite', 'data-save': 'empty' });
    const conflict = h('div', { class: 'mins-conflict', role: 'alert', hidden: true });
    const lost = h('div', { class: 'mins-lost', hidden: true });
    const hint = single ? h('p', { class: 'hint', t: 'mins.numberHint' }) : null;
    const el = h('article', { class: 'mins-sec', 'data-section': sec.id }, h('h3', {}, label), facts, hint, input, ro, state, conflict, lost);
    const c = {
      id: sec.id, el, input, label, facts, ro, state, conflict, lost,
      version: 0, serverText: '', by: '', saved: 0,
      text: '', dirty: false, since: 0, timer: 0, inflight: null, offline: false, clash: null, error: null,
    };
    input.addEventListener('input', () => edited(c));
    input.addEventListener('blur', () => { if (c.dirty) save(c); });
    secs.set(sec.id, c);
    return c;
  }

  // A section as the server has it (minutes.get): title, facts and, unless
  // someone is typing here, the text. A kept draft from an earlier visit is
  // restored when it was edited from this version, else it is a conflict.
  function fromServer(c, sec, first) {
    c.label.textContent = sec.title || sec.id;
    clear(c.facts);
    const fs = Array.isArray(sec.facts) ? sec.facts : [];
    c.facts.hidden = !fs.length;
    if (fs.length) put(c.facts, h('li', { class: 'facts-head', t: 'mins.facts' }), fs.map((f) => h('li', {}, f)));
    incoming(c, { text: sec.text || '', version: sec.version || 0, by: sec.by || '', at: sec.saved || 0 });
    if (first) {
      const d = store.get(id, c.id);
      if (d && typeof d.text === 'string') {
        if (d.text === c.serverText) store.del(id, c.id);
        else if (d.base === c.version) { setText(c, d.text); c.dirty = true; c.since = Date.now(); schedule(c); }
        else {
          setText(c, d.text);
          c.dirty = true;
          c.clash = { text: c.serverText, version: c.version, by: c.by };
        }
      }
    }
    render(c);
  }

  function setText(c, text) {
    c.text = text;
    if (c.input.value !== text) {
      const focused = document.activeElement === c.input;
      const pos = focused ? c.input.selectionStart : 0;
      c.input.value = text;
      if (focused) try { c.input.setSelectionRange(Math.min(pos, text.length), Math.min(pos, text.length)); } catch { /* ignore */ }
    }
  }

  // Someone's save (an event, or minutes.get): newer than what we have?
  function incoming(c, x) {
    if (x.version <= c.version) return;
    if (c.inflight && x.text === c.inflight.text) {
      // Our own save, seen before its answer.
      c.version = x.version; c.serverText = x.text; c.by = x.by; c.saved = x.at || Date.now();
      c.dirty = c.text !== x.text;
      return;
    }
    if (!c.dirty || c.text === x.text) {
      c.version = x.version; c.serverText = x.text; c.by = x.by; c.saved = x.at;
      setText(c, x.text);
      c.dirty = false;
      c.clash = null;
      store.del(id, c.id);
      return;
    }
    // Typing here with unsaved changes: the user chooses.
    clearTimeout(c.timer);
    c.timer = 0;
    c.clash = { text: x.text, version: x.version, by: x.by };
  }

  function edited(c) {
    if (readOnlyWhy()) return;
    c.text = c.input.value;
    c.error = null;
    c.dirty = c.text !== c.serverText || !!c.clash;
    if (c.dirty) {
      store.set(id, c.id, { text: c.text, base: c.version, at: Date.now() });
      if (!c.since) c.since = Date.now();
      if (!c.clash) schedule(c);
    } else {
      store.del(id, c.id);
      clearTimeout(c.timer);
      c.timer = 0;
      c.since = 0;
    }
    render(c);
  }

  function schedule(c) {
    clearTimeout(c.timer);
    const left = SAVE_MAX - (Date.now() - (c.since || Date.now()));
    c.timer = setTimeout(() => { c.timer = 0; save(c); }, Math.max(0, Math.min(SAVE_IDLE, left)));
  }

  const isNet = (e) => e?.local && ['offline', 'connection_lost', 'not_connected'].includes(e.code);

  function accepted(c, text, version) {
    c.serverText = text;
    c.version = Math.max(version, c.version);
    c.by = api.ctx.me?.name || '';
    c.saved = Date.now();
    c.offline = false;
    c.dirty = c.text !== text;
    c.since = c.dirty ? Date.now() : 0;
    if (c.dirty) store.set(id, c.id, { text: c.text, base: c.version, at: Date.now() });
    else store.del(id, c.id);
  }

  async function save(c) {
    clearTimeout(c.timer);
    c.timer = 0;
    if (!c.dirty || c.inflight || c.clash || readOnlyWhy()) { render(c); return; }
    if (conn.state !== 'ready') { c.offline = true; render(c); return; }  // sent again on 'ready'
    const text = c.text, base = c.version;
    let done;
    c.inflight = { text, base, p: new Promise((r) => { done = r; }) };
    c.error = null;
    render(c);
    try {
      const r = await conn.request('minutes.save', { meeting: id, section: c.id, text, base });
      accepted(c, text, typeof r.version === 'number' ? r.version : base);
    } catch (e) {
      if (isNet(e)) c.offline = true;
      else if (e.code === 'conflict' && e.details?.reason === 'edited') {
        const d = e.details;
        // The same text: our own save, whose answer a dropped line lost.
        if ((d.text ?? '') === text) accepted(c, text, d.version);
        else c.clash = { text: d.text ?? '', version: d.version ?? c.version, by: d.by || '' };
      } else if (e.code === 'conflict' && e.details?.reason === 'approval_open') frozen = 'approval';
      else if (e.code === 'minutes_locked') { frozen = 'locked'; refresh(); }
      else if (e.code === 'meeting_closed') frozen = 'closed';
      else c.error = e;
    }
    c.inflight = null;
    done();
    if (gone) return;
    if (frozen) renderAll(); else render(c);
    if (c.dirty && !c.clash && !c.offline && !c.error && !readOnlyWhy()) schedule(c);
  }

  function keepMine(c) {
    const x = c.clash;
    if (!x) return;
    c.version = x.version; c.serverText = x.text; c.by = x.by;
    c.clash = null;
    c.text = c.input.value;
    c.dirty = c.text !== c.serverText;
    store.set(id, c.id, { text: c.text, base: c.version, at: Date.now() });
    save(c);
  }
  function useTheirs(c) {
    const x = c.clash;
    if (!x) return;
    c.version = x.version; c.serverText = x.text; c.by = x.by;
    c.clash = null;
    setText(c, x.text);
    c.dirty = false;
    c.since = 0;
    store.del(id, c.id);
    render(c);
  }

  function render(c) {
    const why = readOnlyWhy();
    const edit = !why;
    // Read-only: the text as it stands (what the user typed, if it was never saved, below).
    c.input.hidden = (!edit && !canEdit()) || !!c.clash;
    c.input.readOnly = !edit;
    c.ro.hidden = edit || canEdit();
    c.ro.textContent = c.serverText || '';
    if (!c.ro.hidden && !c.serverText) setT(c.ro, 'mins.empty');
    // The lost draft after the lock.
    const lostNow = why === 'locked' && c.dirty && c.text !== c.serverText;
    c.lost.hidden = !lostNow;
    if (lostNow) {
      const drop = h('button', { type: 'button', class: 'btn small', t: 'lost.drop' });
      drop.addEventListener('click', () => { store.del(id, c.id); c.dirty = false; setText(c, c.serverText); render(c); });
      put(clear(c.lost), h('p', { t: 'lost.locked' }), h('p', { class: 'pre' }, c.text), drop);
      if (c.input.value !== c.serverText) c.input.value = c.serverText;
    }
    // The conflict: both texts, and the choice.
    c.conflict.hidden = !c.clash;
    if (c.clash) {
      const x = c.clash;
      const by = x.by || '?';
      const keep = h('button', { type: 'button', class: 'btn primary', t: 'conf.keepMine' });
      const use = h('button', { type: 'button', class: 'btn', t: 'conf.useTheirs' });
      keep.addEventListener('click', () => keepMine(c));
      use.addEventListener('click', () => useTheirs(c));
      keep.disabled = use.disabled = !edit;
      const col = (cls, key, tp, text) => h('div', { class: 'conf-col ' + cls }, h('h4', { t: key, tp }),
        h('p', { class: 'pre' }, text || t0('conf.emptyText')));
      put(clear(c.conflict), h('p', { t: 'conf.title', tp: { by, version: x.version } }),
        h('div', { class: 'conf-cols' }, col('theirs', 'conf.theirs', { by }, x.text), col('mine', 'conf.mine', null, c.input.value)),
        h('div', { class: 'row' }, keep, use));
    }
    // The save state.
    let s, key, tp = null;
    if (c.clash) { s = 'conflict'; key = 'save.conflict'; }
    else if (why === 'rights' || (why && !c.dirty)) {
      s = c.version ? 'saved' : 'empty';
      key = c.version ? 'save.savedAt' : null;
      tp = { at: mdoc.fmtTime(c.saved), by: c.by };
    } else if (c.dirty && (c.offline || conn.state !== 'ready')) { s = 'offline'; key = 'save.offline'; }
    else if (c.dirty && c.error) { s = 'error'; key = 'save.error'; tp = { why: mdoc.t(errKey(c.error), errParams(c.error)) }; }
    else if (c.dirty && why) { s = 'error'; key = why === 'approval' ? 'save.held' : 'save.error'; tp = { why: '' }; }
    else if (c.inflight || c.dirty) { s = 'saving'; key = 'save.saving'; }
    else if (c.version) { s = 'saved'; key = 'save.saved'; }
    else { s = 'empty'; key = null; }
    c.state.dataset.save = s;
    if (key) setT(c.state, key, tp);
    else { delete c.state.dataset.t; c.state.textContent = ''; }
    c.state.title = s === 'saved' && c.saved ? mdoc.fmtDateTime(c.saved) + (c.by ? ' · ' + c.by : '') : '';
  }
  const t0 = (k) => mdoc.t(k);

  function renderAll() { for (const c of secs.values()) render(c); renderHead(); }

  // --- fetching ------------------------------------------------------------------------

  let loading = null, again = false;
  async function refresh() {
    if (loading) { again = true; return; }
    loading = (async () => {
      try {
        const r = await conn.request('minutes.get', { meeting: id }, { read: true });
        if (gone) return;
        showError(err, null);
        const first = !data;
        data = r.minutes || {};
        const order = Array.isArray(data.sections) ? data.sections : [];
        const keep = new Set(order.map((x) => x.id));
        if (first) clear(list);
        for (const [sid, c] of secs) if (!keep.has(sid) && !c.dirty) { c.el.remove(); secs.delete(sid); }
        let prev = null;
        for (const sec of order) {
          const known = secs.has(sec.id);
          const c = known ? secs.get(sec.id) : makeSection(sec);
          fromServer(c, sec, !known);
          const x = st.minutes.sections[sec.id];  // a save the log brought while we were asking
          if (x) { incoming(c, { text: x.text, version: x.version, by: x.by_name, at: x.at }); render(c); }
          // Document order, also when the agenda changed.
          if (prev ? prev.el.nextSibling !== c.el : list.firstChild !== c.el) {
            if (prev) prev.el.after(c.el); else list.prepend(c.el);
          }
          prev = c;
        }
        if (data.status && data.status !== 'approval' && data.status !== 'locked' && frozen === 'approval') frozen = null;
        renderHead();
      } catch (e) { if (!gone) mdoc.showErr(err, e); }
    })();
    await loading;
    loading = null;
    if (again) { again = false; refresh(); }
  }

  // --- the head: status, actions, the lock, addenda ---------------------------------------------

  function renderHead() {
    const m = st.minutes;
    const ms = m.status;
    const closed = st.status === 'closed';
    setT(lead, canEdit() ? 'mins.lead' : 'mins.readonlyLead');
    status.className = 'mins-status st-' + ms;
    status.hidden = ms === 'locked';  // the lock box says it
    if (ms === 'presented') setT(status, 'mins.st.presented', { at: mdoc.fmtTime(m.presentedAt), by: m.presentedBy });
    else if (ms === 'drafting' && closed) setT(status, 'mins.st.closedUnlocked');
    else setT(status, ms === 'locked' ? 'mins.st.locked' : ms === 'approval' ? 'mins.st.approval' : 'mins.st.drafting');
    const edit = canEdit();
    const open = st.status === 'open';
    presentB.hidden = !edit || !open || ms === 'approval' || ms === 'locked';
    presentHint.hidden = presentB.hidden || ms === 'presented';
    const chair = caps().chair;
    approveB.hidden = !chair || !open || ms !== 'presented' || st.openVote != null;
    approveHint.hidden = !chair || !open || ms !== 'drafting';
    clear(lockSlot);
    if (ms === 'locked') put(lockSlot, mdoc.lockBox({ ...(data?.lock || {}), ...(m.lock || {}) }, data?.key));
    // Addenda: after the lock, also once the meeting is closed.
    addBox.hidden = ms !== 'locked';
    addForm.hidden = !edit;
    clear(addList);
    if (!m.addenda.length) put(addList, h('li', { class: 'muted', t: 'add.none' }));
    for (const a of m.addenda) {
      put(addList, h('li', {}, h('p', { class: 'meta', t: 'add.line', tp: { at: mdoc.fmtDateTime(a.date_ms || a.at), by: a.by_name || a.by } }), h('p', { class: 'pre' }, a.text || '')));
    }
    bar.update();
  }

  // --- the log ---------------------------------------------------------------------------

  let seen = {};
  let factTimer = 0;
  let lastHead = st.head;
  function update(s) {
    const before = st;
    st = s;
    if (gone) return;
    // Saves by others (or by this user on another device).
    if (s.minutes.sections !== before.minutes.sections || !seen.sections) {
      for (const [sid, x] of Object.entries(s.minutes.sections)) {
        const c = secs.get(sid);
        if (c) { incoming(c, { text: x.text, version: x.version, by: x.by_name, at: x.at }); render(c); }
        else if (data && !loading) refresh();  // a section we do not know yet (the agenda changed)
      }
    }
    if (s.minutes.status !== before.minutes.status) {
      if (s.minutes.status === 'drafting' && frozen === 'approval') frozen = null;
      if (s.minutes.status === 'locked') refresh();
      renderAll();
      // Back to drafting after a failed vote: what waited goes now.
      if (!readOnlyWhy()) for (const c of secs.values()) if (c.dirty && !c.clash && !c.inflight) schedule(c);
    }
    // chibo's own lines change with the meeting: fetch them again, a little later.
    if (s.head !== lastHead && data) {
      const evs = conn.events.filter((e) => e.seq > lastHead && e.seq <= s.head);
      if (evs.some((e) => FACT_EVENTS.has(e.ev)) && !factTimer) factTimer = setTimeout(() => { factTimer = 0; refresh(); }, 2500);
    }
    lastHead = s.head;
    const key = { status: s.status, ms: s.minutes.status, addenda: s.minutes.addenda, lock: s.minutes.lock, chair: caps().chair, taker: caps().taker, openVote: s.openVote, lang: api.lang() };
    const same = Object.keys(key).every((k) => key[k] === seen[k]);
    seen = { ...key, sections: true };
    if (!same) renderAll();
    if (rd) rd.update(s);
  }

  // Back online: whatever waited goes now (and what the others saved meanwhile comes with the log).
  const offState = conn.on('state', ({ state }) => {
    if (gone) return;
    for (const c of secs.values()) {
      if (state === 'ready') { c.offline = false; if (c.dirty && !c.clash && !c.inflight) save(c); } else render(c);
    }
  });
  const offJoined = conn.on('joined', () => { if (!gone && data) refresh(); });
  // A tab being closed: the drafts are in localStorage already; try once more.
  const onHide = () => { if (document.visibilityState === 'hidden') for (const c of secs.values()) if (c.dirty && !c.inflight && !c.clash) save(c); };
  document.addEventListener('visibilitychange', onHide);

  refresh();
  update(st);
  return {
    update,
    destroy() {
      gone = true;
      offState(); offJoined();
      document.removeEventListener('visibilitychange', onHide);
      clearTimeout(factTimer);
      for (const c of secs.values()) clearTimeout(c.timer);
      if (rd) rd.destroy();
    },
  };
}
