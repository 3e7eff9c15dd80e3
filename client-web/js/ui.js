// Small DOM helpers and the formats users see (DD/MM/YYYY, 19:30).
import { t, relabel } from './i18n.js';

// h('button', {class: 'btn', t: 'key', tp: {n: 1}, on: {click: fn}}, ...children)
// `t` sets a translated text that follows the language switch; `tph`, `ttitle`
// and `taria` do the same for placeholder, title and aria-label.
export function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v == null || v === false) continue;
      if (k === 't') setT(el, v, attrs.tp);
      else if (k === 'tp') continue;
      else if (k === 'tph') { el.dataset.tph = v; el.placeholder = t(v); }
      else if (k === 'ttitle') { el.dataset.ttitle = v; el.title = t(v); }
      else if (k === 'taria') { el.dataset.taria = v; el.setAttribute('aria-label', t(v)); }
      else if (k === 'on') for (const [e, f] of Object.entries(v)) el.addEventListener(e, f);
      else if (k === 'class') el.className = v;
      else if (k === 'value' || k === 'checked' || k === 'disabled' || k === 'selected') el[k] = v;
      else el.setAttribute(k, v === true ? '' : v);
    }
  }
  add(el, kids);
  return el;
}

// el.append() that skips null/false and flattens arrays, like h()'s children.
export function put(el, ...kids) {
  add(el, kids);
  return el;
}

function add(el, kids) {
  for (const k of kids) {
    if (k == null || k === false) continue;
    if (Array.isArray(k)) add(el, k);
    else el.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
}

// Sets a translated text on an element; relabel() redoes it on a language switch.
export function setT(el, key, params) {
  el.dataset.t = key;
  el._tp = params;
  el.textContent = t(key, params);
  return el;
}

export const tx = (key, params) => h('span', { t: key, tp: params });

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

// --- errors -----------------------------------------------------------------

// The key to show for an error: the client's own wording where it has one,
// else the server's message (vi) or message_en (en).
export function errKey(err) {
  const k = 'err.' + (err?.code || 'internal');
  return t.has(k) ? k : (err?.message ? 'err.server' : 'err.internal');
}

// Fills `box` with the error (or empties it when err is null).
export function showError(box, err, key) {
  clear(box);
  box.hidden = !err;
  if (err) box.append(h('span', { t: key || errKey(err), tp: errParams(err) }));
}

export function errParams(err) {
  const p = { message: err.message, message_en: err.message_en, code: err.code };
  const ms = err.details?.retry_after_ms;
  if (ms != null) p.wait = ms;
  if (err.details?.reason) p.reason = err.details.reason;
  return p;
}

export const errorBox = () => h('div', { class: 'error', role: 'alert', hidden: true });

// --- dates and times --------------------------------------------------------

const pad = (n) => String(n).padStart(2, '0');

// 'YYYY-MM-DD' -> 'DD/MM/YYYY'
export function fmtDate(iso) {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

function realDate(y, mo, d) {
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1) return null;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCMonth() !== mo - 1) return null;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

// What a person types -> 'YYYY-MM-DD'; '' for empty, null when not a real
// date. Forgiving: 1/5/2001, 01-05-2001, 01.05.2001, 01052001, 2001-05-01.
export function parseDate(s) {
  s = (s || '').trim();
  if (!s) return '';
  let m = /^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})$/.exec(s);
  if (m) return realDate(+m[1], +m[2], +m[3]);
  m = /^(\d{1,2})\s*[-/. ]\s*(\d{1,2})\s*[-/. ]\s*(\d{4})$/.exec(s) || /^(\d{2})(\d{2})(\d{4})$/.exec(s);
  if (m) return realDate(+m[3], +m[2], +m[1]);
  return null;
}

// '19:30', '19h30', '19.30', '1930', '19h', '7:05' -> 'HH:MM'; '' empty; null bad.
export function parseTime(s) {
  s = (s || '').trim().toLowerCase();
  if (!s) return '';
  const m = /^(\d{1,2})\s*(?:[:h.]\s*(\d{2})?)?$/.exec(s) || /^(\d{1,2})(\d{2})$/.exec(s);
  if (!m) return null;
  const hh = +m[1], mm = +(m[2] || 0);
  if (hh > 23 || mm > 59) return null;
  return `${pad(hh)}:${pad(mm)}`;
}

