/**
 * A temporary file for a card upload that never holds a PAN or PIN in clear (PCI DSS 3.5): the bytes are sealed
 * with AES-256-GCM under a random key that lives only in this process's memory, so the file is unreadable once
 * the process is gone. The content is cut into frames, each with its own nonce and tag, so every byte is
 * authenticated before it is parsed; each frame header (length + "last frame" flag) is the frame's AAD, so a
 * truncated, reordered or altered file fails instead of importing part of a card list.
 *
 * Frame: u32 plaintext length | u8 last (0/1) | ciphertext | 16-byte tag; nonce = 96-bit frame counter.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const FRAME_BYTES = 64 * 1024;
const HEADER_BYTES = 5;
const TAG_BYTES = 16;
const SUFFIX = '.sealed';

export const SPOOL_DIR = join(tmpdir(), 'corpweb-card-imports');

/** Thrown when the upload grows past the limit; the caller answers 413. */
export class SpoolLimitExceeded extends Error {
  constructor() {
    super('upload exceeds the size limit');
    this.name = 'SpoolLimitExceeded';
  }
}

export class SpoolCorrupted extends Error {
  constructor(reason: string) {
    super(`sealed spool rejected: ${reason}`);
    this.name = 'SpoolCorrupted';
  }
}

function nonce(counter: number): Buffer {
  const iv = Buffer.alloc(12);
  iv.writeBigUInt64BE(BigInt(counter), 4);
  return iv;
}

function header(length: number, last: boolean): Buffer {
  const head = Buffer.alloc(HEADER_BYTES);
  head.writeUInt32BE(length, 0);
  head.writeUInt8(last ? 1 : 0, 4);
  return head;
}

export class SealedSpool {
  private constructor(
    readonly path: string,
    private readonly key: Buffer,
    readonly bytes: number,
  ) {}

  /**
   * Streams `source` into a new sealed file. Refuses (and deletes the file) once more than `maxBytes` arrive.
   * The source is read through an iterator that does not destroy it, so the HTTP layer can still answer 413.
   */
  static async write(source: AsyncIterable<Buffer | string>, maxBytes: number, dir = SPOOL_DIR): Promise<SealedSpool> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const path = join(dir, `${randomUUID()}${SUFFIX}`);
    const key = randomBytes(32);
    let bytes = 0;
    async function* seal(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
      let counter = 0;
      const frame = (plain: Buffer, last: boolean): Buffer => {
        const head = header(plain.length, last);
        const cipher = createCipheriv('aes-256-gcm', key, nonce(counter));
        counter += 1;
        cipher.setAAD(head);
        return Buffer.concat([head, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      };
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      for await (const raw of chunks) {
        const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
        bytes += chunk.length;
        if (bytes > maxBytes) throw new SpoolLimitExceeded();
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes < FRAME_BYTES) continue;
        let all = Buffer.concat(pending, pendingBytes);
        while (all.length >= FRAME_BYTES) {
          yield frame(all.subarray(0, FRAME_BYTES), false);
          all = all.subarray(FRAME_BYTES);
        }
        pending = [all];
        pendingBytes = all.length;
      }
      yield frame(Buffer.concat(pending, pendingBytes), true);
    }
    try {
      await pipeline(source, seal, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      key.fill(0);
      await rm(path, { force: true });
      throw error;
    }
    return new SealedSpool(path, key, bytes);
  }

  /** The plaintext, authenticated frame by frame; errors with SpoolCorrupted on any tampering or truncation. */
  open(): Readable {
    const key = this.key;
    async function* unseal(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
      let counter = 0;
      let buffered: Buffer = Buffer.alloc(0);
      let sawLast = false;
      for await (const chunk of chunks) {
        buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
        while (buffered.length >= HEADER_BYTES) {
          const length = buffered.readUInt32BE(0);
          if (length > FRAME_BYTES) throw new SpoolCorrupted('frame too long');
          const total = HEADER_BYTES + length + TAG_BYTES;
          if (buffered.length < total) break;
          if (sawLast) throw new SpoolCorrupted('data after the last frame');
          const head = buffered.subarray(0, HEADER_BYTES);
          const decipher = createDecipheriv('aes-256-gcm', key, nonce(counter));
          counter += 1;
          decipher.setAAD(head);
          decipher.setAuthTag(buffered.subarray(HEADER_BYTES + length, total));
          let plain: Buffer;
          try {
            plain = Buffer.concat([decipher.update(buffered.subarray(HEADER_BYTES, HEADER_BYTES + length)), decipher.final()]);
          } catch {
            throw new SpoolCorrupted('authentication failed');
          }
          sawLast = head.readUInt8(4) === 1;
          buffered = buffered.subarray(total);
          if (plain.length > 0) yield plain;
        }
      }
      if (!sawLast || buffered.length > 0) throw new SpoolCorrupted('truncated');
    }
    return Readable.from(unseal(createReadStream(this.path)), { objectMode: false });
  }

  /** Deletes the file and forgets the key. Safe to call twice. */
  async discard(): Promise<void> {
    this.key.fill(0);
    await rm(this.path, { force: true });
  }

  /**
   * Files left by a crashed process are unreadable (their key died with it) but still take disk space;
   * anything older than `olderThanMs` is removed at startup.
   */
  static async sweep(olderThanMs: number, now: Date, dir = SPOOL_DIR): Promise<number> {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of names.filter((n) => n.endsWith(SUFFIX))) {
      const path = join(dir, name);
      try {
        const info = await stat(path);
        if (now.getTime() - info.mtimeMs > olderThanMs) {
          await rm(path, { force: true });
          removed += 1;
        }
      } catch {
        // removed concurrently
      }
    }
    return removed;
  }
}
