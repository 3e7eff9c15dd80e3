// The observer's report (báo cáo dự sinh hoạt chi bộ, DOMAIN.md "Observers
// and follow-up"), loaded on demand for an observer (a district observer
// account or an observer by link) in a meeting: the fixed form, prefilled by
// the server (observer.report_get: the attendance sentence, whether the order
// and the content were complete), filed with observer.report (again replaces
// it), also after the close; then DOCX / PDF. What is being written stays in
// localStorage until it is filed.
import { h, put, clear, setT, errorBox, showError, toast } from '../ui.js';
import * as mdoc from './minutes-doc.js';

export const styled = mdoc.styled;

const TEXTS = ['attendance', 'remarks', 'proposals'];
const YESNO = ['order_ok', 'content_ok'];

export function mount(box, api) {
  const { conn, id } = api;
  let gone = false;
  const kept = `chibo.report.${id}`;
  const keep = {
    get() { try { return JSON.parse(localStorage.getItem(kept) || 'null'); } catch { return null; } },
    set(v) { try { localStorage.setItem(kept, JSON.stringify(v)); } catch { /* ignore */ } },
    del() { try { localStorage.removeItem(kept); } catch { /* ignore */ } },
  };

  box.className = 'card board observer-report';
  box.id = 'b-report';
  const err = errorBox();
  const filed = h('p', { class: 'ok-box', role: 'status', hidden: true });
  const notFiled = h('p', { class: 'muted', t: 'obs.notFiled' });
  const area = (name, rows) => h('textarea', { name: 'report-' + name, rows, maxlength: 5000 });
  const inputs = { attendance: area('attendance', 6), remarks: area('remarks', 4), proposals: area('proposals', 3) };
  const fields = {};
  for (const k of TEXTS) {
    inputs[k].id = 'report-' + k;
    fields[k] = h('div', { class: 'field' }, h('label', { for: inputs[k].id, t: 'obs.' + k }), inputs[k]);
  }
  const radios = {};
  const yesno = (k, key) => {
    const yes = h('input', { type: 'radio', name: 'report-' + k, value: 'yes' });
    const no = h('input', { type: 'radio', name: 'report-' + k, value: 'no' });
    radios[k] = { yes, no };
    const ferr = h('p', { class: 'field-error', hidden: true, t: 'obs.pick' });
    const fs = h('fieldset', { class: 'yesno' }, h('legend', { t: key }),
      h('div', { class: 'opts' }, h('label', {}, yes, h('span', { t: 'obs.yes' })), h('label', {}, no, h('span', { t: 'obs.no' }))), ferr);
    fs.err = ferr;
    return fs;
  };
  const order = yesno('order_ok', 'obs.order');
  const content = yesno('content_ok', 'obs.content');
  const send = h('button', { type: 'submit', class: 'btn primary block', t: 'obs.send' });
  const ferr = errorBox();
  const form = h('form', { class: 'report-form', novalidate: true },
    fields.attendance, order, content, fields.remarks, fields.proposals, ferr, send, h('p', { class: 'hint', t: 'obs.draftKept' }));
  const bar = mdoc.exportBar(conn, { meeting: id, what: 'observer_report' }, { formats: ['docx', 'pdf'] });
  bar.el.hidden = true;
  put(clear(box), h('h2', { t: 'obs.title' }), h('p', { class: 'hint', t: 'obs.lead' }), err, filed, notFiled, form, bar.el);

  const getYes = (k) => (radios[k].yes.checked ? true : radios[k].no.checked ? false : null);
  const setYes = (k, v) => { radios[k].yes.checked = v === true; radios[k].no.checked = v === false; };
  function values() {
    const v = {};
    for (const k of TEXTS) v[k] = inputs[k].value.trim();
    for (const k of YESNO) v[k] = getYes(k);
    return v;
  }
  function fill(v) {
    for (const k of TEXTS) inputs[k].value = v?.[k] || '';
    for (const k of YESNO) setYes(k, typeof v?.[k] === 'boolean' ? v[k] : null);
  }
  // Until the observer writes anything, the prefill follows the meeting (the
  // form may load before the roll call).
  let touched = !!keep.get(), isFiled = false;
  const mark = () => { touched = true; keep.set(values()); };
  form.addEventListener('input', mark);
  form.addEventListener('change', mark);

  function showFiled(at) {
    filed.hidden = !at;
    notFiled.hidden = !!at;
    if (at) setT(filed, 'obs.filed', { at: mdoc.fmtDateTime(at) });
    bar.el.hidden = !at;
    isFiled = !!at;
    setT(send, at ? 'obs.resend' : 'obs.send');
  }

  async function load() {
    try {
      const r = await conn.request('observer.report_get', { meeting: id }, { read: true });
      if (gone) return;
      const draft = keep.get();
      fill(draft || r.report || r.prefill || {});
      showFiled(r.report ? (r.report.filed_ms || r.report.filed || r.report.at || Date.now()) : 0);
    } catch (e) { if (!gone) showError(err, e); }
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(ferr, null);
    const v = values();
    let bad = false;
    for (const [k, fs] of [['order_ok', order], ['content_ok', content]]) {
      fs.err.hidden = v[k] !== null;
      if (v[k] === null) bad = true;
    }
    if (bad) return;
    send.disabled = true;
    try {
      await conn.request('observer.report', { meeting: id, ...v });
      keep.del();
      toast('obs.sent');
      showFiled(Date.now());
    } catch (er) { if (!gone) showError(ferr, er); }
    send.disabled = false;
  });

  load();
  let seen = null, timer = 0;
  return {
    update(s) {
      const mine = s.observerReports?.[api.me];
      if (mine) showFiled(mine.at);
      const key = [s.summary, s.agenda, s.status, s.rollcall?.result];
      if (seen && key.some((v, i) => v !== seen[i]) && !touched && !isFiled && !timer) timer = setTimeout(() => { timer = 0; if (!touched && !gone) load(); }, 1500);
      seen = key;
    },
    destroy() { gone = true; clearTimeout(timer); },
  };
}
