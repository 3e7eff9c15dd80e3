// The WebSocket connection to chibo (protocol/PROTOCOL.md, version 1).
//
// One Conn per tab. It owns the socket, the credentials, the meeting the client
// is in and that meeting's event log as seen so far. It:
//  - matches replies to requests by id;
//  - reconnects by itself (exponential backoff with jitter, 0.5 s .. 15 s; the
//    step resets after a minute of stable connection; at once on `online` or
//    when the tab becomes visible);
//  - resumes: every hello repeats the same auth with `meeting` and `since` =
//    the highest seq seen, and events with seq <= that are dropped, so the
//    feed never shows an event twice nor misses one;
//  - never drops a request silently: reads wait for the reconnect and are sent
//    again, writes fail at once with a local error the page shows.
//
// Events: 'state' {state, attempts}, 'event' (a logged meeting event),
// 'presence', 'joined' (a participants snapshot), 'authlost' {reason},
// 'meetinggone' (the meeting refused on resume).

// Ops that change nothing: safe to queue while offline and to send again.
const READS = new Set(['org.units', 'roster.list', 'roster.export', 'meeting.list',
  'link.list', 'meeting.join']);
const HELLO_TIMEOUT = 15000;  // no hello reply: the socket is dead
const REPLY_TIMEOUT = 30000;  // no reply at all: assume a half-open socket
const IDLE_PING_MS = 25000;  // ping when nothing arrived for this long
const PING_TIMEOUT = 10000;  // ...and give up on the socket after this
const STABLE_MS = 60000;      // connected this long: backoff starts over
const MAX_FRAME = 64 * 1024;  // PROTOCOL.md "Limits": larger frames close 4400
const enc = new TextEncoder();

// The participants a logged arrival event brings: participant.arrived has
// one, participants.arrived (the arrivals of one write, a join storm) many.
export const arrivedIn = (m) =>
  m.ev === 'participants.arrived' ? (m.data?.participants || [])
    : m.ev === 'participant.arrived' && m.data?.participant ? [m.data.participant] : [];

// A client-side error, shaped like the server's `error` object.
export function localError(code, details) {
  return { code, local: true, details: details || {} };
}

