// The minutes as a document, loaded on demand (a member's phone fetches it
// when the minutes are read back or opened): the reader (PROTOCOL.md
// "Document": header in two columns, title, subtitle, blocks, signatures),
// the export buttons (export.create, then a plain download link), and the
// lock box (fingerprint, key, signature). The editor (minutes.js), the
// observer's report and the resolution book use the same pieces.
import { h, put, clear, setT, errorBox, showError, confirmBox } from '../ui.js';
import { addStrings, t } from '../i18n.js';
import strings from './strings-minutes-vi.js';

addStrings(strings);

export const styled = new Promise((resolve) => {
  if (document.querySelector('link[data-minutes]')) { resolve(); return; }
  const link = h('link', { rel: 'stylesheet', href: 'minutes.css', 'data-minutes': '' });
  link.addEventListener('load', resolve);
  link.addEventListener('error', resolve);
  document.head.append(link);
});

const pad = (n) => String(n).padStart(2, '0');
// ms -> '05/01/2027 19:42'
export function fmtDateTime(ms) {
  if (!ms) return '';
  const d = new Date(ms);
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
export function fmtTime(ms) {
  if (!ms) return '';
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// Errors of the minutes ops in the client's words where it has them.
export function showErr(box, e) {
  if (e?.code === 'conflict') showError(box, e, 'err.minutesConflict');
  else showError(box, e);
}

// --- the document ---------------------------------------------------------------

const lines = (text) => String(text || '').split('\n');

function block(b) {
  const ls = lines(b.text);
  switch (b.kind) {
    case 'heading': return h('h3', { class: 'mdoc-h' }, b.lead ? h('strong', {}, b.lead) : null, b.text || '');
    case 'center': return ls.map((l, i) => h('p', { class: 'mdoc-center' }, i === 0 && b.lead ? h('strong', {}, b.lead) : null, l));
    case 'quote': return h('blockquote', { class: 'mdoc-quote' }, ls.map((l, i) => h('p', {}, i === 0 && b.lead ? h('strong', {}, b.lead) : null, l)));
    case 'bullet': return ls.map((l, i) => h('p', { class: 'mdoc-bullet' }, i === 0 && b.lead ? h('strong', {}, b.lead) : null, l));
    default: return ls.map((l, i) => h('p', { class: 'mdoc-para' }, i === 0 && b.lead ? h('strong', {}, b.lead) : null, l));
  }
}

// The Document JSON as a page a phone can read.
export function renderDoc(doc) {
  if (!doc) return h('p', { class: 'muted', t: 'mdoc.empty' });
  const hd = doc.header || {};
  const head = h('div', { class: 'mdoc-head' },
    h('div', { class: 'mdoc-left' },
      hd.superior ? h('p', { class: 'mdoc-sup' }, hd.superior) : null,
      hd.unit ? h('p', { class: 'mdoc-unit' }, hd.unit) : null,
      h('p', { class: 'mdoc-star' }, '*'),
      hd.number ? h('p', { class: 'mdoc-number' }, hd.number) : null),
    h('div', { class: 'mdoc-right' },
      hd.party ? h('p', { class: 'mdoc-party' }, hd.party) : null,
      hd.place_date ? h('p', { class: 'mdoc-date' }, hd.place_date) : null));
  const sigs = (doc.signatures || []).map((s) => h('div', { class: 'mdoc-sig' },
    h('p', { class: 'mdoc-sig-role' }, s.role || ''), h('p', { class: 'mdoc-sig-space' }, '\u00a0'), h('p', { class: 'mdoc-sig-name' }, s.name || '')));
  return h('article', { class: 'mdoc', lang: 'vi', taria: 'mdoc.aria' }, head,
    h('h2', { class: 'mdoc-title' }, doc.title || ''),
    lines(doc.subtitle).filter(Boolean).map((l) => h('p', { class: 'mdoc-subtitle' }, l)),
    h('div', { class: 'mdoc-body' }, (doc.blocks || []).map(block)),
    sigs.length ? h('div', { class: 'mdoc-sigs' }, sigs) : null,
    doc.footer ? h('p', { class: 'mdoc-footer' }, doc.footer) : null);
}

// --- exports ----------------------------------------------------------------------

const LIFE = 9.5 * 60000;  // the URL works for 10 minutes

// A click on a plain download link: the server's Content-Disposition names the file.
export function download(url, filename) {
  const a = h('a', { href: url, download: filename || '', hidden: true });
  document.body.append(a);
  a.click();
  setTimeout(() => a.remove(), 1000);
}

// Buttons DOCX / PDF / In (HTML) / Bản ghi (JSON): export.create with `args`
// (minutes of a meeting, the resolution book, an observer's report) and the
// format, then the download; "Tải lại" reuses the URL while it lives.
// opts.formats (default docx, pdf, html), opts.json() says whether to offer JSON.
export function exportBar(conn, args, opts = {}) {
  const formats = opts.formats || ['docx', 'pdf', 'html'];
  const err = errorBox();
  const state = h('p', { class: 'exp-state', role: 'status', hidden: true });
  const again = h('button', { type: 'button', class: 'btn small', t: 'exp.again', hidden: true });
  const buttons = {};
  const row = h('div', { class: 'row exp-buttons' });
  for (const f of [...formats, 'json']) {
    const b = h('button', { type: 'button', class: 'btn small exp-' + f, 'data-format': f, t: 'exp.' + f });
    b.addEventListener('click', () => make(f));
    buttons[f] = b;
    put(row, b);
  }
  const draft = h('p', { class: 'hint', t: 'exp.draftHint', hidden: true });
  const el = h('div', { class: 'exports' }, opts.title === false ? null : h('h3', { t: 'exp.title' }), row, draft, state, h('div', { class: 'row' }, again), err,
    h('p', { class: 'hint', t: 'exp.hint' }));
  let last = null;  // {format, url, filename, size, at}
  let busy = false;

  async function make(format) {
    if (busy) return;
    busy = true;
    showError(err, null);
    for (const b of Object.values(buttons)) b.disabled = true;
    state.hidden = false;
    setT(state, 'exp.making');
    again.hidden = true;
    try {
      const r = await conn.request('export.create', { ...args, format }, { read: true });
      last = { format, url: r.url, filename: r.filename, size: r.size, at: Date.now() };
      download(r.url, r.filename);
      setT(state, 'exp.done', { name: r.filename, size: r.size });
      again.hidden = false;
    } catch (e) {
      state.hidden = true;
      showErr(err, e);
    }
    busy = false;
    for (const b of Object.values(buttons)) b.disabled = false;
  }
  again.addEventListener('click', () => {
    if (!last) return;
    if (Date.now() - last.at > LIFE) { setT(state, 'exp.expired'); make(last.format); return; }
    download(last.url, last.filename);
  });

  function update() {
    buttons.json.hidden = !(opts.json && opts.json());
    draft.hidden = !(opts.draft && opts.draft());
  }
  update();
  return { el, update };
}

// --- the lock -------------------------------------------------------------------------

const groups = (hex, n) => (hex || '').slice(0, n).replace(/(.{4})/g, '$1 ').trim();

// "Approved and locked": when, the fingerprint short and in full, the
// server's key id and public key, the chain head, the signature.
export function lockBox(lock, key) {
  if (!lock) return null;
  const sha = lock.content_sha256 || '';
  const full = (label, value, cls) => h('details', { class: 'lock-more' }, h('summary', { t: label }), h('p', { class: 'mono ' + (cls || '') }, value || ''));
  return h('div', { class: 'lock-box', role: 'status' },
    h('p', { class: 'lock-title', t: 'lock.title' }),
    h('p', { class: 'lock-when', t: 'lock.when', tp: { at: fmtDateTime(lock.locked_ms || lock.at) } }),
    h('p', { class: 'lock-fp' }, h('span', { class: 'lock-label', t: 'lock.fp' }), ' ', h('code', { class: 'fp-short' }, groups(sha, 16) + '…')),
    full('lock.fpFull', sha, 'fp-full'),
    h('p', {}, h('span', { class: 'lock-label', t: 'lock.key' }), ' ', h('code', { class: 'key-id' }, lock.key_id || key?.id || '')),
    key?.public_key ? full('lock.pub', key.public_key, 'pub-key') : null,
    lock.signature ? full('lock.sig', lock.signature, 'sig') : null,
    lock.chain ? h('p', { class: 'hint', t: 'lock.chain', tp: { seq: lock.chain.seq } }) : null,
    h('p', { class: 'hint', t: 'lock.explain' }));
}

// --- the reader -----------------------------------------------------------------------

// The full minutes in a dialog that fills a phone's screen: fetched with
// minutes.get each time it opens, refreshed while open when the text changes.
// api: {conn, id, state()}.
export function reader(api) {
  const { conn, id } = api;
  const status = h('p', { class: 'mreader-status', role: 'status' });
  const closeB = h('button', { type: 'button', class: 'btn small mreader-close', t: 'mdoc.close' });
  const body = h('div', { class: 'mreader-body' });
  const err = errorBox();
  const lockSlot = h('div', {});
  let data = null;
  const bar = exportBar(conn, { meeting: id, what: 'minutes' }, {
    json: () => (data?.status || api.state().minutes.status) === 'locked',
    draft: () => (data?.status || api.state().minutes.status) !== 'locked',
  });
  // At the end of the read-back the chair puts the minutes to the vote from here.
  const approveB = h('button', { type: 'button', class: 'btn primary block mreader-approve', t: 'mins.approve', hidden: true });
  const aerr = errorBox();
  approveB.addEventListener('click', async () => {
    showError(aerr, null);
    if (!await confirmBox('mins.confirmApprove', null, 'mins.approve')) return;
    approveB.disabled = true;
    try { await conn.request('minutes.approve', { meeting: id }); close(); } catch (e) { if (!gone) showErr(aerr, e); }
    approveB.disabled = false;
  });
  const dlg = h('dialog', { class: 'mreader', 'aria-labelledby': 'mreader-h' },
    h('div', { class: 'mreader-top' }, h('h2', { id: 'mreader-h', t: 'mdoc.title' }), closeB),
    h('div', { class: 'mreader-scroll' }, status, err, body, lockSlot, approveB, aerr, bar.el));
  closeB.addEventListener('click', () => close());
  dlg.addEventListener('close', () => { dlg.remove(); });
  let loading = null, again = false, gone = false;

  function statusLine() {
    const m = api.state().minutes;
    const st = data?.status === 'locked' || m.status === 'locked' ? 'locked' : m.status;
    status.className = 'mreader-status st-' + st;
    if (st === 'locked') setT(status, 'mdoc.lockedLine');
    else if (st === 'approval') setT(status, 'mdoc.approval');
    else if (st === 'presented' && m.presentedBy) setT(status, 'mdoc.presented', { by: m.presentedBy, at: fmtTime(m.presentedAt) });
    else setT(status, 'mdoc.draft');
    const s = api.state();
    approveB.hidden = !(api.caps && api.caps().chair) || s.status !== 'open' || st !== 'presented' || s.openVote != null;
    bar.update();
  }

  async function load() {
    if (loading) { again = true; return loading; }
    if (!data) { clear(body).append(h('p', { class: 'loading', t: 'mdoc.loading' })); }
    loading = (async () => {
      try {
        const r = await conn.request('minutes.get', { meeting: id }, { read: true });
        if (gone) return;
        data = r.minutes || {};
        showError(err, null);
        const y = dlg.querySelector('.mreader-scroll')?.scrollTop || 0;
        clear(body).append(renderDoc(data.document));
        clear(lockSlot);
        put(lockSlot, data.lock ? lockBox(data.lock, data.key) : null);
        const sc = dlg.querySelector('.mreader-scroll');
        if (sc) sc.scrollTop = y;
      } catch (e) { if (!gone) showErr(err, e); }
      statusLine();
    })();
    await loading;
    loading = null;
    if (again) { again = false; return load(); }
  }

  function open() {
    if (!dlg.isConnected) document.body.append(dlg);
    if (!dlg.open) dlg.showModal();
    closeB.focus();
    statusLine();
    return load();
  }
  function close() { if (dlg.open) dlg.close(); }

  // While open: a new save or the lock shows at once (a moment later, once).
  let timer = 0, seen = null;
  function update(s) {
    const key = [s.minutes.sections, s.minutes.status, s.minutes.lock];
    const changed = seen && key.some((v, i) => v !== seen[i]);
    seen = key;
    if (!dlg.open) return;
    statusLine();
    if (changed && !timer) timer = setTimeout(() => { timer = 0; if (dlg.open) load(); }, 800);
  }

  return { open, close, update, isOpen: () => dlg.open, destroy() { gone = true; clearTimeout(timer); close(); dlg.remove(); } };
}

export { t };
