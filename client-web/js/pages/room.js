// #/meeting/<id> (and #/j/<token>) — the meeting room, the shell of the
// meeting views: what the meeting is, who is here, the feed; the participant's
// own part (meeting/member.js); for the chair, the minute-taker and observers
// the boards (meeting/board.js, loaded on demand); for the chair: open,
// notices, close, join links. The meeting's state is a fold of its event log
// (meeting/state.js), so a reload rebuilds exactly the same screen.
import { h, clear, setT, errorBox, showError, fmtClock, splitStarts, confirmBox, toast } from '../ui.js';
import { t, lang } from '../i18n.js';
import { initial, apply, withTurnout, addTurnout, votersIn } from '../meeting/state.js';
import { batchLine } from '../meeting/feed-batch.js';
import * as memberView from '../meeting/member.js';
import { fmtDur, isMemberId } from '../meeting/fmt.js';
import { arrivedIn } from '../conn.js';

export function mount(view, ctx) {
  const id = ctx.params.meeting;
  const conn = ctx.conn;
  const admin = ctx.canEdit();
  const meId = ctx.me?.participant;
  const offs = [];
  let meeting = null;
  let parts = [];            // participants, server order
  let shown = 0;             // highest seq rendered in the feed
  let links = null;          // the join-links panel, for the chair
  const arrivedAt = new Map();  // participant -> when their arrival was shown
  let gone = false;
  let st = initial();        // the meeting as its log says (meeting/state.js)
  let board = null;          // the boards, once loaded
  let boardLoading = false;
  let joins = 0;             // join results applied (meeting/ballot-member.js re-sends after one)
  let joinHead = Infinity;   // the newest join result's head
  const isMemberLink = ctx.kind === 'join' && ctx.me?.role === 'member';
  // Chair-level: the secretary or district admin account, or whoever was
  // appointed chair; the minute-taker marks attendance and writes gists.
  const caps = () => ({
    chair: admin || (!!meId && st.chair?.participant === meId),
    taker: !!meId && st.minuteTaker?.participant === meId,
    // The ballot-counting committee reads the counting reports; its head confirms them.
    counter: !!meId && !!st.committee?.members?.some((m) => m.participant === meId),
  });
  // Members by link see their own part only; everyone else also the boards.
  const wantsBoard = () => !isMemberLink || caps().chair || caps().taker || caps().counter;

  // --- skeleton ----------------------------------------------------------------
  const title = h('h1', { class: 'room-title' }, '\u00a0');
  const badge = h('span', { class: 'badge' });
  const kindEl = h('span', { class: 'kind' });
  const when = h('p', { class: 'when' });
  const place = h('p', { class: 'place' });
  const video = h('a', { class: 'btn primary video', target: '_blank', rel: 'noopener noreferrer', hidden: true, t: 'room.video' });
  const banner = h('p', { class: 'banner', hidden: true });
  const err = errorBox();
  // A member on a phone sees the newest notice without scrolling to the feed.
  const latestMeta = h('div', { class: 'meta' });
  const latestText = h('p', { class: 'notice-text' });
  const latest = h('div', { class: 'latest-notice', role: 'status', hidden: true }, latestMeta, latestText);
  // A link holder sees whose link this is (a forwarded link shows at once).
  const youAre = ctx.kind === 'join' && ctx.me?.name ? h('p', { class: 'muted small', t: 'room.youAre', tp: { name: ctx.me.name } }) : null;
  const head = h('section', { class: 'card room-head' },
    h('div', { class: 'row between' }, kindEl, badge), title, when, place, youAre, video, banner, latest);

  const controls = h('section', { class: 'card controls', hidden: !admin });
  const mePanel = h('div', { class: 'me-panel' });
  const boardBox = h('div', { class: 'boards' });
  const feed = h('ol', { class: 'feed', 'aria-live': 'polite', 'aria-relevant': 'additions' });
  const feedBox = h('section', { class: 'card feed-box' }, h('h2', { t: 'room.feed' }), feed);
  const online = h('p', { class: 'online-count' });
  const partList = h('div', { class: 'parts' });
  const partBox = h('section', { class: 'card parts-box' }, h('h2', { t: 'room.participants' }), online, partList);
  const linkBox = h('section', { class: 'card links-box', id: 'links', hidden: !admin });
  // The minutes, once read back (or the meeting closed): the reader and the
  // exports are fetched on demand (meeting/minutes-doc.js).
  const minutesLine = h('p', { class: 'muted' });
  const minutesRead = h('button', { type: 'button', class: 'btn primary', t: 'room.minutesRead' });
  const minutesCard = h('section', { class: 'card minutes-card', hidden: true },
    h('h2', { t: 'room.minutes' }), minutesLine, h('div', { class: 'row' }, minutesRead));
  const backLink = ctx.kind === 'account' ? h('a', { class: 'back', href: '#/', t: 'room.back' }) : null;

  // A member's phone: their part right under the title, then the feed. With
  // the boards, the feed moves beside them.
  // On a wide screen with the boards, the boards take the main column from
  // the top and the chair's own part, controls and feed sit beside them.
  const sideFeed = wantsBoard();
  const colMain = h('div', { class: 'col-main' }, backLink, err, head, minutesCard, mePanel, controls, boardBox, sideFeed ? null : feedBox);
  const colSide = h('div', { class: 'col-side' }, sideFeed ? feedBox : null, partBox, linkBox);
  view.append(h('div', { class: 'room' + (sideFeed ? ' with-boards' : '') }, colMain, colSide));
  const wide = matchMedia('(min-width: 960px)');
  const arrange = () => {
    if (sideFeed && wide.matches) colSide.prepend(mePanel, controls);
    else colMain.insertBefore(controls, boardBox), colMain.insertBefore(mePanel, controls);
  };
  arrange();
  wide.addEventListener('change', arrange);

  const api = {
    conn, id, me: meId, ctx, isMemberLink,
    state: () => st,
    now: () => conn.serverNow(),
    caps,
    lang,
    hasBoard: () => wantsBoard(),
    // Joins caught up with: the join result applied and the log folded up to
    // its head (a reopening that happened meanwhile is known). 0 until then.
    joins: () => (st.head >= joinHead ? joins : 0),
  };
  const mine = memberView.mount(mePanel, api);

  // --- the meeting views -----------------------------------------------------------
  // Live events are folded at once and drawn together a moment later, so a
  // resume that brings many events at once draws the screen once.
  let drawTimer = 0;
  function draw() {
    clearTimeout(drawTimer);
    drawTimer = 0;
    if (gone) return;
    mine.update(st);
    drawMinutes();
    if (wantsBoard()) loadBoard();
    if (board) board.update(st);
    boardBox.hidden = !board || !wantsBoard();
  }
  const drawSoon = () => { if (!drawTimer) drawTimer = setTimeout(draw, 30); };

  function loadBoard() {
    if (board || boardLoading) return;
    boardLoading = true;
    import('../meeting/board.js').then(async (mod) => {
      await mod.styled;
      if (gone) return;
      board = mod.mount(boardBox, api);
      draw();
    }, (e) => { boardLoading = false; if (!gone) showError(err, { code: 'load', local: true, e }); });
  }

  // The read-back opens the full minutes on every screen, once per reading.
  let reader = null, readerLoading = null, readFor = 0, stepAside = null;
  function openReader() {
    if (reader) return reader.open();
    readerLoading ||= import('../meeting/minutes-doc.js').then(async (mod) => {
      await mod.styled;
      if (gone) return;
      reader = mod.reader(api);
      reader.open();
    }, (e) => { readerLoading = null; if (!gone) showError(err, { code: 'load', local: true, e }); });
    return readerLoading;
  }
  minutesRead.addEventListener('click', () => openReader());
  function drawMinutes() {
    const m = st.minutes;
    minutesCard.hidden = !(m.presentedAt || m.status === 'locked' || st.status === 'closed');
    if (!minutesCard.hidden) {
      setT(minutesLine, m.status === 'locked' ? 'room.minutesLocked' : m.status === 'approval' ? 'room.minutesVote'
        : m.status === 'presented' ? 'room.minutesNow' : 'room.minutesDraft');
    }
    if (m.status === 'presented' && m.presentations > readFor && st.head >= joinHead) {
      readFor = m.presentations;
      openReader();
    }
    // The approval vote: the reader steps aside for the vote buttons.
    if (m.status === 'approval' && reader?.isOpen() && stepAside !== m.approvalVote) { stepAside = m.approvalVote; reader.close(); }
    if (reader) reader.update(st);
  }

  const ticker = setInterval(() => {
    const now = conn.serverNow();
    mine.tick(now);
    if (board) board.tick(now);
  }, 1000);
  const onLang = () => draw();
  addEventListener('chibo:lang', onLang);

  // --- meeting header ----------------------------------------------------------
  function renderHead() {
    if (!meeting) return;
    title.textContent = meeting.title;
    document.title = meeting.title + ' — chibo';
    setT(kindEl, 'mkind.' + meeting.kind);
    badge.className = 'badge st-' + meeting.status;
    setT(badge, 'mstatus.' + meeting.status);
    setT(when, 'meeting.when', splitStarts(meeting.starts_at));
    place.textContent = meeting.place || '';
    place.hidden = !meeting.place;
    const url = meeting.video_url || '';
    video.hidden = !/^https?:\/\//i.test(url);
    if (!video.hidden) video.href = url;
    banner.hidden = admin || meeting.status === 'open';
    if (!banner.hidden) setT(banner, meeting.status === 'closed' ? 'room.closedBanner' : 'room.waitBanner');
    controls.hidden = !caps().chair || (!admin && meeting.status !== 'open');
    if (!controls.hidden) renderControls();
    wasChair = caps().chair;
    if (ctx.kind === 'account' && meeting.cell && backLink) backLink.href = `#/cell/${meeting.cell}/meetings`;
  }

  // --- chair's controls --------------------------------------------------------
  let wasChair = admin;
  let noticeText = null;  // kept across re-renders so nothing typed is lost
  function renderControls() {
    const cerr = errorBox();
    clear(controls).append(h('h2', { t: 'room.controls' }));
    if (meeting.status === 'scheduled') {
      const open = h('button', { type: 'button', class: 'btn primary block', t: 'room.open' });
      open.addEventListener('click', () => act(open, cerr, 'meeting.open', 'room.opened'));
      controls.append(h('p', { class: 'hint', t: 'room.openHint' }), open, cerr);
    } else if (meeting.status === 'open') {
      noticeText ||= h('textarea', { name: 'notice', rows: 3, maxlength: 2000, tph: 'room.noticePh' });
      const send = h('button', { type: 'submit', class: 'btn primary', t: 'room.noticeSend' });
      const nerr = errorBox();
      const form = h('form', { class: 'notice-form', novalidate: true },
        h('label', { for: 'notice-text', t: 'room.notice' }), noticeText, nerr, h('div', { class: 'row' }, send));
      noticeText.id = 'notice-text';
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        showError(nerr, null);
        const text = noticeText.value.trim();
        if (!text) { showError(nerr, { code: 'notice_empty' }); noticeText.focus(); return; }
        send.disabled = true;
        try {
          await conn.request('meeting.notice', { meeting: id, text });
          noticeText.value = '';
        } catch (er) { showError(nerr, er); } finally { send.disabled = false; }
      });
      const close = h('button', { type: 'button', class: 'btn danger', t: 'room.close' });
      close.addEventListener('click', async () => {
        if (!await confirmBox('room.confirmClose', { title: meeting.title }, 'room.close', true)) return;
        act(close, cerr, 'meeting.close', 'room.closed');
      });
      controls.append(form, h('hr'), close, cerr);
    } else {
      controls.append(h('p', { class: 'muted', t: 'room.closedBanner' }));
    }
    if (admin && meeting.status !== 'closed') controls.append(h('a', { class: 'jump', href: '#links', t: 'room.toLinks', on: { click: (e) => { e.preventDefault(); linkBox.scrollIntoView({ block: 'start' }); } } }));
  }

  async function act(btn, box, op, okKey) {
    showError(box, null);
    btn.disabled = true;
    try {
      await conn.request(op, { meeting: id });
      toast(okKey);
    } catch (er) { showError(box, er); btn.disabled = false; }
  }

  // --- participants --------------------------------------------------------------
  const isMember = (p) => String(p.id).startsWith('member:');
  function renderParts() {
    clear(partList);
    const members = parts.filter(isMember);
    const groups = [
      ['room.official', members.filter((p) => p.member_kind !== 'probationary')],
      ['room.probationary', members.filter((p) => p.member_kind === 'probationary')],
      ['room.guests', parts.filter((p) => !isMember(p))],
    ];
    const on = members.filter((p) => p.online).length;
    setT(online, 'room.online', { on, n: members.length });
    for (const [key, ps] of groups) {
      if (!ps.length) continue;
      partList.append(h('h3', { t: key, tp: { n: ps.length, on: ps.filter((p) => p.online).length } }),
        h('ul', { class: 'plist' }, ps.map(partRow)));
    }
  }

  function partRow(p) {
    const tags = [];
    if (p.committee_role && p.committee_role !== 'none') tags.push(h('span', { class: 'tag tag-role', t: 'role.' + p.committee_role }));
    if (p.status && p.status !== 'active') tags.push(h('span', { class: 'tag tag-warn', t: 'pstatus.' + p.status }));
    if (!isMember(p) && p.role) tags.push(h('span', { class: 'tag', t: 'prole.' + p.role }));
    if (p.title) tags.push(h('span', { class: 'muted small' }, p.title));
    if (p.id === meId) tags.push(h('span', { class: 'tag tag-me', t: 'room.you' }));
    return h('li', { class: p.online ? 'on' : 'off', 'data-pid': p.id },
      h('span', { class: 'dot', taria: p.online ? 'room.isOnline' : 'room.isOffline', role: 'img' }),
      h('span', { class: 'pname' }, p.name), tags);
  }

  const nameOf = (pid) => parts.find((p) => p.id === pid)?.name || '';

  // --- feed ------------------------------------------------------------------------
  // One line per logged event. `before` is the meeting just before it (to
  // tell a changed answer from a first one).
  const who = (pid, name) => ({ name: name || '', dc: isMemberId(pid) || String(pid || '').startsWith('account:') });
  function feedLine(m, before) {
    const d = m.data || {};
    let key = 'feed.other', p = { ev: m.ev }, cls = '';
    switch (m.ev) {
      case 'meeting.created': key = 'feed.created'; p = { title: d.title || '' }; break;
      case 'meeting.opened': key = 'feed.opened'; p = { by: d.by || '' }; cls = 'strong'; break;
      case 'meeting.closed': key = 'feed.closed'; p = { by: d.by || '', m: d.duration_min }; cls = 'strong'; break;
      case 'participant.arrived': {
        const np = d.participant || {};
        key = who(np.id).dc && np.role !== 'guest' ? 'feed.arrived' : 'feed.arrivedGuest';  // members and cadres are "đồng chí"
        p = { name: np.name || '' };
        break;
      }
      case 'participants.arrived': {
        const ps = d.participants || [];
        key = 'feed.arrivedMany';
        p = { n: ps.length, names: ps.slice(0, 5).map((x) => x.name || '').join(', ') + (ps.length > 5 ? ', …' : '') };
        break;
      }
      case 'notice': {
        return h('li', { class: 'notice', 'data-seq': m.seq },
          h('div', { class: 'meta' }, h('time', {}, fmtClock(m.ts)), ' ', h('span', { t: 'feed.notice', tp: { by: d.by || '' } })),
          h('p', { class: 'notice-text' }, d.text || ''));
      }
      case 'agenda.set': key = 'feed.agendaSet'; p = { n: (d.items || []).length }; break;
      case 'agenda.current': key = 'feed.current'; p = { title: d.title || '' }; cls = 'strong item'; break;
      case 'role.appointed':
        if (d.role === 'counting_committee') {
          const ms = d.members || [];
          key = 'feed.appointCc';
          p = { names: ms.map((x) => x.name).join(', '), head: ms.find((x) => x.participant === d.head)?.name || '' };
        } else {
          key = d.role === 'chair' ? 'feed.appointChair' : 'feed.appointTaker';
          p = who(d.participant, d.name);
        }
        break;
      case 'participant.introduced': key = 'feed.introduced'; p = { name: d.name || '', title: d.title || '' }; break;
      case 'rollcall.opened': key = 'feed.rollOpened'; cls = 'strong'; break;
      case 'attendance.marks':
      case 'hands.raised':
      case 'vote.casts': {  // one line for the batch (meeting/feed-batch.js)
        const line = batchLine(m, before);
        if (!line) return null;
        ({ key, p } = line);
        break;
      }
      case 'attendance.marked': key = 'feed.marked'; p = { ...who(d.participant, d.name), att: d.attendance, reason: d.reason, note: d.note, late: d.late }; break;
      case 'rollcall.closed': {
        const sm = d.summary || {};
        key = 'feed.rollClosed';
        p = { present: sm.present, members: sm.members, ae: sm.absent_excused, au: sm.absent_unexcused, um: sm.unmarked };
        cls = 'strong';
        break;
      }
      case 'hand.raised': key = 'feed.hand'; p = who(d.participant, d.name); break;
      case 'hand.lowered': key = 'feed.handDown'; p = who(d.participant, d.name); break;
      case 'floor.given': key = 'feed.floor'; p = who(d.participant, d.name); cls = 'floor'; break;
      case 'floor.ended': key = 'feed.floorEnd'; p = { ...who(d.participant, d.name), dur: fmtDur(d.duration_ms) }; break;
      case 'speech.gist': {
        const sp = before.speeches[d.speech];
        key = 'feed.gist';
        p = who(sp?.participant, sp?.name);
        break;
      }
      case 'vote.opened': key = 'feed.voteOpened'; p = { subject: d.subject || '' }; cls = 'strong vote'; break;
      case 'vote.cast': {
        const prev = before.votes[d.vote]?.casts[d.participant];
        key = prev ? 'feed.recast' : 'feed.cast';
        p = { ...who(d.participant, d.name), choice: d.choice };
        break;
      }
      case 'vote.closed':
        key = 'feed.voteClosed';
        p = { subject: d.subject || '', passed: d.passed, f: d.for, den: d.denominator, req: d.required, rule: d.rule };
        cls = 'strong vote ' + (d.passed ? 'passed' : 'failed');
        break;
      case 'ballot.opened': key = 'feed.ballotOpened'; p = { subject: d.subject || '', kind: d.kind }; cls = 'strong vote'; break;
      case 'ballot.reopened': key = 'feed.ballotReopened'; p = { voided: d.voided || 0 }; cls = 'strong'; break;
      case 'ballot.closed': key = 'feed.ballotClosed'; p = { subject: d.subject || '', returned: d.returned, issued: d.issued }; cls = 'strong vote'; break;
      case 'ballot.confirmed': key = before.committee?.head === d.participant ? 'feed.ballotConfirmed' : 'feed.ballotConfirmedChair'; p = { by: d.by || '' }; break;
      case 'review.submitted': key = 'feed.reviewSubmitted'; p = { name: d.name || '' }; break;
      case 'minutes.saved': return null;  // every autosave: not a line for everyone
      case 'minutes.presented': key = 'feed.minutesPresented'; p = { by: d.by_name || d.by || '' }; cls = 'strong'; break;
      case 'minutes.locked': key = 'feed.minutesLocked'; cls = 'strong vote passed'; break;
      case 'minutes.addendum': key = 'feed.minutesAddendum'; p = { by: d.by_name || d.by || '' }; break;
      case 'observer.reported': key = 'feed.observerReported'; p = { name: d.name || '' }; break;
      default: break;
    }
    return h('li', { class: cls, 'data-seq': m.seq, 'data-ev': m.ev }, h('time', {}, fmtClock(m.ts)), ' — ', h('span', { t: key, tp: p }));
  }

  function addEvent(m) {
    if (typeof m.seq !== 'number' || m.seq <= shown) return;
    shown = m.seq;
    const before = st;
    st = apply(st, m);
    for (const np of arrivedIn(m)) arrivedAt.set(np.id, Date.now());
    if (m.ev === 'notice' && !admin) {
      clear(latestMeta).append(h('span', { t: 'room.latest' }), ' · ', h('time', {}, fmtClock(m.ts)));
      latestText.textContent = m.data?.text || '';
      latest.hidden = false;
    }
    const atEnd = feed.scrollHeight - feed.scrollTop - feed.clientHeight < 40;
    const line = feedLine(m, before);
    if (line) feed.append(line);
    if (atEnd) feed.scrollTop = feed.scrollHeight;
  }

  // Live turnout of a secret ballot (PROTOCOL.md `ballot.turnout`, no seq);
  // the join result's `ballots` waits until the ballot.opened it refers to
  // has been folded.
  let joinTurnout = [];
  function applyJoinTurnout() {
    joinTurnout = joinTurnout.filter((b) => {
      if (!st.ballots[b.ballot]) return true;
      st = withTurnout(st, b.ballot, b.voted || []);
      return false;
    });
  }

  function onEvent(m) {
    if (gone) return;
    if (m.ev === 'ballot.turnout') {
      for (const p of votersIn(m)) st = addTurnout(st, m.data?.ballot, p);
      drawSoon();
      return;
    }
    addEvent(m);
    if (joinTurnout.length) applyJoinTurnout();
    const j = conn.joined;
    if (j && j.meeting && j.meeting.id === id) { meeting = j.meeting; parts = j.participants || []; }
    if (m.ev === 'meeting.opened' || m.ev === 'meeting.closed' || (m.ev === 'role.appointed' && caps().chair !== wasChair)) renderHead();
    if (arrivedIn(m).length) renderParts();
    if (m.ev === 'meeting.closed' && links) links.refresh();
    drawSoon();
  }

  function onPresence(m) {
    if (gone) return;
    const d = m.data || {};
    renderParts();
    if (d.participant === meId) return;
    const name = nameOf(d.participant);
    if (!name) return;
    const line = () => {
      const atEnd = feed.scrollHeight - feed.scrollTop - feed.clientHeight < 40;
      feed.append(h('li', { class: 'presence' }, h('time', {}, fmtClock(Date.now())), ' — ',
        h('span', { t: d.online ? 'feed.online' : 'feed.offline', tp: { name } })));
      if (atEnd) feed.scrollTop = feed.scrollHeight;
    };
    // An arrival already says "came in": do not repeat it as "online".
    if (d.online) setTimeout(() => { if (!gone && Date.now() - (arrivedAt.get(d.participant) || 0) > 3000) line(); }, 1500);
    else line();
  }

  function onJoined(j) {
    if (gone || !j?.meeting || j.meeting.id !== id) return;
    meeting = j.meeting;
    parts = j.participants || [];
    joinTurnout = Array.isArray(j.ballots) ? j.ballots : [];
    applyJoinTurnout();
    joins++;
    joinHead = typeof j.head === 'number' ? j.head : 0;
    showError(err, null);
    renderHead();
    renderParts();
    draw();
    if (admin && !links) {
      links = { refresh() {} };
      import('./links.js').then((mod) => {
        if (gone) return;
        links = mod.mount(linkBox, ctx, id, () => ({ meeting, parts }));
      });
    }
  }

  offs.push(conn.on('joined', onJoined));
  offs.push(conn.on('event', onEvent));
  offs.push(conn.on('presence', onPresence));
  offs.push(conn.on('meetinggone', (e) => { if (!gone) showError(err, e); }));

  // The log seen so far (a reconnecting tab, or a join link whose hello joined),
  // then the snapshot, then live events.
  if (conn.meeting === id) for (const m of conn.events) addEvent(m);
  draw();
  conn.joinMeeting(id).then((j) => { if (!gone && !meeting) onJoined(j); },
    (e) => { if (!gone) showError(err, e); });

  return () => {
    gone = true;
    clearInterval(ticker);
    clearTimeout(drawTimer);
    removeEventListener('chibo:lang', onLang);
    wide.removeEventListener('change', arrange);
    mine.destroy();
    if (board) board.destroy();
    if (reader) reader.destroy();
    for (const off of offs) off();
    if (links?.destroy) links.destroy();
    document.title = 'chibo';
    if (ctx.kind === 'account') conn.leaveMeeting();
  };
}

export { t };
