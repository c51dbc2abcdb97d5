// A `ws` WebSocket client for the interop tests.
//
//   node client.mjs URL [PROTOCOL...]
//
// Reads commands from stdin, one JSON object per line, and runs them in order once the connection is
// open (commands that arrive earlier wait):
//   {"send":"text","data":"..."}      a text message
//   {"send":"binary","base64":"..."}  a binary message
//   {"close":true}                    ws.close(): an empty close body
//   {"close":true,"code":4000,"reason":"bye"}   ws.close(code, reason)
//   {"closeRaw":true,"code":1005,"reason":"x"} a masked close frame with ANY code, written straight to
//                                     the TCP socket (ws.close() refuses invalid codes); "bodyHex" for a
//                                     raw body
// Prints one JSON line per event:
//   {"event":"open","protocol":"v1","extensions":""}
//   {"event":"message","type":"text","data":"..."} / {"event":"message","type":"binary","base64":"..."}
//   {"event":"close","code":4000,"reason":"bye"}   (the code and reason received; 1005 for an empty body,
//                                                   1006 when no close frame arrived)
//   {"event":"error","message":"...","code":"..."}
//   {"event":"socket-error","message":"...","code":"ECONNRESET"}   (a TCP error, which ws itself swallows)
// and exits after the close event.
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { out, messageEvent, closeFrame, maskFrame } from './common.mjs';

const [url, ...protocols] = process.argv.slice(2);
const ws = new WebSocket(url, protocols, { maxPayload: 64 * 1024 * 1024 });
const pending = [];
let open = false;

function run(command) {
  if (command.send === 'text') ws.send(command.data, { binary: false });
  else if (command.send === 'binary') ws.send(Buffer.from(command.base64, 'base64'), { binary: true });
  else if (command.close) {
    if (command.code === undefined) ws.close();
    else ws.close(command.code, command.reason ?? '');
  } else if (command.closeRaw) {
    ws._socket.write(maskFrame(closeFrame({ code: command.code ?? null, reason: command.reason ?? '', bodyHex: command.bodyHex ?? null })));
  } else throw new Error(`unknown command ${JSON.stringify(command)}`);
}

ws.on('open', () => {
  open = true;
  out({ event: 'open', protocol: ws.protocol, extensions: ws.extensions });
  // ws swallows TCP errors (a reset, say); report them for diagnosis.
  ws._socket.on('error', e => out({ event: 'socket-error', message: e.message, code: e.code ?? null }));
  for (const command of pending.splice(0)) run(command);
});
ws.on('message', (data, isBinary) => out(messageEvent(data, isBinary)));
ws.on('error', e => out({ event: 'error', message: e.message, code: e.code ?? null }));
ws.on('close', (code, reason) => {
  out({ event: 'close', code, reason: reason.toString('utf8') });
  process.exit(0);
});

createInterface({ input: process.stdin, crlfDelay: Infinity }).on('line', line => {
  if (line.trim() === '') return;
  const command = JSON.parse(line);
  if (open) run(command);
  else pending.push(command);
});
