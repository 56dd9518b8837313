/**
 * Delivers RReqs from the outbox to the Directory Server: a POST of the JSON RReq, accepted only when the DS
 * answers an RRes with resultsStatus "01"; anything else (refusal, timeout, another status) is a failure the
 * outbox retries with backoff. Each attempt and the RRes are written to the transaction's message log.
 */
import { Logger } from '@nestjs/common';
import type { ResultsRequest, ResultsResponse } from '@corpweb/shared-types';
import type { Clock } from '../../common/clock/clock.js';
import type { AuditService } from '../audit/audit.service.js';
import type { OutboxPayload } from '../outbox/outbox.service.js';
import type { MessageTransport } from '../outbox/transports/message-transport.js';
import type { AcsMessageLogRepository } from './transactions/acs-message-log.repository.js';

export class RReqTransport implements MessageTransport {
  readonly channel = 'RREQ' as const;
  private readonly logger = new Logger('RReqTransport');

  constructor(
    private readonly messageLog: AcsMessageLogRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly timeoutMs = 5000,
  ) {}

  async send(dsUrl: string, payload: OutboxPayload): Promise<void> {
    const rreq = JSON.parse(payload.body) as ResultsRequest;
    const ids = { acsTransId: rreq.acsTransID, threeDSServerTransId: rreq.threeDSServerTransID };
    let outcome: string;
    try {
      const response = await fetch(dsUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: payload.body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.text();
      let rres: Partial<ResultsResponse> | undefined;
      try {
        rres = JSON.parse(text) as Partial<ResultsResponse>;
      } catch {
        rres = undefined;
      }
      if (response.ok && rres?.messageType === 'RRes' && rres.resultsStatus === '01' && rres.acsTransID === rreq.acsTransID) {
        await this.messageLog.append(undefined, { ...ids, kind: 'RRes', direction: 'IN', body: { ...rres }, at: this.clock.now() });
        // not awaited: the outbox worker holds its claimed rows (and their gap) while it delivers, and an audit
        // append may wait for a chain head held by a transaction that waits for that gap — awaiting it here would
        // close a wait cycle the database cannot see
        this.audit.record({
          actorType: 'SYSTEM', action: 'ACS_RRES_RECEIVED', targetType: 'ACS_TRANSACTION', targetId: rreq.acsTransID,
          detail: { resultsStatus: '01' },
        }).catch((error: { code?: string }) => this.logger.warn({ errorCode: error?.code, acsTransId: rreq.acsTransID }, 'RRes not audited'));
        return;
      }
      outcome = `DS answered HTTP ${response.status}${rres?.resultsStatus ? ` resultsStatus ${String(rres.resultsStatus).slice(0, 2)}` : ''}`;
    } catch (error) {
      outcome = (error as Error).name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : `DS unreachable (${(error as Error).name})`;
    }
    await this.messageLog.append(undefined, { ...ids, kind: 'RReqFailed', direction: 'EVENT', body: { outcome }, at: this.clock.now() });
    throw new Error(outcome);
  }
}
