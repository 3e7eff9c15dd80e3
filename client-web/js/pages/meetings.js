// #/cell/<id>/meetings — the cell's meetings, newest first, and a form to
// schedule one.
import { h, clear, field, select, dateInput, parseDate, parseTime, fmtDate, todayIso, splitStarts, errorBox, showError, toast } from '../ui.js';
import { t } from '../i18n.js';
import { cellHeader } from './cellnav.js';

export const MEETING_KINDS = ['regular', 'thematic', 'annual_review', 'admission', 'discipline', 'election'];

// Suggested titles: documents are Vietnamese whatever the interface language.
function suggestTitle(kind, iso) {
  const m = /^(\d{4})-(\d{2})/.exec(iso || todayIso());
  const month = +m[2], year = m[1];
  switch (kind) {
    case 'thematic': return `Sinh hoạt chuyên đề tháng ${month}/${year}`;
    case 'annual_review': return `Kiểm điểm, đánh giá, xếp loại đảng viên năm ${year}`;
    case 'admission': return 'Xét kết nạp đảng viên';
    case 'discipline': return 'Xem xét thi hành kỷ luật đảng viên';
    case 'election': return 'Bầu cử chi ủy, bí thư chi bộ';
    default: return `Sinh hoạt chi bộ thường kỳ tháng ${month}/${year}`;
  }
}

export function meetingWhen(mt) {
  const s = splitStarts(mt.starts_at);
  return h('span', { t: 'meeting.when', tp: { time: s.time, date: s.date, wd: s.wd } });
}

