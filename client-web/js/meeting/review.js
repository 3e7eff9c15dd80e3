// Self-reviews for the annual review (bản tự kiểm điểm; PROTOCOL.md review.*,
// DOMAIN.md "Annual review"). On a member's phone: their own text and
// self-rating, and a PDF/DOCX sent in chunks the frame limit allows, before
// or during the meeting; the self-review of the member under review now; and
// everyone's, to read before the meeting (DOMAIN.md: drafts reach
// participants ahead). On the boards: reviewActions() and reviewList().
// Loaded only for annual-review meetings.
import { h, put, clear, setT, errorBox, showError, select, toast } from '../ui.js';
import { currentItem } from './state.js';
import { whenReady } from './fmt.js';
import { styled } from './ballot-base.js';

export { styled };
export const LEVELS = ['excellent', 'good', 'completed', 'not_completed'];
const CHUNK = 36 * 1024;  // bytes per review.upload chunk: 48 KiB of base64, the protocol's limit
const MIME = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

function toBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

// The type the server wants, from the name when the phone does not say
// (some Android browsers give DOCX files no type).
export function mimeOf(file) {
  if (Object.values(MIME).includes(file.type)) return file.type;
  return MIME[(/\.([a-z]+)$/i.exec(file.name || '')?.[1] || '').toLowerCase()] || null;
}

// Sends `file` in chunks. A conflict on the offset (the server lost the
// upload, e.g. after a reconnect: it lives on the connection) resumes from
// what the server says it has; a dropped connection waits for the next one.
export async function upload(conn, meeting, member, file, progress) {
  const mime = mimeOf(file);
  if (!mime) throw { code: 'review_type', local: true };
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!bytes.length) throw { code: 'review_empty', local: true };
  let offset = 0;
  let resumes = 0;
  progress(0);
  while (offset < bytes.length) {
    const args = { meeting, name: file.name, mime, size: bytes.length, offset, data: toBase64(bytes.subarray(offset, offset + CHUNK)) };
    if (member != null) args.member = member;
    let r;
    try {
      r = await conn.request('review.upload', args);
    } catch (e) {
      if (++resumes > 20) throw e;
      if (e?.code === 'conflict' && e.details?.reason === 'offset') {
        const got = e.details.received;
        offset = Number.isInteger(got) && got !== offset && got <= bytes.length ? got : 0;
        continue;
      }
      if (e?.local && (e.code === 'connection_lost' || e.code === 'offline')) {
        if (!conn.auth) throw e;
        await whenReady(conn, () => true);
        continue;  // the server answers with the offset it has
      }
      throw e;
    }
    offset = typeof r.received === 'number' ? r.received : bytes.length;
    progress(Math.min(offset, bytes.length) / bytes.length);
  }
}

// A member's attached file (review.file chunks) as a Blob URL.
export async function download(conn, meeting, member, progress = () => {}) {
  const parts = [];
  let offset = 0, size = 1, name = 'tu-kiem-diem', mime = 'application/octet-stream';
  while (offset < size) {
    const r = await conn.request('review.file', { meeting, member, offset });
    size = r.size; name = r.name || name; mime = r.mime || mime;
    const bin = atob(r.data || '');
    if (!bin.length) break;
    const chunk = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; ++i) chunk[i] = bin.charCodeAt(i);
    parts.push(chunk);
    offset += chunk.length;
    progress(Math.min(1, offset / size));
  }
  return { url: URL.createObjectURL(new Blob(parts, { type: mime })), name, size: offset };
}

const kb = (n) => Math.max(1, Math.ceil((n || 0) / 1024));

