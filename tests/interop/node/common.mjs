// Shared helpers for the interop peers: one JSON object per line on stdout, and raw frames for the
// cases `ws` refuses to produce (it validates close codes before sending them).

/** Writes one event as a JSON line on stdout. */
export function out(event) {
  process.stdout.write(JSON.stringify(event) + '\n');
}

/** Describes a received message: text as `data`, binary as `base64`. */
export function messageEvent(data, isBinary, extra = {}) {
  const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
  return isBinary
    ? { event: 'message', ...extra, type: 'binary', base64: buffer.toString('base64') }
    : { event: 'message', ...extra, type: 'text', data: buffer.toString('utf8') };
}

/**
 * Builds the bytes of a close frame with any code and reason, valid or not.
 * code: a number (written as 2 bytes, taken modulo 65536) or null for no code.
 * body: optional raw body bytes (hex) that replace code and reason, e.g. a 1-byte body.
 */
export function closeFrame({ code = null, reason = '', bodyHex = null }) {
  let body;
  if (bodyHex !== null) {
    body = Buffer.from(bodyHex, 'hex');
  } else if (code === null) {
    body = Buffer.alloc(0);
  } else {
    const reasonBytes = Buffer.from(reason, 'utf8');
    body = Buffer.alloc(2 + reasonBytes.length);
    body.writeUInt16BE(code & 0xffff, 0);
    reasonBytes.copy(body, 2);
  }
  return frame(0x8, body);
}

/** Builds an unmasked frame with FIN set (a server's frame). */
export function frame(opcode, payload) {
  const header = payload.length < 126
    ? Buffer.from([0x80 | opcode, payload.length])
    : Buffer.from([0x80 | opcode, 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([header, payload]);
}

/**
 * Masks an unmasked frame (as a client must send it): sets the mask bit, inserts a random key and
 * masks the payload. Payloads up to 65,535 bytes.
 */
export function maskFrame(unmasked) {
  const short = unmasked[1] & 0x7f;
  const headerLength = short === 126 ? 4 : 2;
  const header = Buffer.from(unmasked.subarray(0, headerLength));
  header[1] |= 0x80;
  const key = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);
  const payload = Buffer.from(unmasked.subarray(headerLength));
  for (let i = 0; i < payload.length; i++) payload[i] ^= key[i % 4];
  return Buffer.concat([header, key, payload]);
}