export class Conn {
  constructor(url) {
    this.url = url;
    this.ws = null;
    this.state = 'idle';   // idle | connecting | ready | retrying | down
    this.attempts = 0;     // failed tries since the connection was last up
    this.step = 0;         // backoff step
    this.auth = null;      // {user,password} -> {token} after login | {token} | {join}
    this.me = null;
    this.meeting = null;   // id of the meeting this client is in
    this.lastSeq = 0;      // highest seq seen of that meeting
    this.events = [];      // that meeting's logged events, in seq order
    this.joined = null;    // latest snapshot {meeting, head, participants}
    this.nextId = 1;
    this.pending = new Map();  // id -> request in flight
    this.queue = [];           // reads waiting for the connection
    this.handlers = {};
    this.timer = 0; this.helloTimer = 0; this.stableTimer = 0;
    this.helloId = 0;
    this.waiter = null;    // the promise start() returned
    this.once = false;     // password login: report a failed connect instead of retrying
    this.gapAt = -1;
    this.skew = 0;         // server clock minus ours (ms), from hello / join / ping `now`
    // Browsers cannot send WebSocket pings, so a phone whose network died
    // silently would look connected forever: when nothing has arrived for a
    // while, ask the server (PROTOCOL.md `ping`); no answer within
    // REPLY_TIMEOUT drops the socket and the reconnect path takes over.
    this.lastRx = Date.now();
    setInterval(() => {
      if (this.state === 'ready' && Date.now() - this.lastRx > IDLE_PING_MS) this.request('ping', undefined, { timeout: PING_TIMEOUT }).catch(() => {});
    }, IDLE_PING_MS / 2);
    addEventListener('online', () => this.kick());
    addEventListener('offline', () => { if (this.ws) this.drop(); });
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.kick();
    });
  }

  on(name, fn) {
    (this.handlers[name] ||= new Set()).add(fn);
    return () => this.handlers[name].delete(fn);
  }

  emit(name, arg) {
    for (const fn of [...(this.handlers[name] || [])]) {
      try { fn(arg); } catch (e) { console.error(e); }
    }
  }

  setState(s) {
    this.state = s;
    this.emit('state', { state: s, attempts: this.attempts });
  }

  // Authenticates with `auth` on a fresh connection. Resolves with the hello
  // result; rejects on refused credentials. With opts.once, also rejects when
  // the server cannot be reached (the login form wants to say so); otherwise
  // keeps trying until it gets through.
  start(auth, opts = {}) {
    this.halt();
    this.auth = auth;
    this.once = !!opts.once;
    this.me = null;
    this.resetMeeting(null);
    this.attempts = 0;
    this.step = 0;
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
      this.connect();
    });
  }

  // Stops for good (logout, switching identity). Queued requests fail.
  halt() {
    clearTimeout(this.timer); clearTimeout(this.helloTimer); clearTimeout(this.stableTimer);
    this.timer = 0;
    const ws = this.ws;
    this.ws = null;
    if (ws) { try { ws.close(1000); } catch { /* already closed */ } }
    this.failAll(localError('not_connected'));
    if (this.waiter) { this.waiter.reject(localError('not_connected')); this.waiter = null; }
    if (this.state !== 'idle') this.setState('idle');
  }

  failAll(err) {
    for (const p of this.pending.values()) { clearTimeout(p.timer); p.reject(err); }
    this.pending.clear();
    for (const p of this.queue) p.reject(err);
    this.queue = [];
  }

  connect() {
    clearTimeout(this.timer);
    this.timer = 0;
    if (!this.auth || this.ws) return;
    if (this.state === 'idle') this.setState('connecting');
    let ws;
    try { ws = new WebSocket(this.url); } catch { this.retry(0); return; }
    this.ws = ws;
    this.helloTimer = setTimeout(() => { if (this.ws === ws) this.drop(); }, HELLO_TIMEOUT);
    ws.onopen = () => { if (this.ws === ws) this.sendHello(); };
    ws.onmessage = (e) => { if (this.ws === ws) this.onMessage(e.data); };
    ws.onclose = (e) => { if (this.ws === ws) this.onClose(e.code); };
  }

  sendHello() {
    // batch: a burst of events arrives as one message (PROTOCOL.md "Batched messages").
    const args = { v: 1, auth: this.auth, batch: true };
    if (this.meeting != null) { args.meeting = this.meeting; args.since = this.lastSeq; }
    this.helloId = this.nextId++;
    this.helloSent = Date.now();
    this.ws.send(JSON.stringify({ id: this.helloId, op: 'hello', args }));
  }

  // One WebSocket message: one frame, or several joined by "\n" (batch).
  onMessage(data) {
    if (typeof data !== 'string') return;
    if (data.indexOf('\n') < 0) { this.onFrame(data); return; }
    for (const f of data.split('\n')) if (f) this.onFrame(f);
  }

  onFrame(data) {
    this.lastRx = Date.now();
    let m;
    try { m = JSON.parse(data); } catch { return; }
    if (!m || typeof m !== 'object') return;
    if ('re' in m) {
      if (this.helloId && m.re === this.helloId) { this.onHello(m); return; }
      const p = this.pending.get(m.re);
      if (!p) return;
      this.pending.delete(m.re);
      clearTimeout(p.timer);
      if (m.ok) {
        const r = m.result || {};
        if (typeof r.now === 'number') this.setSkew(r.now, p.sent);
        if (p.op === 'meeting.join' && p.args.meeting === this.meeting) this.setJoined(r);
        p.resolve(r);
      } else {
        p.reject(m.error || localError('internal'));
      }
      return;
    }
    if (typeof m.ev === 'string') this.onEvent(m);
  }

  onHello(m) {
    this.helloId = 0;
    clearTimeout(this.helloTimer);
    const w = this.waiter;
    if (!m.ok) {
      const err = m.error || localError('internal');
      if (['auth_failed', 'token_expired', 'unsupported_version'].includes(err.code)
          || (err.code === 'throttled' && w)) {
        this.waiter = null;
        this.halt();
        this.auth = null;  // refused: never retried, and no password kept in memory
        if (w) w.reject(err); else this.emit('authlost', { reason: err.code, error: err });
        return;
      }
      if ((err.code === 'forbidden' || err.code === 'not_found') && this.meeting != null) {
        // The meeting went away while we were out; carry on without it.
        this.resetMeeting(null);
        this.emit('meetinggone', err);
        this.drop(0);
        return;
      }
      const wait = err.code === 'throttled' ? (err.details?.retry_after_ms || 5000) : 0;
      this.drop(wait);
      return;
    }
    const r = m.result || {};
    if (typeof r.now === 'number') this.setSkew(r.now, this.helloSent);
    if (r.session && this.auth.password != null) this.auth = { token: r.session.token };
    this.me = r.me || null;
    this.attempts = 0;
    clearTimeout(this.stableTimer);
    this.stableTimer = setTimeout(() => { this.step = 0; }, STABLE_MS);
    this.waiter = null;
    this.setState('ready');
    if (r.joined) {
      // A join link implies its meeting: the server joined us already and its
      // log follows this reply.
      if (this.meeting == null && r.joined.meeting) this.resetMeeting(r.joined.meeting.id);
      if (r.joined.meeting?.id === this.meeting) this.setJoined(r.joined);
    }
    // Reads that were waiting, or in flight when the last socket died.
    const q = this.queue;
    this.queue = [];
    for (const p of q) {
      if (p.op === 'meeting.join' && r.joined && p.args.meeting === this.meeting) p.resolve(r.joined);
      else this.send(p);
    }
    if (w) w.resolve(r);
  }

  // The server's `now` arrived; it was read about half-way between sending
  // and receiving. Timers (meeting length, a speaker's time) use serverNow().
  setSkew(now, sent) {
    const got = Date.now();
    this.skew = now - (sent ? (sent + got) / 2 : got);
  }

  serverNow() { return Date.now() + this.skew; }

  setJoined(j) {
    this.joined = j;
    this.emit('joined', j);
  }

  onEvent(m) {
    if (m.meeting != null && m.meeting !== this.meeting) return;
    if (m.ev === 'presence') {
      const d = m.data || {};
      const p = this.joined?.participants?.find((x) => x.id === d.participant);
      if (p) p.online = !!d.online;
      this.emit('presence', m);
      return;
    }
    if (typeof m.seq !== 'number') { this.emit('event', m); return; }
    if (m.seq <= this.lastSeq) return;  // seen already (resume overlap)
    if (m.seq > this.lastSeq + 1 && this.gapAt !== this.lastSeq) {
      // A hole in the log: reconnect and resume from what we have. Once per
      // position, so a server that really skipped cannot loop us.
      console.warn('chibo: seq gap', this.lastSeq, m.seq);
      this.gapAt = this.lastSeq;
      this.drop(0);
      return;
    }
    this.lastSeq = m.seq;
    this.events.push(m);
    this.fold(m);
    this.emit('event', m);
  }

  // Keeps the snapshot current, so a page mounted later starts right.
  fold(m) {
    const j = this.joined;
    if (!j) return;
    if (j.meeting) {
      if (m.ev === 'meeting.opened') j.meeting.status = 'open';
      if (m.ev === 'meeting.closed') j.meeting.status = 'closed';
    }
    const arrivals = arrivedIn(m);
    if (arrivals.length) {
      // A live arrival means online (the server sends no presence with it);
      // a replayed one does not: the snapshot's online flag is newer.
      const live = m.seq > (j.head ?? 0);
      const list = (j.participants ||= []);
      for (const np of arrivals) {
        const p = list.find((x) => x.id === np.id);
        if (p) Object.assign(p, np, { online: live || !!p.online });
        else list.push({ ...np, online: live });
      }
    }
  }

  onClose(code, minWait = 0) {
    this.ws = null;
    this.helloId = 0;
    clearTimeout(this.helloTimer); clearTimeout(this.stableTimer);
    // Requests in flight: reads go again after the reconnect; writes may or may
    // not have happened, so say so rather than guess.
    // 4400, 1007, 1009: the server refused a frame we sent; do not send it again.
    const badFrame = code === 4400 || code === 1007 || code === 1009;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      if (p.read && !badFrame) this.queue.push(p);
      else p.reject(localError(badFrame ? 'bad_frame' : 'connection_lost'));
    }
    this.pending.clear();
    if (code === 1000 || code === 4401) {
      const w = this.waiter;
      this.waiter = null;
      this.halt();
      const reason = code === 4401 ? 'revoked' : 'closed';
      if (w) w.reject(localError(code === 4401 ? 'auth_failed' : 'connection_lost'));
      else this.emit('authlost', { reason });
      return;
    }
    if (this.once && this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      this.halt();
      w.reject(localError('connect_failed'));
      return;
    }
    this.retry(Math.max(minWait, code === 4429 ? 5000 : 0));
  }

  // Waits (backoff with jitter, at least minWait ms), then reconnects.
  retry(minWait) {
    clearTimeout(this.timer);
    const base = Math.min(15000, 500 * 2 ** this.step);
    this.step = Math.min(this.step + 1, 8);
    const wait = Math.max(minWait || 0, base / 2 + Math.random() * (base / 2));
    this.attempts++;
    this.setState(this.attempts > 5 ? 'down' : 'retrying');
    this.timer = setTimeout(() => this.connect(), wait);
  }

  // Closes the current socket now and goes through the reconnect path.
  drop(minWait) {
    const ws = this.ws;
    if (!ws) return;
    try { ws.close(4000); } catch { /* ignore */ }
    this.onClose(4000, minWait || 0);
  }

  // Network back or tab visible again: do not wait for the backoff timer.
  kick() {
    if (this.auth && !this.ws && this.timer) this.connect();
  }

  // Sends a request. Resolves with `result`; rejects with the error object
  // ({code, message, message_en, details}) or a local one (localError).
  request(op, args, opts = {}) {
    const read = opts.read ?? READS.has(op);
    return new Promise((resolve, reject) => {
      const p = { op, args, read, resolve, reject, timeout: opts.timeout };
      if (this.state === 'ready') this.send(p);
      else if (read && this.auth) this.queue.push(p);
      else reject(localError(this.auth ? 'offline' : 'not_connected'));
    });
  }

  send(p) {
    const id = this.nextId++;
    const frame = JSON.stringify(p.args === undefined ? { id, op: p.op } : { id, op: p.op, args: p.args });
    if (frame.length * 3 > MAX_FRAME && enc.encode(frame).length > MAX_FRAME) {
      p.reject(localError('too_large'));
      return;
    }
    p.timer = setTimeout(() => {
      if (this.pending.get(id) !== p) return;
      // No answer: the socket is probably half-open. Reads go again after the
      // reconnect (onClose requeues them); writes report the uncertainty.
      this.drop(0);
    }, p.timeout || REPLY_TIMEOUT);
    this.pending.set(id, p);
    p.sent = Date.now();
    this.ws.send(frame);
  }

  // Enters a meeting: its snapshot, then its whole log, then live events.
  joinMeeting(id) {
    if (this.meeting === id && this.joined) return Promise.resolve(this.joined);
    if (this.meeting !== id) this.resetMeeting(id);
    return this.request('meeting.join', { meeting: id, since: this.lastSeq }, { read: true });
  }

  leaveMeeting() {
    const id = this.meeting;
    if (id == null) return;
    this.resetMeeting(null);
    if (this.state === 'ready') this.request('meeting.leave', { meeting: id }).catch(() => {});
  }

  resetMeeting(id) {
    this.meeting = id;
    this.lastSeq = 0;
    this.events = [];
    this.joined = null;
    this.gapAt = -1;
  }

  async logout() {
    try { await this.request('session.logout'); } catch { /* the token dies with the session anyway */ }
    this.auth = null;
    this.halt();
    this.me = null;
  }
}
