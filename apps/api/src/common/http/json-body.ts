/**
 * JSON bodies are measured before they are parsed: deeper than JSON_MAX_DEPTH levels or wider than
 * JSON_MAX_WIDTH members in one array or object is refused (400 MALFORMED_REQUEST). No request of the contract
 * nests deeper than 3 levels; 3,000 levels (18 KB, no login needed) overflowed class-transformer's stack (a 500),
 * and a very wide object turned into one field error per unknown key.
 * The scan is one pass over the text with a small stack of counters, so it costs less than the parse itself.
 */
import type { FastifyRequest } from 'fastify';

export const JSON_MAX_DEPTH = 16;
export const JSON_MAX_WIDTH = 256;

/** undefined when the text is within bounds; otherwise what is wrong (for tests and logs, never sent). */
export function jsonShapeProblem(text: string, maxDepth = JSON_MAX_DEPTH, maxWidth = JSON_MAX_WIDTH): 'DEPTH' | 'WIDTH' | undefined {
  const members: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i += 1; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
      continue;
    }
    if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) {
      if (members.length >= maxDepth) return 'DEPTH';
      members.push(1);
    } else if (char === 0x7d || char === 0x5d) members.pop();
    else if (char === 0x2c && members.length > 0) {
      const top = members.length - 1;
      members[top] = members[top]! + 1;
      if (members[top]! > maxWidth) return 'WIDTH';
    }
  }
  return undefined;
}

type Done = (error: Error | null, body?: unknown) => void;
type JsonParser = (request: FastifyRequest, body: string | Buffer, done: Done) => void;

/** Wraps fastify's own JSON parser (which keeps its __proto__ / constructor poisoning checks). */
export function boundedJsonParser(parse: JsonParser, refuse: () => Error): (request: FastifyRequest, body: Buffer, done: Done) => void {
  return (request, body, done) => {
    const text = body.toString('utf8');
    if (jsonShapeProblem(text) !== undefined) return done(refuse());
    parse(request, text, done);
  };
}
