/**
 * The SPA's files as a browser gets them from the built API (issue 13 "static files as users get them"): the
 * build's precompressed brotli/gzip copies sent byte for byte with Content-Encoding and Vary, hashed assets
 * cached for good, the shell revalidated. Raw HTTP (node:http), because fetch would decode the body.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const BASE = process.env.BROWSER_BASE_URL!;
const DIST = resolve(fileURLToPath(import.meta.url), '../../../dist');
const IMMUTABLE = 'public, max-age=31536000, immutable';

function get(path: string, acceptEncoding?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((done, fail) => {
    const headers: Record<string, string> = acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding };
    request(`${BASE}${path}`, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', fail);
    }).on('error', fail).end();
  });
}

const html = readFileSync(join(DIST, 'index.html'), 'utf8');
const entry = /<script[^>]+type="module"[^>]*\ssrc="\/(assets\/[^"]+\.js)"/.exec(html)![1]!;
const stylesheet = /<link[^>]+rel="stylesheet"[^>]*\shref="\/(assets\/[^"]+\.css)"/.exec(html)![1]!;

describe('static files', () => {
  it.each([entry, stylesheet])('a brotli request for %s gets the build’s .br bytes, immutable, varying on Accept-Encoding', async (file) => {
    const response = await get(`/${file}`, 'gzip, deflate, br');
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['vary']).toMatch(/accept-encoding/i);
    expect(response.headers['cache-control']).toBe(IMMUTABLE);
    expect(response.headers['content-type']).toMatch(file.endsWith('.js') ? /javascript/ : /text\/css/);
    expect(response.body.equals(readFileSync(join(DIST, `${file}.br`)))).toBe(true);
  });

  it('a gzip-only request gets the .gz bytes; no Accept-Encoding gets the plain file', async () => {
    const gzip = await get(`/${entry}`, 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.body.equals(readFileSync(join(DIST, `${entry}.gz`)))).toBe(true);
    const plain = await get(`/${entry}`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['vary']).toMatch(/accept-encoding/i);
    expect(plain.headers['cache-control']).toBe(IMMUTABLE);
    expect(plain.body.equals(readFileSync(join(DIST, entry)))).toBe(true);
  });

  it('the lazy password-strength chunk is precompressed and immutable too', async () => {
    const chunk = `assets/${readdirSync(join(DIST, 'assets')).find((name) => /^password-strength-[\w-]+\.js$/.test(name))!}`;
    const response = await get(`/${chunk}`, 'br');
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['cache-control']).toBe(IMMUTABLE);
    expect(response.body.equals(readFileSync(join(DIST, `${chunk}.br`)))).toBe(true);
  });

  it.each(['/', '/login', '/backoffice/login'])('the shell at %s is brotli, revalidated on every load (no-cache)', async (path) => {
    const response = await get(path, 'br, gzip');
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['vary']).toMatch(/accept-encoding/i);
    expect(response.body.equals(readFileSync(join(DIST, 'index.html.br')))).toBe(true);
  });

  it('an unhashed public file is not immutable', async () => {
    const response = await get('/favicon.svg', 'br');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-cache');
  });
});
