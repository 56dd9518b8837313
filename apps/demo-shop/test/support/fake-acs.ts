/**
 * A stand-in for the EXTERNAL issuer ACS in the shop's own tests: a real HTTP peer that records what it receives
 * and answers AReqs and verifications as the test tells it. (The real ACS is tested against the shop in
 * acs.e2e-spec.ts.)
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

export class FakeAcs {
  readonly received: Received[] = [];
  answerAReq: (areq: Record<string, unknown>) => unknown = () => ({});
  answerVerification: (request: Record<string, unknown>) => unknown = () => ({ valid: true, transStatus: 'Y', eci: '05' });
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      request.on('end', () => {
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(text) as Record<string, unknown>;
        } catch {
          body = { raw: text };
        }
        this.received.push({ path: request.url ?? '', headers: request.headers, body });
        const answer =
          request.url === '/3ds/v2/areq'
            ? this.answerAReq(body)
            : request.url === '/3ds/v2/authentication-values/verification'
              ? this.answerVerification(body)
              : undefined;
        response.writeHead(answer === undefined ? 404 : 200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(answer ?? { error: 'not found' }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  areqs(): Record<string, unknown>[] {
    return this.received.filter((r) => r.path === '/3ds/v2/areq').map((r) => r.body);
  }

  verifications(): Received[] {
    return this.received.filter((r) => r.path === '/3ds/v2/authentication-values/verification');
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
