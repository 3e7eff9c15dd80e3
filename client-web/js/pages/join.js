// #/j/<token> — a member (or guest) opening their personal join link. The
// token lives in the URL fragment (never sent to the server's logs) and in
// localStorage, so a reload or a reconnect keeps working.
import { h, clear, errorBox, showError } from '../ui.js';

export function mount(view, ctx) {
  const token = ctx.params.token;
  let inner = null;
  let gone = false;

  async function showRoom() {
    const mod = await ctx.loadPage('room');
    if (gone || !ctx.alive()) return;
    clear(view);
    inner = mod.mount(view, Object.assign(Object.create(ctx), { params: { meeting: ctx.me.meeting } }));
  }

  function revoked() {
    clear(view).append(h('div', { class: 'card narrow center' },
      h('h1', { t: 'join.revoked.title' }),
      h('p', { t: 'join.revoked.body' }),
      h('p', { class: 'muted', t: 'join.revoked.hint' })));
  }

  function failed(err) {
    const box = errorBox();
    const again = h('button', { type: 'button', class: 'btn primary', t: 'ui.retry' });
    again.addEventListener('click', start);
    clear(view).append(h('div', { class: 'card narrow' }, h('h1', { t: 'join.title' }), box, again));
    showError(box, err);
  }

  function start() {
    clear(view).append(h('p', { class: 'loading', t: 'join.entering' }));
    ctx.conn.start({ join: token }).then((res) => {
      if (gone || !ctx.alive()) return;
      ctx.joinSession(token, res.me);
      showRoom();
    }, (err) => {
      if (gone || !ctx.alive() || err.code === 'not_connected') return;
      if (err.code === 'auth_failed' || err.code === 'token_expired') { ctx.forgetJoin(); revoked(); } else failed(err);
    });
  }

  if (ctx.kind === 'join' && ctx.conn.auth?.join === token && ctx.me) showRoom();
  else start();
  return () => { gone = true; if (inner) inner(); };
}
