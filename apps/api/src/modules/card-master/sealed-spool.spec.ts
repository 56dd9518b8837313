import { describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { SealedSpool, SpoolCorrupted, SpoolLimitExceeded } from './sealed-spool.js';

const PAN = '3540123456789012';

async function spoolOf(content: string, dir: string, maxBytes = 10_000_000) {
  // many small chunks, like a network upload
  const chunks = content.match(/[\s\S]{1,1000}/g) ?? [];
  return SealedSpool.write(Readable.from(chunks.map((c) => Buffer.from(c))), maxBytes, dir);
}

describe('SealedSpool', () => {
  it('round-trips multi-frame content and never writes it in clear', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spool-spec-'));
    const content = Array.from({ length: 20_000 }, (_, i) => `5010001000001,${PAN},3012,1234,山田 太郎${i}\n`).join('');
    const spool = await spoolOf(content, dir);
    expect(spool.bytes).toBe(Buffer.byteLength(content));
    const onDisk = await readFile(spool.path);
    expect(onDisk.includes(Buffer.from(PAN))).toBe(false);
    expect(onDisk.includes(Buffer.from('山田'))).toBe(false);
    await expect(text(spool.open())).resolves.toBe(content);
    await spool.discard();
    await expect(readdir(dir)).resolves.toEqual([]);
  });

  it('handles an empty upload', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spool-spec-'));
    const spool = await spoolOf('', dir);
    await expect(text(spool.open())).resolves.toBe('');
    await spool.discard();
  });

  it('refuses an upload over the limit and leaves no file behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spool-spec-'));
    await expect(spoolOf('x'.repeat(5000), dir, 4096)).rejects.toBeInstanceOf(SpoolLimitExceeded);
    await expect(readdir(dir)).resolves.toEqual([]);
  });

  it('detects a flipped bit and a truncated file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spool-spec-'));
    const content = 'a'.repeat(200_000);
    const tampered = await spoolOf(content, dir);
    const bytes = await readFile(tampered.path);
    bytes[100] = bytes[100]! ^ 1;
    await writeFile(tampered.path, bytes);
    await expect(text(tampered.open())).rejects.toBeInstanceOf(SpoolCorrupted);

    const truncated = await spoolOf(content, dir);
    const whole = await readFile(truncated.path);
    // drop the last frame entirely: every remaining frame still authenticates
    await writeFile(truncated.path, whole.subarray(0, 2 * (5 + 65_536 + 16)));
    await expect(text(truncated.open())).rejects.toBeInstanceOf(SpoolCorrupted);
  });
});
