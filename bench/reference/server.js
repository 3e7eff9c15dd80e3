// The reference peer (issue 6): what a team would write instead of chibo —
// Node.js with the `ws` package, the join + broadcast subset of
// protocol/PROTOCOL.md that the fan-out scenario uses: `hello` (any join link
// or token is accepted and joins `meeting`, default 1; `since` resumes from
// the in-memory log), `meeting.notice` (appends an event with the next seq
// and broadcasts it), `ping`. Each event is serialized once and the same
// string is sent to every member, as chibo does. Unlike chibo nothing is
// stored: no database, no fsync, no hash chain, no access rules.
//
//   node server.js [--port 0] [--host 127.0.0.1]
'use strict';
const http = require('http');
const { WebSocketServer } = require('ws');

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
};
const host = arg('--host', '127.0.0.1');
const port = Number(arg('--port', '0'));

const meetings = new Map(); // id -> { frames: [string], members: Set<ws> }
const meetingOf = (id) => {
  if (!meetings.has(id)) meetings.set(id, { frames: [], members: new Set() });
  return meetings.get(id);
};

const reply = (ws, re, result) => ws.send(JSON.stringify({ re, ok: true, result }));
const fail = (ws, re, code) =>
  ws.send(JSON.stringify({ re, ok: false, error: { code, message: code, message_en: code } }));

function onMessage(ws, text) {
  let req;
  try {
    req = JSON.parse(text);
  } catch {
    return fail(ws, null, 'bad_json');
  }
  const args = req.args || {};
  if (req.op === 'hello') {
    if (ws.participant) return fail(ws, req.id, 'already_authenticated');
    const auth = args.auth || {};
    const credential = auth.join || auth.token;
    if (typeof credential !== 'string') return fail(ws, req.id, 'auth_failed');
    ws.participant = auth.join ? 'member:' + credential : 'account:' + credential;
    const id = Number(args.meeting || 1);
    const m = meetingOf(id);
    ws.meeting = id;
    m.members.add(ws);
    reply(ws, req.id, {
      protocol: 1, server: 'reference', now: Date.now(),
      me: { participant: ws.participant, role: auth.join ? 'member' : 'secretary', meeting: id },
      joined: { meeting: { id }, head: m.frames.length, now: Date.now(), participants: [] },
    });
    for (let s = Number(args.since || 0); s < m.frames.length; ++s) ws.send(m.frames[s]);
    return;
  }
  if (!ws.participant) return fail(ws, req.id, 'hello_required');
  if (req.op === 'ping') return reply(ws, req.id, { now: Date.now() });
  if (req.op === 'meeting.notice') {
    const m = meetingOf(ws.meeting);
    const seq = m.frames.length + 1;
    const frame = JSON.stringify({
      ev: 'notice', meeting: ws.meeting, seq, ts: Date.now(), actor: ws.participant,
      data: { text: String(args.text || ''), by: ws.participant },
    });
    m.frames.push(frame);
    for (const member of m.members) member.send(frame);
    return reply(ws, req.id, { seq });
  }
  return fail(ws, req.id, 'unknown_op');
}

const server = http.createServer((req, res) => {
  res.writeHead(404);
  res.end();
});
const wss = new WebSocketServer({ server, path: '/ws', perMessageDeflate: false, maxPayload: 1 << 20 });
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => (isBinary ? ws.close(4400) : onMessage(ws, data.toString())));
  ws.on('close', () => {
    if (ws.meeting !== undefined) meetingOf(ws.meeting).members.delete(ws);
  });
  ws.on('error', () => {});
});
server.listen(port, host, () => {
  console.log(`reference: listening on http://${host}:${server.address().port}`);
});
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
