import type { OutboxChannel, OutboxPayload } from '../outbox.service.js';

/** Delivers one message or throws; a throw schedules a retry. */
export interface MessageTransport {
  readonly channel: OutboxChannel;
  send(recipient: string, payload: OutboxPayload, messageId: number): Promise<void>;
}
export const MESSAGE_TRANSPORTS = Symbol('MESSAGE_TRANSPORTS');
