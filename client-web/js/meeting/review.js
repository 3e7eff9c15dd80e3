// A member's self-review for the annual review (bản tự kiểm điểm, PROTOCOL.md
// review.*; DOMAIN.md "Annual review"): the text and a self-rating, and a
// PDF/DOCX attached in chunks the frame limit allows, before or during the
// meeting. Loaded only for annual-review meetings.
import { addStrings } from '../i18n.js';
import strings from './strings-ballot-vi.js';
import { h, put, clear, setT, errorBox, showError, select, toast } from '../ui.js';

addStrings(strings);

export const LEVELS = ['excellent', 'good', 'completed', 'not_completed'];
const CHUNK = 36 * 1024;  // bytes per review.upload chunk: 48 KiB of base64

function toBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

// Sends `file` in chunks; resumes from the server's count after a conflict.
export async function upload(conn, meeting, member, file, progress) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let offset = 0;
  while (offset < bytes.length) {
    const args = { meeting, name: file.name, mime: file.type, size: bytes.length, offset,
      data: toBase64(bytes.subarray(offset, offset + CHUNK)) };
    if (member != null) args.member = member;
    let r;
    try {
      r = await conn.request('review.upload', args);
    } catch (e) {
      if (e?.code === 'conflict' && e.details?.reason === 'offset' && e.details.received < offset) {
        offset = e.details.received;
        continue;
      }
      throw e;
    }
    offset = r.received ?? bytes.length;
    progress(Math.min(offset, bytes.length) / bytes.length);
  }
}

// Downloads a member's attached file (review.file chunks) as a Blob link.
export async function download(conn, meeting, member) {
  const parts = [];
  let offset = 0, size = 1, name = 'tu-kiem-diem', mime = 'application/octet-stream';
  while (offset < size) {
    const r = await conn.request('review.file', { meeting, member, offset });
    size = r.size; name = r.name; mime = r.mime;
    const bin = atob(r.data);
    if (!bin.length) break;
    const chunk = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; ++i) chunk[i] = bin.charCodeAt(i);
    parts.push(chunk);
    offset += chunk.length;
  }
  const a = h('a', { href: URL.createObjectURL(new Blob(parts, { type: mime })), download: name });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

// Everyone's submitted self-reviews, to read and download (the board, and
// members' phones: DOMAIN.md, drafts reach participants before the meeting).
export function reviewList(s, conn, meeting, onError) {
  const ids = Object.keys(s.reviews);
  const list = h('ul', { class: 'review-list' });
  for (const mid of ids) {
    const r = s.reviews[mid];
    const text = h('div', { class: 'pre small', hidden: true });
    const read = h('button', { type: 'button', class: 'btn small ghost', t: 'review.read' });
    read.addEventListener('click', async () => {
      try {
        const got = (await conn.request('review.get', { meeting, member: Number(mid) })).review;
        text.textContent = got.text || '';
        text.hidden = false;
      } catch (e) { onError(e); }
    });
    const dl = r.file ? h('button', { type: 'button', class: 'btn small ghost', t: 'review.download', tp: { name: r.file.name } }) : null;
    if (dl) dl.addEventListener('click', () => download(conn, meeting, Number(mid)).catch(onError));
    put(list, h('li', {}, h('strong', {}, r.name || ''), ' ',
      r.self_rating ? h('span', { class: 'tag', t: 'review.self', tp: { level: r.self_rating } }) : null, ' ', read, dl, text));
  }
  return h('section', { class: 'reviews' }, h('h3', { t: 'review.listTitle', tp: { n: ids.length } }),
    ids.length ? list : h('p', { class: 'muted', t: 'review.none' }));
}

export function mount(box, api) {
  const { conn, id, me } = api;
  const member = Number(String(me).slice('member:'.length));
  let gone = false;
  let loaded = false;
  let shownReviews = null;

  const err = errorBox();
  const rating = select(LEVELS.map((l) => [l, 'rating.' + l]), 'good', { name: 'self-rating' });
  const text = h('textarea', { name: 'self-review', rows: 8, maxlength: 16000, tph: 'review.textPh' });
  const saveB = h('button', { type: 'submit', class: 'btn primary', t: 'review.save' });
  const file = h('input', { type: 'file', name: 'review-file', accept: '.pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
  const progress = h('progress', { max: 1, value: 0, hidden: true });
  const fileLine = h('p', { class: 'hint' });
  const state = h('p', { class: 'hint', role: 'status' });
  const form = h('form', { class: 'review-form', novalidate: true },
    h('label', { class: 'field' }, h('span', { t: 'review.selfRating' }), rating),
    h('label', { class: 'field' }, h('span', { t: 'review.text' }), text),
    saveB, h('label', { class: 'field' }, h('span', { t: 'review.file' }), file), progress, fileLine, state, err);
  const card = h('details', { class: 'card me-review' }, h('summary', { t: 'review.title' }), form);
  // Members by link have no board: the others' self-reviews are read here.
  const others = h('details', { class: 'card me-reviews', hidden: !api.isMemberLink }, h('summary', { t: 'review.others' }), h('div'));
  put(clear(box), card, others);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(err, null);
    saveB.disabled = true;
    try {
      await conn.request('review.submit', { meeting: id, self_rating: rating.value, text: text.value });
      toast('review.saved');
    } catch (er) { if (!gone) showError(err, er); }
    saveB.disabled = false;
  });
  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    if (!f) return;
    showError(err, null);
    progress.hidden = false;
    try {
      await upload(conn, id, null, f, (x) => { progress.value = x; });
      toast('review.uploaded');
    } catch (er) { if (!gone) showError(err, er); }
    progress.hidden = true;
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

  function update(s) {
    const mine = s.reviews[member];
    card.hidden = s.status === 'closed' && !mine;
    form.querySelectorAll('input, textarea, select, button').forEach((el) => { el.disabled = s.status === 'closed'; });
    if (mine && !loaded) loadMine();
    if (mine) {
      setT(state, 'review.submittedAt', { rating: mine.self_rating || '', chars: mine.chars });
      if (mine.file) setT(fileLine, 'review.fileIs', { name: mine.file.name, kb: Math.ceil(mine.file.size / 1024) });
    }
    fileLine.hidden = !mine?.file;
    state.hidden = !mine;
    if (!mine && !card.dataset.opened && s.status === 'scheduled') { card.open = true; card.dataset.opened = '1'; }
    if (api.isMemberLink && s.reviews !== shownReviews) {
      shownReviews = s.reviews;
      others.lastChild.replaceWith(h('div', {}, reviewList(s, conn, id, (e) => { if (!gone) showError(err, e); })));
    }
  }

  return { update, destroy() { gone = true; } };
}
