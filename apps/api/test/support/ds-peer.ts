/**
 * An in-process Directory Server for the ACS's tests: receives RReqs over real HTTP and answers RRes "01";
 * it can be told to refuse (HTTP 500) or to stall past the ACS's timeout for the next N requests.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ResultsRequest } from '@corpweb/shared-types';
import { waitUntil } from './sinks.js';

export class DsPeer {
  /** every RReq that reached the DS, accepted or not */
  readonly received: ResultsRequest[] = [];
  /** RReqs answered with RRes "01" (what the DS counts) */
  readonly accepted = new Map<string, ResultsRequest>();
  refuseNext = 0;
  stallNext = 0;
  stallMs = 7000;
  private server?: Server;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      let raw = '';
      request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      request.on('end', () => {
        const rreq = JSON.parse(raw) as ResultsRequest;
        this.received.push(rreq);
        if (this.refuseNext > 0) {
          this.refuseNext -= 1;
          response.writeHead(500).end();
          return;
        }
        const answer = () => {
          this.accepted.set(rreq.acsTransID, rreq);
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
            messageType: 'RRes', messageVersion: rreq.messageVersion, threeDSServerTransID: rreq.threeDSServerTransID,
            dsTransID: rreq.dsTransID, acsTransID: rreq.acsTransID, resultsStatus: '01',
          }));
        };
        if (this.stallNext > 0) {
          this.stallNext -= 1;
          setTimeout(() => { if (!response.destroyed) response.destroy(); }, this.stallMs).unref();
          return;
        }
        answer();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  url(): string {
    return `http://127.0.0.1:${this.port}/ds/rreq`;
  }

  waitForAccepted(acsTransId: string): Promise<ResultsRequest> {
    return waitUntil(() => this.accepted.get(acsTransId), `the RReq of ${acsTransId}`);
  }

  receivedFor(acsTransId: string): ResultsRequest[] {
    return this.received.filter((rreq) => rreq.acsTransID === acsTransId);
  }
}