// Read and download one member's self-review: `r` is their review.submitted
// data (as folded). The text is fetched when asked for (review.get).
export function reviewActions(r, conn, meeting, onError) {
  const mid = Number(r.member);
  const panel = h('div', { class: 'review-text', hidden: true });
  const read = h('button', { type: 'button', class: 'btn small', 'aria-expanded': 'false', t: 'review.read' });
  read.addEventListener('click', async () => {
    if (!panel.hidden) { panel.hidden = true; read.setAttribute('aria-expanded', 'false'); setT(read, 'review.read'); return; }
    read.disabled = true;
    try {
      const got = (await conn.request('review.get', { meeting, member: mid })).review;
      put(clear(panel),
        got.self_rating ? h('p', { class: 'small', t: 'review.self', tp: { level: got.self_rating } }) : null,
        got.text ? h('div', { class: 'pre' }, got.text) : h('p', { class: 'muted', t: 'review.noText' }));
      panel.hidden = false;
      read.setAttribute('aria-expanded', 'true');
      setT(read, 'review.hide');
    } catch (e) { onError(e); }
    read.disabled = false;
  });
  const acts = h('div', { class: 'row review-acts' }, read);
  if (r.file) {
    const dl = h('button', { type: 'button', class: 'btn small', t: 'review.download', tp: { name: r.file.name, kb: kb(r.file.size) } });
    dl.addEventListener('click', async () => {
      dl.disabled = true;
      try {
        const f = await download(conn, meeting, mid, (x) => setT(dl, 'review.downloading', { pct: Math.round(x * 100) }));
        // A real link stays (long-press, share, open again); it is also followed once.
        const a = h('a', { class: 'btn small primary', href: f.url, download: f.name, t: 'review.saveFile', tp: { name: f.name } });
        dl.replaceWith(a);
        a.click();
      } catch (e) {
        onError(e);
        dl.disabled = false;
        setT(dl, 'review.download', { name: r.file.name, kb: kb(r.file.size) });
      }
    });
    put(acts, dl);
  }
  return h('div', { class: 'review-box' }, acts, panel);
}

// Everyone under review, with their self-review to read and download, or
// "not submitted": the members of the agenda's member_review items, then
// anyone else who submitted.
export function reviewList(s, conn, meeting, onError) {
  const ids = s.agenda.filter((x) => x.member != null).map((x) => String(x.member));
  for (const mid of Object.keys(s.reviews)) if (!ids.includes(mid)) ids.push(mid);
  const list = h('ul', { class: 'review-list' });
  for (const mid of ids) {
    const r = s.reviews[mid];
    const name = r?.name || s.agenda.find((x) => String(x.member) === mid)?.title.replace(/^Kiểm điểm đồng chí\s*/, '') || '';
    put(list, h('li', { 'data-member': mid },
      h('div', { class: 'review-who' }, h('strong', {}, name), ' ',
        r ? [r.self_rating ? h('span', { class: 'tag', t: 'review.self', tp: { level: r.self_rating } }) : null,
          r.file ? h('span', { class: 'tag tag-off', t: 'review.hasFile' }) : null]
          : h('span', { class: 'tag tag-warn', t: 'review.notYet' })),
      r ? reviewActions(r, conn, meeting, onError) : null));
  }
  const n = Object.keys(s.reviews).length;
  return h('section', { class: 'reviews' }, h('h3', { t: 'review.listTitle', tp: { n, of: ids.length } }),
    ids.length ? list : h('p', { class: 'muted', t: 'review.none' }));
}

