// The body of an HTTP/1.1 response sent with chunked transfer coding, as its bytes arrive: what
// the bench's stream reader (task-streams.ts) needs of an HTTP client, and no more.
const CRLF = Buffer.from('\r\n');

/**
 * Undoes HTTP/1.1 chunked transfer coding as bytes arrive: `push` takes what the socket read and
 * returns the body bytes in it (the chunk-size lines and their CRLFs taken out).
 */
export function chunkedBody(): { push(bytes: Buffer): Buffer[] } {
  let pending = Buffer.alloc(0);
  /** Body bytes still to come in the current chunk, then its CRLF. */
  let remaining = 0;
  let trailer = 0;
  /** The last chunk (size 0) has come: what follows is its empty trailer, not body. */
  let ended = false;
  return {
    push(bytes) {
      const out: Buffer[] = [];
      if (ended) return out;
      let input = pending.length === 0 ? bytes : Buffer.concat([pending, bytes]);
      pending = Buffer.alloc(0);
      while (input.length > 0) {
        if (trailer > 0) {
          const skip = Math.min(trailer, input.length);
          trailer -= skip;
          input = input.subarray(skip);
          continue;
        }
        if (remaining > 0) {
          const take = Math.min(remaining, input.length);
          out.push(input.subarray(0, take));
          remaining -= take;
          input = input.subarray(take);
          if (remaining === 0) trailer = CRLF.length;
          continue;
        }
        const lineEnd = input.indexOf(CRLF);
        if (lineEnd === -1) {
          pending = Buffer.from(input);
          break;
        }
        // The size is hex, possibly followed by extensions after a ';'.
        remaining = Number.parseInt(input.subarray(0, lineEnd).toString('latin1'), 16);
        input = input.subarray(lineEnd + CRLF.length);
        if (!Number.isFinite(remaining))
          throw new Error('malformed chunk size in the event stream');
        if (remaining === 0) {
          ended = true;
          break;
        }
      }
      return out;
    },
  };
}