export function mount(view, ctx) {
  const cell = ctx.params.cell;
  const edit = ctx.canEdit();
  const conn = ctx.conn;
  const err = errorBox();
  const panel = h('div', { class: 'panel-slot' });
  const list = h('ul', { class: 'meetings' }, h('li', { class: 'loading', t: 'ui.loading' }));
  const createBtn = h('button', { type: 'button', class: 'btn primary', t: 'meetings.create' });
  createBtn.addEventListener('click', openForm);
  // The resolution book and each closed meeting's minutes: fetched on demand.
  const bookBtn = h('button', { type: 'button', class: 'btn', t: 'meetings.book' });
  const bookBox = h('div', { class: 'panel-slot' });
  let years = [];
  bookBtn.addEventListener('click', () => {
    bookBtn.disabled = true;
    import('./resolutions.js').then(async (mod) => {
      await mod.styled;
      if (!ctx.alive()) return;
      mod.mount(bookBox, ctx, cell, years, () => bookBtn.focus());
    }, (e) => showError(err, { code: 'load', local: true, e })).finally(() => { bookBtn.disabled = false; });
  });
  view.append(cellHeader(ctx, cell, 'meetings'),
    h('div', { class: 'toolbar' }, edit ? createBtn : null, bookBtn), panel, bookBox, err, list);

  // "Tải biên bản" under a closed meeting: the export buttons (meeting/minutes-doc.js).
  function minutesRow(mt) {
    const b = h('button', { type: 'button', class: 'btn small', t: 'meetings.minutes', 'aria-expanded': 'false' });
    const row = h('div', { class: 'mt-exports', 'data-meeting': mt.id }, b);
    b.addEventListener('click', () => {
      b.disabled = true;
      import('../meeting/minutes-doc.js').then(async (mod) => {
        await mod.styled;
        if (!ctx.alive()) return;
        b.remove();
        row.append(mod.exportBar(conn, { meeting: mt.id, what: 'minutes' }, { json: () => true }).el);
      }, (e) => { b.disabled = false; showError(err, { code: 'load', local: true, e }); });
    });
    return row;
  }

  async function load() {
    try {
      const r = await conn.request('meeting.list', { cell });
      if (!ctx.alive()) return;
      showError(err, null);
      clear(list);
      const ms = r.meetings || [];
      years = [...new Set(ms.map((mt) => +String(mt.starts_at || '').slice(0, 4)).filter(Boolean))];
      if (!ms.length) list.append(h('li', { class: 'muted', t: 'meetings.empty' }));
      for (const mt of ms) {
        list.append(h('li', {},
          h('a', { class: 'card meeting', href: `#/meeting/${mt.id}` },
            h('div', { class: 'row between' },
              h('span', { class: 'kind', t: 'mkind.' + mt.kind }),
              h('span', { class: 'badge st-' + mt.status, t: 'mstatus.' + mt.status })),
            h('strong', { class: 'title' }, mt.title),
            h('span', { class: 'muted' }, meetingWhen(mt)),
            mt.place ? h('span', { class: 'muted' }, mt.place) : null),
          mt.status === 'closed' ? minutesRow(mt) : null));
      }
    } catch (e) { if (ctx.alive()) { clear(list); showError(err, e); } }
  }

  function openForm() {
    const kind = select(MEETING_KINDS.map((k) => [k, 'mkind.' + k]), 'regular', { name: 'kind' });
    const date = dateInput(todayIso(), { name: 'date', required: true });
    const time = h('input', { name: 'time', type: 'text', inputmode: 'text', value: '19:30', tph: 'time.ph', autocomplete: 'off', required: true });
    const title = h('input', { name: 'title', value: suggestTitle('regular', todayIso()), maxlength: 200, required: true });
    const place = h('input', { name: 'place', maxlength: 500, tph: 'meeting.placePh' });
    const video = h('input', { name: 'video_url', type: 'url', inputmode: 'url', maxlength: 500, tph: 'meeting.videoPh', autocomplete: 'off' });
    let titleTouched = false;
    title.addEventListener('input', () => { titleTouched = true; });
    const retitle = () => { if (!titleTouched) title.value = suggestTitle(kind.value, parseDate(date.value) || todayIso()); };
    kind.addEventListener('change', retitle);
    date.addEventListener('change', retitle);
    date.addEventListener('blur', retitle);
    time.addEventListener('blur', () => { const v = parseTime(time.value); if (v) time.value = v; });
    const f = {
      kind: field('meeting.kind', kind), title: field('meeting.title', title),
      date: field('meeting.date', date, 'date.hint'), time: field('meeting.time', time, 'time.hint'),
      place: field('meeting.place', place), video_url: field('meeting.video', video, 'meeting.videoHint'),
    };
    const ferr = errorBox();
    const save = h('button', { type: 'submit', class: 'btn primary', t: 'meetings.createGo' });
    const cancel = h('button', { type: 'button', class: 'btn', t: 'ui.cancel' });
    const form = h('form', { class: 'card form', novalidate: true },
      h('h2', { t: 'meetings.createTitle' }),
      f.kind, f.title, h('div', { class: 'grid2' }, f.date, f.time), f.place, f.video_url, ferr,
      h('div', { class: 'row' }, save, cancel));
    cancel.addEventListener('click', () => clear(panel));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      showError(ferr, null);
      for (const x of Object.values(f)) x.setError(null);
      const d = parseDate(date.value), tm = parseTime(time.value);
      let url = video.value.trim();
      if (url && !/^[a-z][a-z0-9+.-]*:/i.test(url)) url = 'https://' + url;  // forgiving: "meet.jit.si/abc"
      let bad = false;
      if (!title.value.trim()) { f.title.setError('meeting.titleRequired'); bad = true; }
      if (!d) { f.date.setError(d === '' ? 'date.required' : 'date.bad', { v: date.value }); bad = true; }
      if (!tm) { f.time.setError(tm === '' ? 'time.required' : 'time.bad', { v: time.value }); bad = true; }
      if (url && !/^https?:\/\/\S+$/i.test(url)) { f.video_url.setError('meeting.videoBad'); bad = true; }
      if (bad) { form.querySelector('[aria-invalid]')?.focus(); return; }
      if (url) video.value = url;
      const args = { cell, kind: kind.value, title: title.value.trim(), starts_at: `${d}T${tm}`, place: place.value.trim(), video_url: url };
      save.disabled = true;
      try {
        const r = await conn.request('meeting.create', args);
        if (!ctx.alive()) return;
        toast('meetings.created', { title: args.title });
        ctx.go(`#/meeting/${r.meeting.id}`);
      } catch (er) {
        if (!ctx.alive()) return;
        const key = { starts_at: 'date', video_url: 'video_url', title: 'title', place: 'place', kind: 'kind' }[er.details?.field];
        if (er.code === 'invalid_args' && key) f[key].setError('err.server', { message: er.message, message_en: er.message_en });
        else showError(ferr, er);
      } finally { save.disabled = false; }
    });
    clear(panel).append(form);
    form.scrollIntoView({ block: 'start' });
    kind.focus();
  }

  load();
}

export { fmtDate, t };
