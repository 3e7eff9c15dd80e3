// #/ — the cells this account looks after. A secretary has one: go there.
import { h, clear, errorBox, showError } from '../ui.js';

export function mount(view, ctx) {
  const me = ctx.me;
  if (me.role === 'secretary' && me.cell) { ctx.go(`#/cell/${me.cell}/meetings`, true); return; }
  const err = errorBox();
  const list = h('div', { class: 'cells' }, h('p', { class: 'loading', t: 'ui.loading' }));
  view.append(h('h1', { t: 'home.hello', tp: { name: me.name || '' } }), err, list);

  ctx.units().then((units) => {
    if (!ctx.alive()) return;
    clear(list);
    const committees = units.filter((u) => u.kind !== 'cell');
    const cells = units.filter((u) => u.kind === 'cell');
    if (!cells.length) { list.append(h('p', { class: 'muted', t: 'home.none' })); return; }
    const groups = committees.length ? committees : [null];
    for (const c of groups) {
      const mine = c ? cells.filter((u) => u.parent === c.id) : cells;
      if (!mine.length) continue;
      if (c) list.append(h('h2', { class: 'group' }, c.name));
      for (const u of mine) {
        list.append(h('div', { class: 'card cell' },
          h('h3', {}, u.name),
          u.place ? h('p', { class: 'muted' }, u.place) : null,
          h('div', { class: 'row' },
            h('a', { class: 'btn', href: `#/cell/${u.id}/meetings`, t: 'nav.meetings' }),
            h('a', { class: 'btn', href: `#/cell/${u.id}/roster`, t: 'nav.roster' }))));
      }
    }
  }, (e) => { if (ctx.alive()) { clear(list); showError(err, e); } });
}
