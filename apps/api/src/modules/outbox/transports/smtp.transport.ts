/** Email over SMTP with nodemailer (SMTP_URL). */
import nodemailer, { type Transporter } from 'nodemailer';
import type { OutboxPayload } from '../outbox.service.js';
import type { MessageTransport } from './message-transport.js';

export class SmtpTransport implements MessageTransport {
  readonly channel = 'EMAIL' as const;
  private readonly transporter: Transporter;

  constructor(smtpUrl: string, private readonly from: string) {
    this.transporter = nodemailer.createTransport(smtpUrl, {
      connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000,
    } as never);
  }

  /** The Message-ID names the outbox message, so a resend after a crash is recognisably the same email. */
  async send(recipient: string, payload: OutboxPayload, messageId: number): Promise<void> {
    await this.transporter.sendMail({
      from: this.from, to: recipient, subject: payload.subject ?? '', text: payload.body, messageId: `<outbox-${messageId}@corpweb.invalid>`,
    });
  }
}
