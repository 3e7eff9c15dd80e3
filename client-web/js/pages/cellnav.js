// The heading shared by a cell's pages: cell name and the two tabs.
import { h } from '../ui.js';
import { t } from '../i18n.js';

export function cellHeader(ctx, cell, active) {
  const name = h('h1', { class: 'cell-name' }, '\u00a0');
  ctx.units().then((us) => {
    const u = us.find((x) => x.id === cell);
    if (u) name.textContent = u.name;
    else { name.dataset.t = 'cell.n'; name._tp = { id: cell }; name.textContent = t('cell.n', { id: cell }); }
  }, () => {});
  const tab = (key, href, on) => h('a', { href, class: 'tab', 'aria-current': on ? 'page' : null, t: key });
  return h('div', { class: 'cellhead' },
    ctx.me?.role !== 'secretary' ? h('a', { href: '#/', class: 'back', t: 'nav.cells' }) : null,
    name,
    h('nav', { class: 'tabs', taria: 'nav.cellTabs' },
      tab('nav.meetings', `#/cell/${cell}/meetings`, active === 'meetings'),
      tab('nav.roster', `#/cell/${cell}/roster`, active === 'roster')));
}
