/**
 * A stand-in for `fetch` in node-environment tests: answers by "METHOD /path" (path after /api/v1, without
 * the query), records every request, and fails the test loudly on an unexpected call.
 */
export interface RecordedRequest {
  method: string;
  url: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
  rawBody: unknown;
  credentials: RequestCredentials | undefined;
}

type Reply = Response | (() => Response) | ((request: RecordedRequest) => Response);

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function problem(status: number, code: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title: code, status, code, ...extra }), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

export class FetchStub {
  readonly requests: RecordedRequest[] = [];
  private readonly replies = new Map<string, Reply[]>();
  private original: typeof fetch | undefined;

  /** Queue a reply; several replies for the same route are used in order, the last one repeats. */
  on(route: string, reply: Reply): this {
    const list = this.replies.get(route) ?? [];
    list.push(reply);
    this.replies.set(route, list);
    return this;
  }

  install(): this {
    this.original = globalThis.fetch;
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      const parsed = new URL(url, 'http://localhost');
      const path = parsed.pathname.replace(/^\/api\/v1/, '');
      const headers = Object.fromEntries(Object.entries((init?.headers as Record<string, string>) ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
      const rawBody = init?.body;
      let body: unknown = rawBody;
      if (typeof rawBody === 'string' && headers['content-type'] === 'application/json') body = JSON.parse(rawBody);
      const method = init?.method ?? 'GET';
      const request: RecordedRequest = { method, url, path, query: parsed.searchParams, headers, body, rawBody, credentials: init?.credentials };
      this.requests.push(request);
      const key = `${method} ${path}`;
      const list = this.replies.get(key);
      if (!list?.length) throw new Error(`unexpected request ${key}`);
      const reply = list.length > 1 ? list.shift()! : list[0]!;
      return typeof reply === 'function' ? reply(request) : reply.clone();
    }) as typeof fetch;
    return this;
  }

  restore(): void {
    if (this.original) globalThis.fetch = this.original;
  }

  last(route?: string): RecordedRequest {
    const matching = route ? this.requests.filter((r) => `${r.method} ${r.path}` === route) : this.requests;
    const found = matching[matching.length - 1];
    if (!found) throw new Error(`no request ${route ?? ''}`);
    return found;
  }
}

/** node has no `document`; the client reads cookies from `document.cookie`. */
export function setCookies(cookie: string): () => void {
  const previous = Object.getOwnPropertyDescriptor(globalThis, 'document');
  Object.defineProperty(globalThis, 'document', { value: { cookie }, configurable: true, writable: true });
  return () => {
    if (previous) Object.defineProperty(globalThis, 'document', previous);
    else delete (globalThis as { document?: unknown }).document;
  };
}
