// The chair's join-links panel in the meeting room: one personal link per
// member, shown once, to send by Zalo or SMS; guest and observer links.
import { h, clear, setT, field, errorBox, showError, confirmBox, toast, copyText, fmtClock } from '../ui.js';
import { t } from '../i18n.js';

export function mount(box, ctx, meetingId, state) {
  const conn = ctx.conn;
  let issued = [];               // link.list
  const fresh = new Map();       // 'm:<member>' | 'g:<link id>' -> link with token (this page only)
  let gone = false;

  const err = errorBox();
  const all = h('button', { type: 'button', class: 'btn primary block', t: 'links.all' });
  const list = h('ul', { class: 'links' });
  const guests = h('ul', { class: 'links' });
  clear(box).append(
    h('h2', { t: 'links.title' }),
    h('div', { class: 'warn-box' }, h('p', { t: 'links.once' }), h('p', { t: 'links.reissue' })),
    all, err, list,
    h('h3', { t: 'links.guestsTitle' }), guests, guestForm());
  all.addEventListener('click', issueAll);

  async function refresh() {
    try {
      const r = await conn.request('link.list', { meeting: meetingId });
      if (gone) return;
      issued = r.links || [];
      render();
    } catch (e) { if (!gone) showError(err, e); }
  }

  const activeFor = (memberId) => issued.filter((l) => l.member === memberId && !l.revoked).pop();
  const url = (l) => location.origin + (l.path || '/#/j/' + l.token);

  function render() {
    const { parts } = state();
    clear(list);
    for (const p of parts.filter((x) => String(x.id).startsWith('member:'))) {
      const mid = +String(p.id).slice(7);
      list.append(row(p.name, null, fresh.get('m:' + mid), activeFor(mid), () => issueOne(mid, p.name)));
    }
    clear(guests);
    const gl = issued.filter((l) => l.member == null && !l.revoked);
    for (const l of gl) guests.append(row(l.name, l.title, fresh.get('g:' + l.id), l, null, l.observer));
    for (const [k, l] of fresh) {
      if (k.startsWith('g:') && !gl.some((x) => 'g:' + x.id === k)) guests.append(row(l.name, l.title, l, null, null, l.observer));
    }
  }

  // One person: name and state, then the fresh link (copy / share) if any,
  // then reissue / revoke.
  function row(name, title, link, active, reissue, observer) {
    const li = h('li', { class: 'link-row' + (link ? ' fresh' : '') },
      h('div', { class: 'row between' },
        h('span', {}, h('strong', {}, name), title ? h('span', { class: 'muted small' }, ' · ', title) : null,
          observer ? [' ', h('span', { class: 'tag', t: 'prole.observer' })] : null),
        h('span', { class: 'link-state', t: link ? 'links.new' : active ? 'links.sent' : 'links.none', tp: { at: when(active?.created) } })));
    const acts = [];
    if (link) {
      const u = url(link);
      const input = h('input', { class: 'link-url', readonly: true, value: u, taria: 'links.urlFor' });
      input.addEventListener('focus', () => input.select());
      const copy = h('button', { type: 'button', class: 'btn small primary', t: 'links.copy' });
      copy.addEventListener('click', async () => {
        if (await copyText(u, input)) { setT(copy, 'links.copied'); toast('links.copiedFor', { name }); } else toast('links.copyManual');
      });
      acts.push(copy);
      if (navigator.share) {
        const share = h('button', { type: 'button', class: 'btn small', t: 'links.share' });
        share.addEventListener('click', () => {
          const m = state().meeting;
          navigator.share({ title: m?.title || 'chibo', text: t('links.shareText', { name, title: m?.title || '' }), url: u }).catch(() => {});
        });
        acts.push(share);
      }
      li.append(input);
    }
    if (reissue) acts.push(reBtn(reissue, !active && !link));
    if (active) acts.push(revokeBtn(active, name));
    if (acts.length) li.append(h('div', { class: 'row' }, acts));
    return li;
  }

  function reBtn(fn, first) {
    return h('button', { type: 'button', class: first ? 'btn small' : 'btn small ghost', t: first ? 'links.make' : 'links.again', on: { click: fn } });
  }

  function revokeBtn(l, name) {
    return h('button', { type: 'button', class: 'btn small ghost danger-text', t: 'links.revoke', on: { click: async () => {
      if (!await confirmBox('links.confirmRevoke', { name }, 'links.revoke', true)) return;
      try {
        await conn.request('link.revoke', { meeting: meetingId, link: l.id });
        for (const [k, f] of fresh) if (f.id === l.id) fresh.delete(k);
        toast('links.revoked', { name });
        refresh();
      } catch (e) { showError(err, e); }
    } } });
  }

  const when = (c) => (typeof c === 'number' ? fmtClock(c) : c ? String(c).replace('T', ' ').slice(0, 16) : '');

  async function issueAll() {
    showError(err, null);
    if (issued.some((l) => l.member != null && !l.revoked)
        && !await confirmBox('links.confirmAll', null, 'links.all', true)) return;
    all.disabled = true;
    try {
      const r = await conn.request('link.issue', { meeting: meetingId, all: true });
      if (gone) return;
      for (const l of r.links || []) fresh.set('m:' + l.member, l);
      toast('links.madeAll', { n: (r.links || []).length });
      await refresh();
    } catch (e) { showError(err, e); } finally { all.disabled = false; }
  }

  async function issueOne(member, name) {
    showError(err, null);
    if (activeFor(member) && !await confirmBox('links.confirmOne', { name }, 'links.again', true)) return;
    try {
      const r = await conn.request('link.issue', { meeting: meetingId, member });
      if (gone) return;
      for (const l of r.links || []) fresh.set('m:' + l.member, l);
      await refresh();
    } catch (e) { showError(err, e); }
  }

  function guestForm() {
    const name = h('input', { name: 'guest_name', maxlength: 200, autocomplete: 'off' });
    const title = h('input', { name: 'guest_title', maxlength: 200, autocomplete: 'off', tph: 'links.guestTitlePh' });
    const obs = h('input', { type: 'checkbox', name: 'observer', checked: true, id: 'guest-obs' });
    const gerr = errorBox();
    const go = h('button', { type: 'submit', class: 'btn', t: 'links.guestGo' });
    const fName = field('links.guestName', name);
    const form = h('form', { class: 'guest-form', novalidate: true },
      fName, field('links.guestTitle', title),
      h('label', { class: 'check', for: 'guest-obs' }, obs, h('span', { t: 'links.observer' })),
      gerr, go);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      showError(gerr, null);
      fName.setError(null);
      if (!name.value.trim()) { fName.setError('links.guestNameRequired'); name.focus(); return; }
      go.disabled = true;
      try {
        const r = await conn.request('link.issue_guest', { meeting: meetingId, name: name.value.trim(), title: title.value.trim(), observer: obs.checked });
        if (gone) return;
        fresh.set('g:' + r.link.id, { title: title.value.trim(), observer: obs.checked, ...r.link });
        name.value = '';
        title.value = '';
        await refresh();
      } catch (er) { showError(gerr, er); } finally { go.disabled = false; }
    });
    return form;
  }

  refresh();
  return { refresh, destroy() { gone = true; } };
}
