// The shell: header (connection, language, logout), hash routing, who is
// signed in. Pages are loaded on demand so a member opening a join link only
// downloads the room.
import { Conn } from './conn.js';
import { t, lang, setLang, relabel, ready } from './i18n.js';
import { h, clear, setT, errKey, errParams } from './ui.js';

const K_TOKEN = 'chibo.token', K_JOIN = 'chibo.join';
const store = {
  get: (k) => { try { return localStorage.getItem(k); } catch { return null; } },
  set: (k, v) => { try { localStorage.setItem(k, v); } catch { /* private mode */ } },
  del: (k) => { try { localStorage.removeItem(k); } catch { /* ignore */ } },
};

const wsUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
const conn = new Conn(wsUrl);
window.chibo = { conn };  // for debugging from the console (and the browser tests)

const view = document.getElementById('view');
const pages = {
  login: () => import('./pages/login.js'),
  home: () => import('./pages/home.js'),
  roster: () => import('./pages/roster.js'),
  meetings: () => import('./pages/meetings.js'),
  room: () => import('./pages/room.js'),
  join: () => import('./pages/join.js'),
};

// A member opening a join link needs the room: fetch it while the socket
// connects instead of after (one round trip less on a slow 3G line).
if (/^#\/j\//.test(location.hash)) { pages.join().catch(() => {}); pages.room().catch(() => {}); }

let me = null;          // hello's `me`
let kind = null;        // 'account' | 'join'
let cleanup = null;     // the mounted page's teardown
let routeSeq = 0;
let loginNote = null;   // why the user was sent back to the login screen
let unitsP = null;

// --- header -------------------------------------------------------------------

const connBtn = document.getElementById('conn');
const connLabel = document.getElementById('conn-label');
const STATE_KEYS = { idle: 'conn.idle', connecting: 'conn.connecting', ready: 'conn.ready', retrying: 'conn.retrying', down: 'conn.down' };
function showConn({ state, attempts }) {
  connBtn.dataset.state = state;
  setT(connLabel, STATE_KEYS[state] || 'conn.idle', { n: attempts });
  connBtn.setAttribute('aria-live', 'polite');
}
conn.on('state', showConn);
connBtn.addEventListener('click', () => conn.kick());
connBtn.dataset.ttitle = 'conn.tap';

for (const b of document.querySelectorAll('[data-lang]')) {
  b.addEventListener('click', () => setLang(b.dataset.lang));
}
function showLang() {
  for (const b of document.querySelectorAll('[data-lang]')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang()));
}
addEventListener('chibo:lang', showLang);

const logoutBtn = document.getElementById('logout');
setT(logoutBtn, 'nav.logout');
logoutBtn.addEventListener('click', async () => {
  logoutBtn.disabled = true;
  await conn.logout();
  logoutBtn.disabled = false;
  store.del(K_TOKEN);
  store.del(K_JOIN);  // leaving this device: forget any meeting link opened here too
  setSession(null, null);
  go('#/login');
});

function setSession(k, m) {
  kind = k;
  me = m;
  unitsP = null;
  logoutBtn.hidden = k !== 'account';
}

// --- routing ------------------------------------------------------------------

export function go(hash, replace) {
  if (location.hash === hash) { route(); return; }
  if (replace) { history.replaceState(null, '', hash); route(); } else location.hash = hash;
}

function parseRoute() {
  const p = location.hash.replace(/^#/, '') || '/';
  let m;
  if (p === '/' || p === '') return { name: 'home' };
  if (p === '/login') return { name: 'login' };
  if ((m = /^\/j\/([A-Za-z0-9_-]{10,200})$/.exec(p))) return { name: 'join', token: m[1] };
  if ((m = /^\/cell\/(\d+)\/roster$/.exec(p))) return { name: 'roster', cell: +m[1] };
  if ((m = /^\/cell\/(\d+)\/meetings$/.exec(p))) return { name: 'meetings', cell: +m[1] };
  if ((m = /^\/meeting\/(\d+)$/.exec(p))) return { name: 'room', meeting: +m[1] };
  return { name: 'notfound' };
}

function unmount() {
  if (cleanup) { try { cleanup(); } catch (e) { console.error(e); } }
  cleanup = null;
}

function loading() {
  clear(view).append(h('p', { class: 'loading', t: 'ui.loading' }));
}

async function route() {
  const seq = ++routeSeq;
  const r = parseRoute();
  unmount();
  if (r.name === 'join') { await mount('join', r, seq); return; }
  if (r.name === 'login') {
    if (kind === 'account' && me) { go('#/', true); return; }
    await mount('login', r, seq);
    return;
  }
  if (kind !== 'account' || !me) {
    const token = store.get(K_TOKEN);
    if (!token) {
      const j = store.get(K_JOIN);
      if (j && r.name === 'home') go('#/j/' + j, true);
      else go('#/login', true);
      return;
    }
    loading();
    try {
      const res = await conn.start({ token });
      if (seq !== routeSeq) return;
      setSession('account', res.me);
    } catch (err) {
      if (seq !== routeSeq) return;
      if (err.code === 'not_connected') return;  // superseded by another start
      store.del(K_TOKEN);
      loginNote = err.code === 'token_expired' ? { code: 'session_expired' } : null;
      go('#/login', true);
      return;
    }
  }
  if (r.name === 'notfound') { notFound(); return; }
  await mount(r.name, r, seq);
}

async function mount(name, params, seq) {
  let mod;
  try { mod = await pages[name](); } catch (e) {
    if (seq === routeSeq) { clear(view).append(h('p', { class: 'error', t: 'err.load' })); }
    return;
  }
  if (seq !== routeSeq) return;
  clear(view);
  window.scrollTo(0, 0);
  const c = mod.mount(view, ctx(params, seq));
  cleanup = typeof c === 'function' ? c : null;
}

function notFound() {
  clear(view).append(h('div', { class: 'card' }, h('h1', { t: 'nf.title' }), h('a', { href: '#/', class: 'btn', t: 'nf.home' })));
}

// What pages get to work with.
function ctx(params, seq) {
  return {
    conn,
    params,
    get me() { return me; },
    get kind() { return kind; },
    canEdit: () => kind === 'account' && (me?.role === 'secretary' || me?.role === 'district_admin'),
    alive: () => seq === routeSeq,
    go,
    units: () => (unitsP ||= conn.request('org.units').then((r) => r.units || []).catch((e) => { unitsP = null; throw e; })),
    loggedIn(res) { store.set(K_TOKEN, res.session?.token || ''); setSession('account', res.me); loginNote = null; go('#/', true); },
    takeLoginNote() { const n = loginNote; loginNote = null; return n; },
    joinSession(token, m) { store.set(K_JOIN, token); setSession('join', m); },
    forgetJoin() { store.del(K_JOIN); setSession(null, null); },
    loadPage: (n) => pages[n](),
  };
}

// The server ended the session or revoked the link.
conn.on('authlost', ({ reason }) => {
  const k = kind;
  setSession(null, null);
  if (k === 'join') { route(); return; }  // the join page explains
  store.del(K_TOKEN);
  loginNote = { code: reason === 'token_expired' ? 'session_expired' : 'session_ended' };
  go('#/login', true);
});

await ready;
addEventListener('hashchange', route);
document.documentElement.lang = lang();
showLang();
showConn({ state: 'idle', attempts: 0 });
// Texts written into index.html are replaced by keyed ones.
document.querySelector('.lang').dataset.taria = 'nav.lang';
relabel(document);
route();

export { t, errKey, errParams };
