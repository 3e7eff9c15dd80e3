// Small shared pieces of the meeting views: durations, retries, keys.

const pad = (n) => String(n).padStart(2, '0');

// 95000 -> '1:35'; 3725000 -> '1:02:05'; with hours: 95000 -> '0:01:35'
export function fmtDur(ms, hours) {
  const s = Math.max(0, Math.floor((ms || 0) / 1000));
  const hh = Math.floor(s / 3600), mm = Math.floor((s % 3600) / 60), ss = s % 60;
  return hh || hours ? `${hh}:${pad(mm)}:${pad(ss)}` : `${mm}:${pad(ss)}`;
}

export const isMemberId = (pid) => String(pid || '').startsWith('member:');

// A fresh idempotency key for one attempt to cast (PROTOCOL.md `vote.cast`).
export function newKey() {
  const b = new Uint8Array(9);
  crypto.getRandomValues(b);
  return 'k-' + [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

// Resolves once the connection is up again.
export function whenReady(conn, alive) {
  if (conn.state === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const off = conn.on('state', ({ state }) => {
      if (state === 'ready' || !alive()) { off(); resolve(); }
    });
  });
}

// Sends an op that is safe to repeat (the server answers `unchanged` or, with
// the same `key`, `duplicate`): when the connection drops before the answer,
// or is down when pressed, it waits for the reconnect and sends it again with
// the same args. `alive()` false gives up quietly (superseded, page left).
export async function persist(conn, op, args, alive = () => true) {
  for (;;) {
    try {
      return await conn.request(op, args);
    } catch (e) {
      if (!(e?.local && (e.code === 'connection_lost' || e.code === 'offline')) || !conn.auth) throw e;
      await whenReady(conn, alive);
      if (!alive()) return null;
    }
  }
}

// A view's "did anything I draw from change?": true when any value differs
// (by identity: the fold shares what an event did not touch) from last time.
export function changes() {
  let last = null;
  return (vals) => {
    const same = !!last && vals.every((v, i) => v === last[i]);
    last = vals;
    return !same;
  };
}
