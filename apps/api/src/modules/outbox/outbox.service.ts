/**
 * Transactional outbox (SPEC §2): messages are inserted in the same transaction as the state change that
 * causes them, encrypted at rest (SMS bodies carry OTPs, emails carry password links), and delivered later by
 * the worker. A rolled-back change therefore never sends anything, and a down SMTP server loses nothing.
 */
import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { DevOutboxMessage } from '@corpweb/shared-types';
import { Clock } from '../../common/clock/clock.js';
import { execute, select } from '../../common/database/sql.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { emailFooter, type EmailContent } from './messages.js';

export type OutboxChannel = 'EMAIL' | 'SMS';
export interface OutboxPayload {
  subject?: string;
  body: string;
}
export interface OutboxRow {
  id: number;
  channel: OutboxChannel;
  recipient: string;
  payload: Buffer;
  template: string;
  status: 'PENDING' | 'SENT' | 'DEAD';
  attempts: number;
  created_at: Date;
  sent_at?: Date | null;
  last_error?: string | null;
}

@Injectable()
export class OutboxService {
  private readonly payloadKey: Buffer;
  private readonly listeners = new Set<() => void>();
  private readonly contactDesk: AppConfig['contactDesk'];
  /** channels a transport delivers; the others stay in the dev outbox only */
  private readonly deliveredChannels: ReadonlySet<OutboxChannel>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.contactDesk = config.contactDesk;
    this.deliveredChannels = new Set<OutboxChannel>([...(config.smtpUrl ? ['EMAIL' as const] : []), ...(config.smsGatewayUrl ? ['SMS' as const] : [])]);
    this.payloadKey = Buffer.from(hkdfSync('sha256', config.keys.otpKey, Buffer.alloc(0), 'corpweb outbox payload v1', 32));
  }

  async email(manager: EntityManager, to: string, template: string, content: EmailContent): Promise<void> {
    // the footer names the configured contact desk, so every email points at the same desk
    const body = content.footer ? `${content.body}${emailFooter(content.footer, this.contactDesk)}` : content.body;
    await this.enqueue(manager, 'EMAIL', to, template, { subject: content.subject, body });
  }

  async sms(manager: EntityManager, to: string, template: string, body: string): Promise<void> {
    await this.enqueue(manager, 'SMS', to, template, { body });
  }

  private async enqueue(manager: EntityManager, channel: OutboxChannel, to: string, template: string, payload: OutboxPayload) {
    const now = this.clock.now();
    await execute(
      manager,
      `INSERT INTO outbox_messages (channel, recipient, payload, template, status, attempts, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, 'PENDING', 0, ?, ?)`,
      [channel, to, this.seal(payload), template, now, now],
    );
    // wake the in-process worker once the surrounding transaction has had time to commit
    setImmediate(() => this.listeners.forEach((listener) => listener()));
  }

  onEnqueued(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  seal(payload: OutboxPayload): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.payloadKey, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer): OutboxPayload {
    const decipher = createDecipheriv('aes-256-gcm', this.payloadKey, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    const json = Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
    return JSON.parse(json) as OutboxPayload;
  }

  /** Dev outbox: newest first, decrypted, so a person trying the product can read emails and OTPs. */
  async latest(limit = 100): Promise<DevOutboxMessage[]> {
    const rows = await select<OutboxRow>(this.dataSource, 'SELECT * FROM outbox_messages ORDER BY id DESC LIMIT ?', [limit]);
    return rows.map((row) => {
      const payload = this.open(row.payload);
      return {
        id: String(row.id),
        channel: row.channel,
        to: row.recipient,
        ...(payload.subject ? { subject: payload.subject } : {}),
        body: payload.body,
        // without a transport nothing will ever send it: say so instead of a PENDING that never changes
        status: this.deliveredChannels.has(row.channel) ? row.status : 'DEV_ONLY',
        attempts: Number(row.attempts),
        ...(row.last_error ? { lastError: row.last_error } : {}),
        ...(row.sent_at ? { sentAt: row.sent_at.toISOString() } : {}),
        createdAt: row.created_at.toISOString(),
      };
    });
  }
}
