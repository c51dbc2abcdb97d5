// A `ws` WebSocket server for the interop tests.
//
//   node server.mjs
//
// Listens on 127.0.0.1 at a free port and prints {"event":"listening","port":N} first. Then one JSON line
// per event, each with "conn" (connections are numbered from 1) and "id" (the URL's ?id=, or null), so one
// server can serve many tests at once:
//   {"event":"connection","conn":1,"path":"/echo","query":"...","protocol":"v1","protocols":["v1","v2"]}
//   {"event":"message","conn":1,"type":"text","data":"..."} / {"type":"binary","base64":"..."}
//   {"event":"close","conn":1,"code":4000,"reason":"bye"}   (ws's 'close' event: the code and reason
//                                                           received, 1005 when the body was empty)
//   {"event":"error","conn":1,"message":"...","code":"WS_ERR_..."}
//
// Every path echoes each message with its type (unless ?echo=0). When the client closes, ws answers with
// the client's code and reason (ws's own behaviour). What else happens is chosen by the URL:
//   /echo                               nothing else
//   /close?code=4000&reason=bye&after=N ws.close(code, reason) after N messages (default 0);
//                                       no code: ws.close() (an empty close body)
//   /close-raw?code=1005&reason=x&after=N  writes a close frame with ANY code straight to the TCP socket
//                                       (ws.close() refuses invalid codes); bodyHex=.. for a raw body
//   /raw?hex=...&after=N                writes the given bytes (an unmasked frame) straight to the socket
//   /ping?every=MS&timeout=MS           pings every MS ms (one at a time), printing {"event":"pong"} for each
//                                       answer; a ping unanswered for timeout ms (default 5000) terminates the
//                                       connection ({"event":"terminated"}): the heartbeat ws's README recommends
//   ?accept=v2&accept=v1                sub-protocols the server accepts, first offered match wins;
//                                       none accepted: no Sec-WebSocket-Protocol header
// Exits when stdin ends, so a dying test never leaves it behind.
import { WebSocketServer } from 'ws';
import { out, messageEvent, closeFrame } from './common.mjs';

const wss = new WebSocketServer({
  host: '127.0.0.1',
  port: 0,
  maxPayload: 64 * 1024 * 1024,
  handleProtocols(protocols, request) {
    const accept = new URL(request.url, 'http://127.0.0.1').searchParams.getAll('accept');
    for (const p of protocols) if (accept.includes(p)) return p;
    return false;
  },
});

let connections = 0;
wss.on('listening', () => out({ event: 'listening', port: wss.address().port }));
wss.on('connection', (ws, request) => {
  const conn = ++connections;
  const url = new URL(request.url, 'http://127.0.0.1');
  const q = url.searchParams;
  const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map(s => s.trim()).filter(Boolean);
  const tag = { conn, id: q.get('id') };
  out({ event: 'connection', ...tag, path: url.pathname, query: url.search, protocol: ws.protocol, protocols: offered });

  const after = Number(q.get('after') ?? '0');
  const echo = q.get('echo') !== '0';
  let received = 0;
  const act = () => {
    switch (url.pathname) {
      case '/close':
        if (q.has('code')) ws.close(Number(q.get('code')), q.get('reason') ?? '');
        else ws.close();
        break;
      case '/close-raw':
        ws._socket.write(closeFrame({
          code: q.has('code') ? Number(q.get('code')) : null,
          reason: q.get('reason') ?? '',
          bodyHex: q.get('bodyHex'),
        }));
        break;
      case '/raw':
        ws._socket.write(Buffer.from(q.get('hex') ?? '', 'hex'));
        break;
      default:
        break;
    }
  };

  ws.on('message', (data, isBinary) => {
    out(messageEvent(data, isBinary, tag));
    if (echo) ws.send(data, { binary: isBinary });
    if (++received === after) act();
  });
  if (url.pathname === '/ping') {
    // A ping every `every` ms, one at a time; one unanswered for `timeout` ms (default 5000, generous for a
    // loaded machine) terminates the connection.
    const timeout = Number(q.get('timeout') ?? '5000');
    let sentAt = null;
    const timer = setInterval(() => {
      if (sentAt !== null) {
        if (Date.now() - sentAt > timeout) {
          out({ event: 'terminated', ...tag });
          clearInterval(timer);
          ws.terminate();
        }
        return;
      }
      sentAt = Date.now();
      ws.ping();
    }, Number(q.get('every') ?? '50'));
    ws.on('pong', () => { sentAt = null; out({ event: 'pong', ...tag }); });
    ws.on('close', () => clearInterval(timer));
  }

  ws.on('close', (code, reason) => out({ event: 'close', ...tag, code, reason: reason.toString('utf8') }));
  ws.on('error', e => out({ event: 'error', ...tag, message: e.message, code: e.code ?? null }));
  if (after === 0) act();
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
