// Who does what in the meeting: chair, minute-taker, ballot-counting
// committee (role.appoint), and the observers and guests the chair
// introduces (participant.introduce), including a visitor without a link.
import { h, put, clear, setT, errorBox, showError, field, toast } from '../ui.js';
import { t } from '../i18n.js';
import { isMemberId, changes } from './fmt.js';

export function mount(box, api) {
  const { conn, id } = api;
  let st = api.state();
  let gone = false;
  let pickSig = '';

  box.className = 'card board';
  box.id = 'b-roles';
  const err = errorBox();
  const facts = h('dl', { class: 'facts-list' });
  // Chair / minute-taker.
  const roleSel = h('select', { name: 'role', taria: 'roles.role' },
    h('option', { value: 'minute_taker', t: 'roles.minute_taker' }), h('option', { value: 'chair', t: 'roles.chair' }));
  const whoSel = h('select', { name: 'who', taria: 'roles.who' });
  const appoint = h('button', { type: 'button', class: 'btn primary', t: 'roles.appoint' });
  const appointForm = h('div', { class: 'appoint' }, h('h3', { t: 'roles.appointTitle' }),
    h('div', { class: 'grid2' }, field('roles.role', roleSel), field('roles.who', whoSel)), appoint);
  // Counting committee.
  const ccList = h('div', { class: 'cc-list' });
  const ccHead = h('select', { name: 'cc-head' });
  const ccGo = h('button', { type: 'button', class: 'btn', t: 'roles.ccAppoint' });
  const ccBox = h('details', { class: 'cc' }, h('summary', { t: 'roles.ccTitle' }), h('p', { class: 'hint', t: 'roles.ccHint' }), ccList, field('roles.ccHead', ccHead), ccGo);
  const chairPart = h('div', {}, appointForm, ccBox);
  // Guests and observers.
  const guests = h('ul', { class: 'plist guests' });
  const vName = h('input', { name: 'visitor_name', maxlength: 200, autocomplete: 'off' });
  const vTitle = h('input', { name: 'visitor_title', maxlength: 200, autocomplete: 'off', tph: 'links.guestTitlePh' });
  const vObs = h('input', { type: 'checkbox', id: 'visitor-obs', checked: true });
  const vGo = h('button', { type: 'submit', class: 'btn', t: 'roles.visitorGo' });
  const vErr = errorBox();
  const fName = field('roles.visitorName', vName);
  const visitor = h('form', { class: 'visitor', novalidate: true }, h('h3', { t: 'roles.visitorTitle' }), h('p', { class: 'hint', t: 'roles.visitorHint' }),
    fName, field('roles.visitorPos', vTitle), h('label', { class: 'check', for: 'visitor-obs' }, vObs, h('span', { t: 'links.observer' })), vErr, vGo);
  put(clear(box), h('h2', { t: 'roles.title' }), err, facts, chairPart, h('h3', { t: 'roles.guests' }), guests, visitor);

  appoint.addEventListener('click', () => {
    if (!whoSel.value) return;
    act(appoint, err, 'role.appoint', { meeting: id, role: roleSel.value, participant: whoSel.value }, 'roles.done');
  });
  ccGo.addEventListener('click', () => {
    const members = [...ccList.querySelectorAll('input:checked')].map((x) => x.value);
    if (!members.length) { showError(err, { code: 'cc_empty' }); return; }
    const head = members.includes(ccHead.value) ? ccHead.value : members[0];
    act(ccGo, err, 'role.appoint', { meeting: id, role: 'counting_committee', members, head }, 'roles.done');
  });
  visitor.addEventListener('submit', async (e) => {
    e.preventDefault();
    fName.setError(null);
    if (!vName.value.trim()) { fName.setError('links.guestNameRequired'); vName.focus(); return; }
    if (await act(vGo, vErr, 'participant.introduce', { meeting: id, name: vName.value.trim(), title: vTitle.value.trim(), observer: vObs.checked }, 'roles.introducedOk')) {
      vName.value = '';
      vTitle.value = '';
    }
  });

  async function act(btn, ebox, op, args, okKey) {
    showError(ebox, null);
    btn.disabled = true;
    try {
      await conn.request(op, args);
      toast(okKey);
      return true;
    } catch (e) { if (!gone) showError(ebox, e); return false; } finally { btn.disabled = false; }
  }

  function fact(key, value, extra) {
    return [h('dt', { t: key }), h('dd', {}, value || h('span', { class: 'muted', t: 'roles.none' }), extra || null)];
  }

  const dirty = changes();
  function update(s) {
    st = s;
    const chair = api.caps().chair && s.status === 'open';
    if (!dirty([s.chair, s.minuteTaker, s.committee, s.people, s.roster, s.status, chair, api.lang()])) return;
    put(clear(facts), 
      fact('roles.chair', s.chair?.name),
      fact('roles.minute_taker', s.minuteTaker?.name),
      fact('roles.cc', s.committee ? s.committee.members.map((m) => m.name).join(', ') : '',
        s.committee?.head ? h('span', { class: 'muted small', t: 'roles.ccHeadIs', tp: { name: s.committee.members.find((m) => m.participant === s.committee.head)?.name || '' } }) : null));
    chairPart.hidden = !chair;
    visitor.hidden = !chair;
    if (chair) fillPickers(s);
    renderGuests(s, chair);
  }

  // Anyone on the roster snapshot or who has come in.
  function fillPickers(s) {
    const sig = `${s.roster.length}|${Object.keys(s.people).join(',')}|${s.committee ? s.committee.head + ':' + s.committee.members.length : ''}`;
    if (sig === pickSig) return;  // an open drop-down is not rebuilt under the finger
    pickSig = sig;
    const keep = whoSel.value;
    const people = [...s.roster.map((e) => [e.participant, e.name]),
      ...Object.values(s.people).filter((p) => p.arrivedAt && !isMemberId(p.id)).map((p) => [p.id, p.name])];
    put(clear(whoSel), h('option', { value: '', t: 'roles.pick' }), people.map(([v, n]) => h('option', { value: v, selected: v === keep }, n)));
    const checked = new Set([...ccList.querySelectorAll('input:checked')].map((x) => x.value));
    if (!checked.size && s.committee) for (const m of s.committee.members) checked.add(m.participant);
    put(clear(ccList), s.roster.map((e, i) => h('label', { class: 'check', for: 'cc-' + i },
      h('input', { type: 'checkbox', id: 'cc-' + i, value: e.participant, checked: checked.has(e.participant) }), h('span', {}, e.name))));
    const headKeep = ccHead.value || s.committee?.head;
    put(clear(ccHead), s.roster.map((e) => h('option', { value: e.participant, selected: e.participant === headKeep }, e.name)));
  }

  function renderGuests(s, chair) {
    clear(guests);
    const list = Object.values(s.people).filter((p) => !isMemberId(p.id) && (p.arrivedAt || p.introducedAt));
    if (!list.length) put(guests, h('li', { class: 'muted', t: 'roles.noGuests' }));
    for (const p of list) {
      const li = h('li', {}, h('span', { class: 'pname' }, p.name), p.title ? h('span', { class: 'muted small' }, p.title) : null,
        p.role && t.has('prole.' + p.role) ? h('span', { class: 'tag', t: 'prole.' + p.role }) : null);
      if (p.introducedAt) put(li, h('span', { class: 'tag tag-me', t: 'roles.introduced' }));
      else if (chair) {
        const b = h('button', { type: 'button', class: 'btn small', t: 'roles.introduce' });
        b.addEventListener('click', () => act(b, err, 'participant.introduce', { meeting: id, participant: p.id }, 'roles.introducedOk'));
        put(li, b);
      }
      put(guests, li);
    }
  }

  update(st);
  return { update, destroy() { gone = true; } };
}
