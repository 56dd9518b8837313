/**
 * Transactional outbox: messages are inserted in the same transaction as the state change that
 * causes them, encrypted at rest (SMS bodies carry OTPs, emails carry password links), and delivered later by
 * the worker. A rolled-back change therefore never sends anything, and a down SMTP server loses nothing.
 * A payload is sealed to its row: AES-256-GCM with the message id, channel, recipient and template as associated
 * data, so a payload copied onto another row (another recipient: a reset link redirected to an attacker's
 * address) no longer opens. Rows sealed before that (format v1, no associated data) still open until delivered.
 */
import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { DevOutboxMessage, EmailTemplate, SmsTemplate } from '@corpweb/shared-types';
import { Clock } from '../../common/clock/clock.js';
import { execute, select, selectOne } from '../../common/database/sql.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { emailFooter, type EmailContent } from '../notifications/messages.js';

export type OutboxChannel = 'EMAIL' | 'SMS' | 'RREQ';
export interface OutboxPayload {
  subject?: string;
  body: string;
}
/** What a sealed payload is bound to. */
export type OutboxBinding = Pick<OutboxRow, 'id' | 'channel' | 'recipient' | 'template'>;

const SEALED_V2 = 0x02;

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
  private readonly boundPayloadKey: Buffer;
  private readonly listeners = new Set<() => void>();
  /** transactions that enqueued a message: the worker is woken when they commit, not before */
  private readonly awaitingCommit = new WeakSet<object>();
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
    this.boundPayloadKey = Buffer.from(hkdfSync('sha256', config.keys.otpKey, Buffer.alloc(0), 'corpweb outbox payload v2', 32));
    dataSource.subscribers.push({
      afterTransactionCommit: (event) => {
        if (this.awaitingCommit.has(event.queryRunner)) {
          this.awaitingCommit.delete(event.queryRunner);
          this.notify();
        }
      },
      afterTransactionRollback: (event) => {
        this.awaitingCommit.delete(event.queryRunner);
      },
    });
  }

  private notify(): void {
    setImmediate(() => this.listeners.forEach((listener) => listener()));
  }

  async email(manager: EntityManager, to: string, template: EmailTemplate, content: EmailContent): Promise<void> {
    // the footer names the configured contact desk, so every email points at the same desk
    const body = content.footer ? `${content.body}${emailFooter(content.footer, this.contactDesk)}` : content.body;
    await this.enqueue(manager, 'EMAIL', to, template, { subject: content.subject, body });
  }

  /** Returns the message id, so a caller can follow its delivery (the ACS ends a challenge whose OTP never arrives). */
  async sms(manager: EntityManager, to: string, template: SmsTemplate, body: string): Promise<number> {
    return this.enqueue(manager, 'SMS', to, template, { body });
  }

  /**
   * A results message for the Directory Server (body = the JSON RReq). The dedupe key is unique: a second RReq for
   * the same transaction fails the surrounding transaction instead of reaching the DS twice.
   */
  async rreq(manager: EntityManager, dsUrl: string, body: string, dedupeKey: string): Promise<number> {
    return this.enqueue(manager, 'RREQ', dsUrl, 'acs-rreq', { body }, dedupeKey);
  }

  private async enqueue(
    manager: EntityManager, channel: OutboxChannel, to: string, template: string, payload: OutboxPayload, dedupeKey?: string,
  ): Promise<number> {
    const now = this.clock.now();
    // the id is part of the seal, so the row is inserted first and sealed in the same transaction
    const { insertId } = await execute(
      manager,
      `INSERT INTO outbox_messages (channel, recipient, payload, template, status, attempts, next_attempt_at, created_at, dedupe_key)
       VALUES (?, ?, '', ?, 'PENDING', 0, ?, ?, ?)`,
      [channel, to, template, now, now, dedupeKey ?? null],
    );
    const sealed = this.seal(payload, { id: insertId, channel, recipient: to, template });
    await execute(manager, 'UPDATE outbox_messages SET payload = ? WHERE id = ?', [sealed, insertId]);
    // wake the in-process worker once the surrounding transaction has committed (a worker woken earlier finds
    // nothing due and would wait for the next poll)
    if (manager.queryRunner?.isTransactionActive) this.awaitingCommit.add(manager.queryRunner);
    else this.notify();
    return insertId;
  }

  onEnqueued(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** v2: 0x02 ‖ IV ‖ tag ‖ ciphertext, under its own key, with the row as associated data. */
  seal(payload: OutboxPayload, binding: OutboxBinding): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.boundPayloadKey, iv);
    cipher.setAAD(associatedData(binding));
    const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.of(SEALED_V2), iv, cipher.getAuthTag(), body]);
  }

  /** Opens a row's payload; throws when it was sealed to another row or altered. */
  open(sealed: Buffer, binding?: OutboxBinding): OutboxPayload {
    if (binding && sealed[0] === SEALED_V2) {
      try {
        return this.decrypt(this.boundPayloadKey, sealed.subarray(1), associatedData(binding));
      } catch {
        // a v1 payload whose random IV happens to start with 0x02: tried below
      }
    }
    // v1 (before payloads were bound): IV ‖ tag ‖ ciphertext, no associated data
    return this.decrypt(this.payloadKey, sealed);
  }

  private decrypt(key: Buffer, sealed: Buffer, aad?: Buffer): OutboxPayload {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
    if (aad) decipher.setAAD(aad);
    decipher.setAuthTag(sealed.subarray(12, 28));
    const json = Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
    return JSON.parse(json) as OutboxPayload;
  }

  /** Where one message stands (the ACS ends a challenge whose OTP SMS never arrives). */
  async deliveryStatus(messageId: number): Promise<{ status: OutboxRow['status']; createdAt: Date } | undefined> {
    const row = await selectOne<{ status: OutboxRow['status']; created_at: Date }>(
      this.dataSource, 'SELECT status, created_at FROM outbox_messages WHERE id = ?', [messageId],
    );
    return row ? { status: row.status, createdAt: row.created_at } : undefined;
  }

  /** The messages not yet delivered (PENDING) or given up on (DEAD): how many and the oldest, by channel and status. */
  async backlogByChannel(): Promise<{ channel: string; status: 'PENDING' | 'DEAD'; messages: number; oldest: Date }[]> {
    // a range of ix_outbox_due (status, next_attempt_at): PENDING and DEAD rows only, never the SENT history
    return select<{ channel: string; status: 'PENDING' | 'DEAD'; messages: number; oldest: Date }>(
      this.dataSource,
      `SELECT channel, status, COUNT(*) AS messages, MIN(created_at) AS oldest FROM outbox_messages
        WHERE status IN ('PENDING', 'DEAD') GROUP BY channel, status`,
    );
  }

  /** Dev outbox: newest first, decrypted, so a person trying the product can read emails and OTPs. */
  async latest(limit = 100): Promise<DevOutboxMessage[]> {
    const rows = await select<OutboxRow>(
      this.dataSource, "SELECT * FROM outbox_messages WHERE channel IN ('EMAIL','SMS') ORDER BY id DESC LIMIT ?", [limit],
    );
    return rows.map((row) => {
      const payload = this.open(row.payload, row);
      return {
        id: String(row.id),
        channel: row.channel as 'EMAIL' | 'SMS',
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

function associatedData(binding: OutboxBinding): Buffer {
  return Buffer.from(JSON.stringify(['corpweb outbox v2', String(binding.id), binding.channel, binding.recipient, binding.template]), 'utf8');
}
