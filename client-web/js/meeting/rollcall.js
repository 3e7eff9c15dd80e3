// The roll-call board: every member of the roster snapshot with their category
// and attendance, the live counts by category, the attendance rate against the
// quality criterion, the vote denominator and the quorum — all as the server's
// `summary` says. The chair opens and closes the roll call; the chair and the
// minute-taker mark members (attendance.mark).
import { h, put, clear, setT, errorBox, showError, toast, fmtClock } from '../ui.js';
import { t } from '../i18n.js';

const CATS = ['official', 'probationary', 'exempt', 'attached', 'suspended'];
const REASONS = ['illness', 'work', 'travel', 'other'];

export function mount(box, api) {
  const { conn, id } = api;
  let st = api.state();
  let gone = false;
  let reasonFor = null;     // member whose "absent with a reason" form is open
  const rows = new Map();   // member -> {li, att, btns, slot}

  box.className = 'card board';
  box.id = 'b-roll';
  const badge = h('span', { class: 'badge' });
  const err = errorBox();
  const openB = h('button', { type: 'button', class: 'btn primary', t: 'roll.open' });
  const closeB = h('button', { type: 'button', class: 'btn', t: 'roll.close' });
  const ctl = h('div', { class: 'row' }, openB, closeB);
  const figures = h('div', { class: 'figures' });
  const cats = h('table', { class: 'cats' });
  const rate = h('p', { class: 'rate' });
  const votes = h('p', { class: 'denominator' });
  const result = h('div', { class: 'roll-result' });
  const empty = h('li', { class: 'muted', t: 'roll.noRoster' });
  const list = h('ul', { class: 'roll' }, empty);
  const form = reasonForm();
  put(clear(box), h('div', { class: 'row between' }, h('h2', { t: 'roll.title' }), badge), err, ctl,
    figures, rate, votes, cats, result, h('h3', { t: 'roll.list' }), list);

  openB.addEventListener('click', () => act(openB, 'rollcall.open', { meeting: id }));
  closeB.addEventListener('click', () => act(closeB, 'rollcall.close', { meeting: id }));

  async function act(btn, op, args, okKey) {
    showError(err, null);
    btn.disabled = true;
    try {
      await conn.request(op, args);
      if (okKey) toast(okKey, args);
      return true;
    } catch (e) { if (!gone) showError(err, e); return false; } finally { btn.disabled = false; }
  }

  const mark = (member, attendance, btn, extra) => act(btn, 'attendance.mark', { meeting: id, member, attendance, ...extra });

  // "Absent with a reason": one reason, and a note when the reason is "other".
  function reasonForm() {
    const radios = REASONS.map((r) => h('label', { class: 'check small' },
      h('input', { type: 'radio', name: 'reason', value: r, checked: r === 'illness' }), h('span', { t: 'reason.' + r })));
    const note = h('input', { name: 'reason-note', maxlength: 500, tph: 'roll.notePh', taria: 'roll.note' });
    const ferr = errorBox();
    const save = h('button', { type: 'submit', class: 'btn small primary', t: 'ui.save' });
    const cancel = h('button', { type: 'button', class: 'btn small', t: 'ui.cancel' });
    const f = h('form', { class: 'reason-form', novalidate: true },
      h('fieldset', {}, h('legend', { t: 'roll.reason' }), h('div', { class: 'reasons' }, radios)), note, ferr, h('div', { class: 'row' }, save, cancel));
    f.addEventListener('submit', async (e) => {
      e.preventDefault();
      showError(ferr, null);
      const reason = f.querySelector('input[name="reason"]:checked')?.value || 'illness';
      const text = note.value.trim();
      if (reason === 'other' && !text) { showError(ferr, { code: 'reason_note' }); note.focus(); return; }
      if (await mark(reasonFor, 'absent_excused', save, { reason, note: reason === 'other' ? text : '' })) {
        reasonFor = null;
        note.value = '';
        place();
      }
    });
    cancel.addEventListener('click', () => { reasonFor = null; place(); });
    return f;
  }

  function place() {
    form.remove();
    if (reasonFor != null && rows.has(reasonFor)) rows.get(reasonFor).slot.append(form);
  }

  function row(e) {
    const att = h('span', { class: 'att' });
    const btns = {};
    const acts = h('div', { class: 'marks', role: 'group' });
    for (const [a, key] of [['present', 'roll.present'], ['absent_excused', 'roll.excused'], ['absent_unexcused', 'roll.unexcused'], ['departed', 'roll.departed']]) {
      const b = h('button', { type: 'button', class: 'btn small mark m-' + a, t: key, 'aria-pressed': 'false' });
      b.addEventListener('click', () => {
        if (a === 'absent_excused') { reasonFor = reasonFor === e.member ? null : e.member; place(); form.querySelector('input')?.focus(); return; }
        mark(e.member, a, b);
      });
      btns[a] = b;
      put(acts, b);
    }
    const slot = h('div', { class: 'slot' });
    const li = h('li', { 'data-member': e.member },
      h('div', { class: 'who' }, h('span', { class: 'pname' }, e.name), h('span', { class: 'tag cat-' + e.category, t: 'cat.' + e.category }), att),
      acts, slot);
    return { li, att, btns, acts, slot };
  }

  function update(s) {
    st = s;
    const caps = api.caps();
    const live = s.status === 'open';
    const canMark = live && (caps.chair || caps.taker);
    const r = s.rollcall;
    badge.className = 'badge ' + (r.open ? 'st-open' : 'st-scheduled');
    setT(badge, r.open ? 'roll.isOpen' : r.rounds ? 'roll.isClosed' : 'roll.notYet');
    ctl.hidden = !(caps.chair && live);
    openB.hidden = r.open;
    closeB.hidden = !r.open;
    setT(openB, r.rounds ? 'roll.reopen' : 'roll.open');
    openB.className = r.rounds ? 'btn' : 'btn primary';

    const sm = s.summary;
    figures.hidden = cats.hidden = rate.hidden = votes.hidden = !sm;
    if (sm) {
      put(clear(figures), 
        fig('roll.fPresent', `${sm.present}/${sm.members}`, 'ok'),
        fig('roll.fExcused', sm.absent_excused, ''),
        fig('roll.fUnexcused', sm.absent_unexcused, sm.absent_unexcused ? 'bad' : ''),
        fig('roll.fUnmarked', sm.unmarked, ''));
      put(clear(cats), 
        h('thead', {}, h('tr', {}, h('th', { t: 'roll.cat' }), h('th', { t: 'roll.total' }), h('th', { t: 'roll.presentCol' }))),
        h('tbody', {}, CATS.filter((c) => c !== 'suspended' || sm.by_category?.suspended?.total).map((c) => {
          const x = sm.by_category?.[c] || { total: 0, present: 0 };
          return h('tr', { 'data-cat': c }, h('th', { scope: 'row', t: 'cat.' + c }), h('td', {}, String(x.total)), h('td', {}, String(x.present)));
        })));
      const pct = sm.expected ? Math.floor((sm.expected_present / sm.expected) * 1000) / 10 : 0;
      put(clear(rate), h('span', { t: 'roll.rate', tp: { p: sm.expected_present, e: sm.expected, pct, crit: sm.criterion } }), ' ',
        h('strong', { class: sm.meets_criterion ? 'yes' : 'no', t: sm.meets_criterion ? 'roll.meets' : 'roll.notMeets' }));
      put(clear(votes), h('span', { t: 'roll.den', tp: { d: sm.denominator, v: sm.voters_present } }), ' ',
        h('strong', { class: sm.quorum ? 'yes' : 'no', t: sm.quorum ? 'roll.quorum' : 'roll.noQuorum' }));
    }

    // The result the minutes use, from the last rollcall.closed.
    clear(result);
    if (r.result && !r.open) {
      const x = r.result;
      const names = (arr, f) => (arr || []).map(f).join(', ');
      put(result, h('h3', { t: 'roll.resultTitle', tp: { at: fmtClock(r.closedAt) } }),
        line('roll.rExcused', names(x.absent_excused, (a) => `${a.name} (${reasonText(a)})`)),
        line('roll.rUnexcused', names(x.absent_unexcused, (a) => a.name)),
        line('roll.rUnmarked', names(x.unmarked, (a) => a.name)));
    }

    // Members, keyed so an open form and the focus survive updates.
    const seen = new Set();
    for (const e of s.roster) {
      seen.add(e.member);
      let rw = rows.get(e.member);
      if (!rw) { rw = row(e); rows.set(e.member, rw); }
      put(list, rw.li);  // keeps the snapshot's order
      rw.li.className = 'att-' + e.attendance;
      put(clear(rw.att), h('span', { class: 'attv', t: 'att.' + e.attendance }),
        e.attendance === 'absent_excused' && e.reason ? h('span', { class: 'muted small' }, ' · ', reasonText(e)) : null,
        e.late ? h('span', { class: 'tag tag-warn', t: 'roll.late' }) : null);
      rw.acts.hidden = !canMark;
      for (const [a, b] of Object.entries(rw.btns)) {
        b.setAttribute('aria-pressed', String(e.attendance === a));
        b.setAttribute('aria-label', `${b.textContent}: ${e.name}`);
      }
      rw.btns.departed.hidden = !(e.attendance === 'present' || e.attendance === 'departed');
    }
    for (const [m, rw] of rows) if (!seen.has(m)) { rw.li.remove(); rows.delete(m); }
    if (!canMark && reasonFor != null) { reasonFor = null; place(); }
    empty.hidden = s.roster.length > 0;
  }

  const fig = (key, n, cls) => h('div', { class: 'fig ' + cls }, h('span', { class: 'n' }, String(n)), h('span', { class: 'l', t: key }));
  const line = (key, text) => (text ? h('p', {}, h('span', { t: key }), ' ', text) : null);

  update(st);
  return { update, destroy() { gone = true; } };
}

// 'illness' -> 'ốm đau'; 'other' -> the note.
function reasonText(a) {
  return a.reason === 'other' && a.note ? a.note : t('reason.' + a.reason);
}
