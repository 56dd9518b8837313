/**
 * HMAC-SHA256 (RFC 2104) for the paths that compute one per row: audit verification and sealing, the receipt
 * numbers of a list page. `createHmac` builds a native HMAC context (the key schedule and two hash objects) for
 * every call, about 4 µs; here the key's two padded blocks are prepared once and each MAC is two one-shot
 * `crypto.hash` calls over a reused buffer, about 1.5 µs (docs/PERFORMANCE.md, sixth pass). The digests travel
 * as 'binary' (latin1) strings, one byte a character: node 20's `'buffer'` output takes a slow path in its
 * encoding check (0.95 against 0.37 µs a call). The output is the same bytes as `createHmac('sha256', key)`
 * over the parts in order (`hmac-sha256.spec.ts` compares them). Not for card data: the message passes through
 * a buffer shared by every call (wiped after each one).
 */
import { hash } from 'node:crypto';

const BLOCK = 64;
const DIGEST = 32;

export type HmacSha256 = (...parts: readonly (Buffer | string)[]) => Buffer;

let scratch = Buffer.alloc(1024);

/** A MAC function under `key`; the same key (object) gives the same function, so callers need not keep it. */
export function hmacSha256(key: Buffer): HmacSha256 {
  let mac = prepared.get(key);
  if (!mac) {
    mac = prepare(key);
    prepared.set(key, mac);
  }
  return mac;
}

const prepared = new WeakMap<Buffer, HmacSha256>();

function prepare(key: Buffer): HmacSha256 {
  const blockKey = key.length > BLOCK ? hash('sha256', key, 'buffer') : key;
  const innerPad = Buffer.alloc(BLOCK, 0x36);
  // the outer block followed by room for the inner digest: the second hash reads it whole
  const outer = Buffer.alloc(BLOCK + DIGEST, 0x5c);
  for (let i = 0; i < blockKey.length; i += 1) {
    innerPad[i]! ^= blockKey[i]!;
    outer[i]! ^= blockKey[i]!;
  }
  return (...parts) => {
    // a UTF-16 code unit is at most 3 bytes of UTF-8: enough room without measuring each string first
    let room = BLOCK;
    for (const part of parts) room += typeof part === 'string' ? part.length * 3 : part.length;
    if (room > scratch.length) scratch = Buffer.alloc(Math.max(room, scratch.length * 2));
    innerPad.copy(scratch, 0);
    let end = BLOCK;
    for (const part of parts) end += typeof part === 'string' ? scratch.write(part, end) : part.copy(scratch, end);
    outer.write(hash('sha256', scratch.subarray(0, end), 'binary'), BLOCK, 'binary');
    scratch.fill(0, BLOCK, end);
    return Buffer.from(hash('sha256', outer, 'binary'), 'binary');
  };
}
