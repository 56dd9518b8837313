/**
 * SMS through the gateway's HTTP API: POST {to, body} with an Idempotency-Key naming the outbox message (a
 * resend after a crash is the same SMS); any non-2xx answer is a failure to retry.
 */
import type { OutboxPayload } from '../outbox.service.js';
import type { MessageTransport } from './message-transport.js';

export class HttpSmsTransport implements MessageTransport {
  readonly channel = 'SMS' as const;

  constructor(private readonly gatewayUrl: string) {}

  async send(recipient: string, payload: OutboxPayload, messageId: number): Promise<void> {
    const response = await fetch(this.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `outbox-${messageId}` },
      body: JSON.stringify({ to: recipient, body: payload.body }),
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
  }
}
