// The resolution book (sổ ghi nghị quyết chi bộ) of a cell, loaded on demand
// from the meetings page: a year, the resolutions adopted in it
// (resolutions.list: every named vote with a resolution text that passed, in
// date order) and the book as DOCX or PDF (export.create what "resolutions").
import { h, put, clear, setT, errorBox, showError, fmtDate } from '../ui.js';
import * as mdoc from '../meeting/minutes-doc.js';

export const styled = mdoc.styled;

// years: the years the cell has meetings in (newest first).
export function mount(box, ctx, cell, years, onClose) {
  const conn = ctx.conn;
  const now = new Date().getFullYear();
  const ys = [...new Set([now, ...years])].sort((a, b) => b - a);
  const pick = years.length ? Math.max(...years.filter((y) => y <= now), Math.min(...years)) : now;
  const year = h('select', { name: 'res-year', id: 'res-year' }, ys.map((y) => h('option', { value: String(y), selected: y === pick }, String(y))));
  const err = errorBox();
  const count = h('p', { class: 'muted', role: 'status' });
  const list = h('ol', { class: 'res-list' });
  const closeB = h('button', { type: 'button', class: 'btn', t: 'res.close' });
  const exports = h('div', {});
  const card = h('section', { class: 'card res-book', 'aria-labelledby': 'res-h' },
    h('div', { class: 'row between' }, h('h2', { id: 'res-h', t: 'res.title' }), closeB),
    h('p', { class: 'hint', t: 'res.lead' }),
    h('div', { class: 'row res-year' }, h('div', { class: 'field' }, h('label', { for: 'res-year', t: 'res.year' }), year)),
    err, count, list, exports);
  put(clear(box), card);
  closeB.addEventListener('click', () => { clear(box); if (onClose) onClose(); });
  let seq = 0;

  async function load() {
    const y = +year.value;
    const mine = ++seq;
    showError(err, null);
    clear(list).append(h('li', { class: 'loading', t: 'ui.loading' }));
    clear(exports).append(mdoc.exportBar(conn, { cell, year: y, what: 'resolutions' }, { formats: ['docx', 'pdf'] }).el);
    try {
      const r = await conn.request('resolutions.list', { cell, year: y }, { read: true });
      if (mine !== seq || !ctx.alive()) return;
      const rs = r.resolutions || [];
      clear(list);
      setT(count, 'res.count', { n: rs.length });
      if (!rs.length) put(list, h('li', { class: 'muted', t: 'res.none' }));
      for (const x of rs) {
        put(list, h('li', { 'data-meeting': x.meeting },
          h('div', { class: 'res-head' }, h('span', {}, fmtDate(x.date)), x.title ? h('a', { href: '#/meeting/' + x.meeting }, x.title) : null),
          h('p', { class: 'res-subject' }, x.subject || ''),
          x.text ? h('p', { class: 'res-text' }, x.text) : null,
          h('p', { class: 'res-votes', t: 'res.votes', tp: { f: x.for, den: x.denominator, a: x.against, ab: x.abstain } })));
      }
    } catch (e) { if (mine === seq && ctx.alive()) { clear(list); showError(err, e); } }
  }
  year.addEventListener('change', load);
  load();
  card.scrollIntoView({ block: 'start' });
  year.focus();
}
