// The boards of a meeting, loaded on demand (members' phones never download
// this): agenda, people, roll call, speakers, votes. The chair gets the
// controls, the minute-taker the roll call marks and the gists, observers and
// guests the same boards read-only. One nav row jumps between them.
import { h, put, clear } from '../ui.js';
import { addStrings } from '../i18n.js';
import strings from './strings-vi.js';
import * as agenda from './agenda.js';
import * as roles from './roles.js';
import * as rollcall from './rollcall.js';
import * as speakers from './speakers.js';
import * as vote from './vote.js';
import * as ballot from './ballot.js';
import { styled as ballotStyled } from './ballot-base.js';

const PARTS = [['agenda', agenda, 'board.agenda'], ['roles', roles, 'board.roles'], ['roll', rollcall, 'board.roll'],
  ['speak', speakers, 'board.speak'], ['vote', vote, 'board.vote'], ['ballot', ballot, 'board.ballot']];
// Fetched when the boards first draw: the minutes (editor for the minute-taker
// and the chair, the draft for the others) and an observer's report form.
const LAZY = [
  ['minutes', () => import('./minutes.js'), 'board.minutes', () => true],
  ['report', () => import('./observer-report.js'), 'board.report', (api) => api.ctx.me?.role === 'observer'],
];

addStrings(strings);

// The boards' stylesheets (board.css, and ballot.css for secret ballots);
// resolves when they apply (or failed: the boards still work unstyled).
export const styled = Promise.all([new Promise((resolve) => {
  if (document.querySelector('link[data-board]')) { resolve(); return; }
  const link = h('link', { rel: 'stylesheet', href: 'board.css', 'data-board': '' });
  link.addEventListener('load', resolve);
  link.addEventListener('error', resolve);
  document.head.append(link);
}), ballotStyled]);

export function mount(box, api) {
  const views = [];
  const nav = h('nav', { class: 'board-nav', taria: 'board.nav' });
  put(clear(box), nav);
  // "Rate this member" on an agenda item opens the ballot board's form.
  const shared = { ...api, rate: (member) => views.find((x) => x.name === 'ballot')?.v.rate(member) };
  for (const [name, mod, key] of PARTS) {
    const sec = h('section', {});
    put(box, sec);
    const v = mod.mount(sec, shared);
    const link = h('a', { href: '#b-' + name, t: key });
    link.addEventListener('click', (e) => { e.preventDefault(); sec.scrollIntoView({ block: 'start' }); });
    put(nav, link);
    views.push({ name, sec, link, v });
  }
  let last = null, gone = false;
  for (const [name, load, key, want] of LAZY) {
    if (!want(api)) continue;
    const sec = h('section', { class: 'card board', id: 'b-' + name }, h('p', { class: 'loading', t: 'ui.loading' }));
    put(box, sec);
    const link = h('a', { href: '#b-' + name, t: key });
    link.addEventListener('click', (e) => { e.preventDefault(); sec.scrollIntoView({ block: 'start' }); });
    put(nav, link);
    const x = { name, sec, link, v: null };
    views.push(x);
    load().then(async (mod) => {
      await mod.styled;
      if (gone) return;
      x.v = mod.mount(sec, shared);
      if (last) x.v.update(last);
    }, () => { sec.textContent = ''; });
  }

  function update(s) {
    last = s;
    nav.hidden = s.status === 'scheduled';
    for (const x of views) {
      // Before the meeting opens only the agenda can be prepared.
      const hide = s.status === 'scheduled' && x.name !== 'agenda';
      x.sec.hidden = hide;
      x.link.hidden = hide;
      if (x.v) x.v.update(s);
    }
  }

  return {
    update,
    tick(now) { for (const x of views) if (x.v?.tick) x.v.tick(now); },
    destroy() { gone = true; for (const x of views) x.v?.destroy(); },
  };
}
