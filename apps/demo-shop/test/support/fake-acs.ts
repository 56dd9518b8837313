/**
 * A stand-in for the EXTERNAL issuer ACS in the shop's own tests: a real HTTP peer that records what it receives
 * and answers AReqs and verifications as the test tells it. For the browser test it also serves a bare challenge
 * page (no script): "approve" or "cancel" sends the RReq to `dsUrl` and shows a form posting the final CRes to the
 * AReq's notificationURL.
 */
import { randomUUID } from 'node:crypto';
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
        if (request.url?.startsWith('/3ds/v2/challenge')) {
          void this.challenge(request.url, Object.fromEntries(new URLSearchParams(text))).then((html) => {
            response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': 'frame-ancestors *' });
            response.end(html);
          });
          return;
        }
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

  /** where the challenge's RReq goes (the shop's /ds/rreq) */
  dsUrl = '';
  readonly transactions = new Map<string, { areq: Record<string, unknown>; ares: Record<string, unknown> }>();

  /** answers every AReq with a challenge */
  challengeEverything(): void {
    this.answerAReq = (areq) => {
      const ares = {
        messageType: 'ARes', messageVersion: areq.messageVersion, threeDSServerTransID: areq.threeDSServerTransID,
        dsTransID: areq.dsTransID, acsTransID: randomUUID(), transStatus: 'C', acsURL: `${this.url}/3ds/v2/challenge`,
        acsChallengeMandated: 'Y', authenticationType: '01',
      };
      this.transactions.set(ares.acsTransID, { areq, ares });
      return ares;
    };
  }

  private async challenge(url: string, form: Record<string, string>): Promise<string> {
    const page = (body: string) =>
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fake ACS</title></head><body><main>${body}</main></body></html>`;
    if (url === '/3ds/v2/challenge') {
      const creq = JSON.parse(Buffer.from(form.creq ?? '', 'base64url').toString('utf8')) as { acsTransID: string; challengeWindowSize: string };
      this.received.push({ path: url, headers: {}, body: { creq, threeDSSessionData: form.threeDSSessionData } });
      return page(`<h1>Fake ACS challenge (${creq.challengeWindowSize})</h1>
        <form method="post" action="/3ds/v2/challenge/answer">
          <input type="hidden" name="acsTransID" value="${creq.acsTransID}">
          <input type="hidden" name="threeDSSessionData" value="${form.threeDSSessionData ?? ''}">
          <button name="action" value="approve">Approve</button> <button name="action" value="cancel">Cancel</button>
        </form>`);
    }
    const transaction = this.transactions.get(form.acsTransID ?? '')!;
    const approved = form.action === 'approve';
    const { areq, ares } = transaction;
    await fetch(this.dsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        messageType: 'RReq', messageVersion: ares.messageVersion, threeDSServerTransID: ares.threeDSServerTransID,
        dsTransID: ares.dsTransID, acsTransID: ares.acsTransID, messageCategory: '01', authenticationType: '01',
        interactionCounter: '01',
        ...(approved
          ? { transStatus: 'Y', eci: '05', authenticationValue: 'AAABBEg0VhI0VniQEjRWAAAAAAA=' }
          : { transStatus: 'N', transStatusReason: '01', challengeCancel: '01' }),
      }),
    });
    const cres = Buffer.from(
      JSON.stringify({
        threeDSServerTransID: ares.threeDSServerTransID, acsTransID: ares.acsTransID, messageType: 'CRes',
        messageVersion: ares.messageVersion, transStatus: approved ? 'Y' : 'N', challengeCompletionInd: 'Y',
      }),
    ).toString('base64url');
    return page(`<h1>Fake ACS: done</h1>
      <form method="post" action="${String(areq.notificationURL)}">
        <input type="hidden" name="cres" value="${cres}">
        <input type="hidden" name="threeDSSessionData" value="${form.threeDSSessionData ?? ''}">
        <button>Continue</button>
      </form>`);
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
