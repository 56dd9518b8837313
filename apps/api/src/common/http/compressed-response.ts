/**
 * Response compression for the endpoints that opt in with `@CompressedResponse()`: the read-only lists (a
 * company's 500 cards are 119 KB of JSON, 0.6 s on a slow phone link; Lighthouse's dashboard paint waited for it).
 * Every other answer leaves uncompressed. The opt-in list is what keeps compression away from any body that
 * carries a secret (the CSRF token of `GET /me` and the login answer, the dev outbox's codes): a compressed body
 * that holds a secret next to text an attacker chose leaks the secret through its length (BREACH). The lists hold
 * no secret, and the session cookies are SameSite=Strict, so another site cannot make them be sent at all.
 * Library: @fastify/compress (fastify's own plugin); brotli at quality 4 (its default), gzip otherwise, and
 * nothing under 1 KB.
 */
import fastifyCompress from '@fastify/compress';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';

const COMPRESSED = 'compressedResponse';

/** Marks a GET handler whose answer holds no secret, so it may be sent compressed. */
export const CompressedResponse = () => RouteConfig({ [COMPRESSED]: true });

/** Before any route is registered: routes marked `@CompressedResponse()` get the plugin's onSend, no other does. */
export async function registerResponseCompression(fastify: FastifyInstance): Promise<void> {
  // runs before the plugin's own onRoute hook (registration order), which compresses only routes with `compress` set
  fastify.addHook('onRoute', (route) => {
    const config = route.config as Record<string, unknown> | undefined;
    if (config?.[COMPRESSED] !== true) return;
    // a write's answer may echo what was sent next to what was stored: only reads opt in (HEAD is fastify's twin of a GET)
    if (route.method !== 'GET' && route.method !== 'HEAD') throw new Error(`@CompressedResponse() on ${String(route.method)} ${route.url}: only GET answers are compressed`);
    route.compress = {};
  });
  await fastify.register(fastifyCompress as never, { global: false, encodings: ['br', 'gzip'], threshold: 1024 });
}