export function todayIso() {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// 'YYYY-MM-DDTHH:MM' (local, as entered) -> {date: 'DD/MM/YYYY', time: 'HH:MM', wd: 0..6}
export function splitStarts(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(s || '');
  if (!m) return { date: s || '', time: '', wd: null };
  const wd = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).getUTCDay();
  return { date: `${m[3]}/${m[2]}/${m[1]}`, time: `${m[4]}:${m[5]}`, wd };
}

// Event timestamp (ms) -> '19:32', or '01/12 19:32' when not today.
export function fmtClock(ms) {
  if (!ms) return '';
  const d = new Date(ms), now = new Date();
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return d.toDateString() === now.toDateString() ? hm : `${pad(d.getDate())}/${pad(d.getMonth() + 1)} ${hm}`;
}

// --- form pieces -------------------------------------------------------------

let uid = 0;
// A labelled field: label above, input, optional hint, and an error line.
export function field(labelKey, input, hintKey) {
  if (!input.id) input.id = 'f' + (++uid);
  const err = h('div', { class: 'field-error', role: 'alert', hidden: true });
  const hint = hintKey ? h('div', { class: 'hint', id: input.id + '-h', t: hintKey }) : null;
  if (hint) input.setAttribute('aria-describedby', hint.id);
  const wrap = h('div', { class: 'field' }, h('label', { for: input.id, t: labelKey }), input, hint, err);
  wrap.setError = (key, params) => {
    if (key) { setT(err, key, params); err.hidden = false; input.setAttribute('aria-invalid', 'true'); }
    else { err.hidden = true; input.removeAttribute('aria-invalid'); }
  };
  return wrap;
}

// <select> whose option labels follow the language: options = [[value, key], …]
export function select(options, value, attrs) {
  return h('select', attrs, options.map(([v, k]) => h('option', { value: v, t: k, selected: v === value })));
}

// A date field shown and typed as DD/MM/YYYY, normalised when it loses focus.
export function dateInput(iso, attrs) {
  const el = h('input', { type: 'text', inputmode: 'numeric', autocomplete: 'off', tph: 'date.ph', value: fmtDate(iso), ...attrs });
  el.addEventListener('blur', () => { const v = parseDate(el.value); if (v) el.value = fmtDate(v); });
  return el;
}

// A modal question; resolves true when confirmed.
export function confirmBox(key, params, okKey = 'ui.ok', danger = false) {
  return new Promise((resolve) => {
    const ok = h('button', { type: 'button', class: danger ? 'btn danger' : 'btn primary', t: okKey });
    const no = h('button', { type: 'button', class: 'btn', t: 'ui.cancel' });
    const dlg = h('dialog', { class: 'dialog' },
      h('p', { t: key, tp: params }), h('div', { class: 'row end' }, no, ok));
    const done = (v) => { dlg.close(); dlg.remove(); resolve(v); };
    ok.addEventListener('click', () => done(true));
    no.addEventListener('click', () => done(false));
    dlg.addEventListener('cancel', (e) => { e.preventDefault(); done(false); });
    document.body.append(dlg);
    dlg.showModal();
    no.focus();
  });
}

// A short message at the bottom of the screen (saved, copied, …).
let toastTimer = 0;
export function toast(key, params) {
  let el = document.getElementById('toast');
  if (!el) { el = h('div', { id: 'toast', class: 'toast', role: 'status', 'aria-live': 'polite' }); document.body.append(el); }
  setT(el, key, params);
  el.classList.add('show');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('show'), 3500);
}

// Copies text; falls back to a selected input where the Clipboard API is
// missing (plain http on a LAN address is not a secure context).
export async function copyText(text, input) {
  try {
    if (navigator.clipboard && window.isSecureContext) { await navigator.clipboard.writeText(text); return true; }
  } catch { /* fall through */ }
  if (input) {
    input.focus();
    input.select();
    try { return document.execCommand('copy'); } catch { return false; }
  }
  return false;
}

export { relabel };
