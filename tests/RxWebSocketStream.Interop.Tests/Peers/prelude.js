// Helpers for the browser interop tests, evaluated once in each page before the test's own script.
// Every helper returns plain JSON-able values, so Runtime.evaluate can hand them back by value.
globalThis.rx = {
  /** Opens a WebSocketStream and waits for `opened`; keeps reader and writer for later steps. */
  async open(url, options) {
    const stream = new WebSocketStream(url, options);
    const opened = await stream.opened;
    return {
      stream,
      reader: opened.readable.getReader(),
      writer: opened.writable.getWriter(),
      protocol: opened.protocol,
      extensions: opened.extensions,
    };
  },

  /** Type, UTF-8 byte length and SHA-256 of a message value (a string, ArrayBuffer or typed array). */
  async describe(value) {
    const isText = typeof value === 'string';
    const bytes = isText ? new TextEncoder().encode(value)
      : value instanceof ArrayBuffer ? new Uint8Array(value)
      : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    return {
      type: isText ? 'text' : 'binary',
      length: bytes.length,
      sha256: Array.from(digest, b => b.toString(16).padStart(2, '0')).join(''),
      ctor: isText ? 'String' : value.constructor.name,
    };
  },

  /** The outcome of `closed`: {ok, closeCode, reason} or the rejection's name, code and reason. */
  async closed(stream) {
    try {
      const { closeCode, reason } = await stream.closed;
      return { ok: true, closeCode: closeCode ?? null, reason };
    } catch (e) {
      return { ok: false, name: e.name, closeCode: e.closeCode ?? null, reason: e.reason ?? null, message: e.message };
    }
  },

  /** Reads until the readable ends; returns the descriptions of what arrived and how the read ended. */
  async drain(reader) {
    const messages = [];
    try {
      while (true) {
        const { value, done } = await reader.read();
        if (done) return { messages, done: true };
        messages.push(await rx.describe(value));
      }
    } catch (e) {
      return { messages, done: false, name: e.name, closeCode: e.closeCode ?? null, reason: e.reason ?? null };
    }
  },

  /** The outcome of calling f synchronously: {ok} or the exception's name. */
  attempt(f) {
    try {
      f();
      return { ok: true };
    } catch (e) {
      return { ok: false, name: e.name, message: e.message };
    }
  },

  /** 1 MiB of text with 1- to 4-byte characters, the same as the C# tests' TestData.OneMiBText. */
  oneMiBText() {
    return 'abcdefgh-é-€-😀-0123456789\n'.repeat(1024 * 1024 / 32);
  },

  /** 1 MiB of binary: byte i is i mod 251, the same as TestData.OneMiBBinary. */
  oneMiBBinary() {
    const bytes = new Uint8Array(1024 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 251;
    return bytes;
  },
};
true;
