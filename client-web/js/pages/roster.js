// #/cell/<id>/roster — danh sách đảng viên: list, add, edit, remove, CSV in/out.
import { h, clear, setT, field, select, dateInput, parseDate, fmtDate, errorBox, showError, confirmBox, toast } from '../ui.js';
import { t } from '../i18n.js';
import { cellHeader } from './cellnav.js';

const KINDS = [['official', 'kind.official'], ['probationary', 'kind.probationary']];
const STATUSES = [['active', 'status.active'], ['exempt', 'status.exempt'], ['attached', 'status.attached'], ['suspended', 'status.suspended']];
const ROLES = [['none', 'role.none'], ['secretary', 'role.secretary'], ['deputy', 'role.deputy'], ['committee_member', 'role.committee_member']];
const MAX_CSV = 60 * 1024;

export function mount(view, ctx) {
  const cell = ctx.params.cell;
  const edit = ctx.canEdit();
  const conn = ctx.conn;
  let members = [];

  const err = errorBox();
  const panel = h('div', { class: 'panel-slot' });
  const summary = h('p', { class: 'summary' });
  const list = h('ul', { class: 'members' });
  const addBtn = h('button', { type: 'button', class: 'btn primary', t: 'roster.add' });
  const importBtn = h('button', { type: 'button', class: 'btn', t: 'roster.import' });
  const exportBtn = h('button', { type: 'button', class: 'btn', t: 'roster.export' });
  const exportErr = errorBox();

  view.append(cellHeader(ctx, cell, 'roster'),
    edit ? h('div', { class: 'toolbar' }, addBtn, importBtn, exportBtn) : null,
    exportErr, panel, err, summary, list);

  addBtn.addEventListener('click', () => openForm(null));
  importBtn.addEventListener('click', openImport);
  exportBtn.addEventListener('click', doExport);

  async function load() {
    try {
      const r = await conn.request('roster.list', { cell });
      if (!ctx.alive()) return;
      members = r.members || [];
      showError(err, null);
      render();
    } catch (e) { if (ctx.alive()) showError(err, e); }
  }

  function render() {
    clear(list);
    const off = members.filter((m) => m.kind === 'official').length;
    setT(summary, 'roster.count', { n: members.length, official: off, prob: members.length - off });
    if (!members.length) { list.append(h('li', { class: 'muted', t: 'roster.empty' })); return; }
    for (const m of members) list.append(card(m));
  }

  // A compact card; the chair taps it to edit (remove is in the form).
  function card(m) {
    const tags = [
      h('span', { class: 'tag ' + (m.kind === 'probationary' ? 'tag-prob' : 'tag-off'), t: 'kind.' + m.kind }),
      m.status !== 'active' ? h('span', { class: 'tag tag-warn', t: 'status.' + m.status }) : null,
      m.committee_role && m.committee_role !== 'none' ? h('span', { class: 'tag tag-role', t: 'role.' + m.committee_role }) : null,
    ];
    const facts = [
      m.admitted_on ? h('span', { t: 'roster.admitted', tp: { d: fmtDate(m.admitted_on) } }) : null,
      m.birth_date ? h('span', { t: 'roster.born', tp: { d: fmtDate(m.birth_date) } }) : null,
      m.phone ? h('span', {}, '☎ ', m.phone) : null,
    ];
    const body = [
      h('span', { class: 'member-main' }, h('strong', { class: 'name' }, m.full_name), h('span', { class: 'tags' }, tags)),
      h('span', { class: 'facts' }, facts),
      m.note ? h('span', { class: 'note' }, m.note) : null,
    ];
    if (!edit) return h('li', { class: 'member', 'data-id': m.id }, body);
    return h('li', { class: 'member editable', 'data-id': m.id },
      h('button', { type: 'button', class: 'member-btn', on: { click: () => openForm(m) } },
        h('span', { class: 'member-body' }, body), h('span', { class: 'chev', t: 'ui.edit' })));
  }

  // --- add / edit -------------------------------------------------------------
  function openForm(m) {
    const v = m || {};
    const name = h('input', { name: 'full_name', value: v.full_name || '', maxlength: 200, autocomplete: 'off', required: true });
    const kind = select(KINDS, v.kind || 'official', { name: 'kind' });
    const status = select(STATUSES, v.status || 'active', { name: 'status' });
    const role = select(ROLES, v.committee_role || 'none', { name: 'committee_role' });
    const born = dateInput(v.birth_date, { name: 'birth_date' });
    const admitted = dateInput(v.admitted_on, { name: 'admitted_on' });
    const phone = h('input', { name: 'phone', type: 'tel', value: v.phone || '', autocomplete: 'off' });
    const note = h('textarea', { name: 'note', rows: 2, maxlength: 500 }, v.note || '');
    const f = {
      full_name: field('member.name', name), kind: field('member.kind', kind), status: field('member.status', status),
      committee_role: field('member.role', role), birth_date: field('member.born', born, 'date.hint'),
      admitted_on: field('member.admitted', admitted, 'date.hint'), phone: field('member.phone', phone), note: field('member.note', note),
    };
    const ferr = errorBox();
    const save = h('button', { type: 'submit', class: 'btn primary', t: 'ui.save' });
    const cancel = h('button', { type: 'button', class: 'btn', t: 'ui.cancel' });
    const del = m ? h('button', { type: 'button', class: 'btn ghost danger-text push-right', t: 'member.remove', on: { click: () => remove(m) } }) : null;
    const form = h('form', { class: 'card form', novalidate: true },
      h('h2', { t: m ? 'member.editTitle' : 'member.addTitle', tp: { name: v.full_name } }),
      h('div', { class: 'grid2' }, Object.values(f)), ferr, h('div', { class: 'row' }, save, cancel, del));
    cancel.addEventListener('click', closePanel);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      showError(ferr, null);
      for (const x of Object.values(f)) x.setError(null);
      const b = parseDate(born.value), a = parseDate(admitted.value);
      let bad = false;
      if (!name.value.trim()) { f.full_name.setError('member.nameRequired'); bad = true; }
      if (b === null) { f.birth_date.setError('date.bad', { v: born.value }); bad = true; }
      if (a === null) { f.admitted_on.setError('date.bad', { v: admitted.value }); bad = true; }
      if (bad) { form.querySelector('[aria-invalid]')?.focus(); return; }
      const member = {
        full_name: name.value.trim(), kind: kind.value, status: status.value, committee_role: role.value,
        birth_date: b || null, admitted_on: a || null, phone: phone.value.trim(), note: note.value.trim(),
      };
      save.disabled = true;
      try {
        if (m) await conn.request('roster.update', { member: { id: m.id, cell, ...member } });
        else await conn.request('roster.add', { cell, member });
        if (!ctx.alive()) return;
        closePanel();
        toast(m ? 'member.saved' : 'member.added', { name: member.full_name });
        load();
      } catch (er) {
        if (!ctx.alive()) return;
        const fld = er.details?.field && f[String(er.details.field).replace(/^member\./, '')];
        if (fld && er.code === 'invalid_args') fld.setError('err.server', { message: er.message, message_en: er.message_en });
        else showError(ferr, er);
      } finally { save.disabled = false; }
    });
    showPanel(form);
    name.focus();
  }

  async function remove(m) {
    if (!await confirmBox('member.confirmRemove', { name: m.full_name }, 'ui.remove', true)) return;
    try {
      await conn.request('roster.remove', { id: m.id });
      if (!ctx.alive()) return;
      closePanel();
      toast('member.removed', { name: m.full_name });
      load();
    } catch (e) { if (ctx.alive()) showError(err, e); }
  }

  // --- CSV import ------------------------------------------------------------
  function openImport() {
    const file = h('input', { type: 'file', accept: '.csv,text/csv,text/plain', name: 'csvfile' });
    const text = h('textarea', { name: 'csv', rows: 6, spellcheck: 'false', tph: 'import.pastePh' });
    const picked = h('p', { class: 'hint', hidden: true });
    const result = h('div', { class: 'import-result', 'aria-live': 'polite' });
    const go = h('button', { type: 'submit', class: 'btn primary', t: 'import.go' });
    const cancel = h('button', { type: 'button', class: 'btn', t: 'ui.close' });
    const form = h('form', { class: 'card form', novalidate: true },
      h('h2', { t: 'import.title' }),
      h('p', { class: 'hint', t: 'import.help' }),
      h('p', { class: 'hint mono', t: 'import.columns' }),
      field('import.file', file), picked,
      field('import.paste', text),
      result, h('div', { class: 'row' }, go, cancel));
    cancel.addEventListener('click', closePanel);
    file.addEventListener('change', async () => {
      clear(result);
      const fl = file.files[0];
      if (!fl) return;
      if (fl.size > MAX_CSV) { showMsg('bad', 'import.tooBig', { kb: Math.ceil(fl.size / 1024) }); return; }
      try {
        text.value = new TextDecoder('utf-8', { fatal: true }).decode(await fl.arrayBuffer());
        setT(picked, 'import.picked', { name: fl.name, n: text.value.split(/\r?\n/).filter((l) => l.trim()).length - 1 });
        picked.hidden = false;
      } catch { showMsg('bad', 'import.notUtf8'); }
    });
    function showMsg(kind, key, params) {
      clear(result).append(h('div', { class: kind === 'ok' ? 'ok-box' : 'error' }, h('strong', { t: key, tp: params })));
    }
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clear(result);
      const csv = text.value;
      if (!csv.trim()) { showMsg('bad', 'import.empty'); return; }
      if (new TextEncoder().encode(csv).length > MAX_CSV) { showMsg('bad', 'import.tooBig', { kb: Math.ceil(new TextEncoder().encode(csv).length / 1024) }); return; }
      go.disabled = true;
      setT(go, 'import.busy');
      try {
        const r = await conn.request('roster.import', { cell, csv });
        if (!ctx.alive()) return;
        showMsg('ok', 'import.done', { n: r.imported ?? (r.members || []).length });
        text.value = '';
        file.value = '';
        picked.hidden = true;
        load();
      } catch (er) {
        if (!ctx.alive()) return;
        if (er.code === 'invalid_csv') showCsvErrors(result, er.details?.errors || []);
        else { clear(result); const b = errorBox(); result.append(b); showError(b, er); }
      } finally { go.disabled = false; setT(go, 'import.go'); }
    });
    showPanel(form);
  }

  async function doExport() {
    showError(exportErr, null);
    exportBtn.disabled = true;
    try {
      const r = await conn.request('roster.export', { cell });
      const blob = new Blob([r.csv], { type: 'text/csv;charset=utf-8' });
      const a = h('a', { href: URL.createObjectURL(blob), download: r.filename || `chi-bo-${cell}-danh-sach.csv` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
      toast('roster.exported', { name: a.download });
    } catch (e) { showError(exportErr, e); } finally { exportBtn.disabled = false; }
  }

  function showPanel(el) {
    clear(panel).append(el);
    el.scrollIntoView({ block: 'start' });
  }
  function closePanel() { clear(panel); }

  load();
}

// "Chưa nhập ai" + one line per error: "Dòng 3, cột «Ngày vào Đảng»: ngày không hợp lệ (31/02/2001)".
function showCsvErrors(box, errors) {
  clear(box);
  const ul = h('ul', { class: 'csv-errors' });
  for (const e of errors) {
    const params = { line: e.line, column: e.column || '', detail: e.detail || '', problem: e.problem };
    ul.append(h('li', {}, h('span', { class: 'csv-main', t: 'csv.line', tp: params }),
      h('span', { class: 'csv-help', t: 'csv.help', tp: params })));
  }
  box.append(h('div', { class: 'error' },
    h('strong', { t: 'import.failed', tp: { n: errors.length } }),
    h('p', { t: 'import.nothing' }), ul));
  box.scrollIntoView({ block: 'nearest' });
}

export { t };