export function mount(box, api) {
  const { conn, id, me } = api;
  const member = Number(String(me).slice('member:'.length));
  let gone = false;
  let loaded = false;
  let busy = false;

  const err = errorBox();
  const rating = select(LEVELS.map((l) => [l, 'rating.' + l]), 'good', { name: 'self-rating' });
  const text = h('textarea', { name: 'self-review', rows: 8, maxlength: 16000, tph: 'review.textPh' });
  const saveB = h('button', { type: 'submit', class: 'btn primary', t: 'review.saveText' });
  const file = h('input', { type: 'file', name: 'review-file', class: 'sr-only', accept: '.pdf,.docx,application/pdf,' + MIME.docx });
  const pick = h('label', { class: 'btn file-pick' }, file, h('span', { t: 'review.pick' }));
  const progress = h('progress', { max: 1, value: 0, hidden: true });
  const progressText = h('span', { class: 'hint', hidden: true });
  const fileLine = h('p', { class: 'hint' });
  const state = h('p', { class: 'review-state', role: 'status' });
  const form = h('form', { class: 'review-form', novalidate: true },
    h('label', { class: 'field' }, h('span', { t: 'review.selfRating' }), rating),
    h('label', { class: 'field' }, h('span', { t: 'review.text' }), text),
    saveB,
    h('div', { class: 'field file-field' }, h('span', { class: 'label', t: 'review.file' }), pick, progress, progressText, fileLine),
    state, err);
  const card = h('details', { class: 'card me-review' }, h('summary', { t: 'review.title' }), form);
  // The member under review now (their agenda item is current).
  const nowBox = h('section', { class: 'card me-now-review', hidden: true });
  // Members by link have no board: everyone's self-reviews are read here.
  const othersBody = h('div');
  const others = h('details', { class: 'card me-reviews', hidden: !api.isMemberLink }, h('summary', { t: 'review.others' }), othersBody);
  put(clear(box), nowBox, card, others);
  const onError = (e) => { if (!gone) showError(err, e); };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(err, null);
    saveB.disabled = true;
    try {
      await conn.request('review.submit', { meeting: id, self_rating: rating.value, text: text.value });
      toast('review.saved');
    } catch (er) { onError(er); }
    saveB.disabled = false;
  });
  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    if (!f || busy) return;
    showError(err, null);
    busy = true;
    pick.classList.add('disabled');
    progress.hidden = progressText.hidden = false;
    try {
      await upload(conn, id, null, f, (x) => {
        progress.value = x;
        setT(progressText, 'review.uploading', { pct: Math.round(x * 100), name: f.name });
      });
      toast('review.uploaded');
    } catch (er) { onError(er); }
    busy = false;
    pick.classList.remove('disabled');
    progress.hidden = progressText.hidden = true;
    file.value = '';
  });

  async function loadMine() {
    loaded = true;
    try {
      const r = (await conn.request('review.get', { meeting: id, member })).review;
      if (gone) return;
      if (r.self_rating) rating.value = r.self_rating;
      if (!text.value) text.value = r.text || '';
    } catch { /* nothing submitted yet */ }
  }

  let shown = {};
  function update(s) {
    const mine = s.reviews[member];
    const closed = s.status === 'closed';
    card.hidden = closed && !mine;
    for (const el of form.querySelectorAll('input, textarea, select, button')) el.disabled = closed;
    if (mine && !loaded) loadMine();
    state.hidden = !mine;
    if (mine) setT(state, 'review.submittedAt', { rating: mine.self_rating || '', chars: mine.chars });
    fileLine.hidden = !mine?.file;
    if (mine?.file) setT(fileLine, 'review.fileIs', { name: mine.file.name, kb: kb(mine.file.size) });
    if (!mine && !card.dataset.opened && s.status === 'scheduled') { card.open = true; card.dataset.opened = '1'; }

    // Redraw the lists only when what they show changed (an open text stays open).
    const item = currentItem(s);
    const under = item?.member != null && String(item.member) !== String(member) && s.status === 'open' ? String(item.member) : null;
    const lang = api.lang();
    if (shown.under !== under || shown.reviews !== s.reviews || shown.lang !== lang) {
      nowBox.hidden = !under;
      if (under) {
        const r = s.reviews[under];
        const name = r?.name || item.title.replace(/^Kiểm điểm đồng chí\s*/, '');
        put(clear(nowBox), h('h2', { t: 'review.nowTitle', tp: { name } }),
          r ? [r.self_rating ? h('p', { t: 'review.self', tp: { level: r.self_rating } }) : null, reviewActions(r, conn, id, onError)]
            : h('p', { class: 'muted', t: 'review.notSubmitted' }));
      }
    }
    if (api.isMemberLink && (shown.reviews !== s.reviews || shown.agenda !== s.agenda || shown.lang !== lang)) {
      put(clear(othersBody), reviewList(s, conn, id, onError));
    }
    shown = { under, reviews: s.reviews, agenda: s.agenda, lang };
  }

  return { update, destroy() { gone = true; } };
}
