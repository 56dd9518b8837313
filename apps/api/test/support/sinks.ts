/** Real peers for the outbox: an SMTP server (smtp-server) and an HTTP SMS gateway, both in-process. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { eventually } from './eventually.js';

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
}
export interface ReceivedSms {
  to: string;
  body: string;
}

function waitUntil<T>(find: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  return eventually(find, what, { timeoutMs });
}

export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  /** while true the server refuses every message (SMTP down) */
  refusing = false;
  private server?: SMTPServer;
  port = 0;

  async start(port = 0): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // a server that is "down" refuses at once, before any data is sent
      onMailFrom: (_address, _session, callback) => {
        if (this.refusing) return callback(Object.assign(new Error('service not available'), { responseCode: 451 }));
        callback();
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            const to = Array.isArray(mail.to) ? mail.to[0]?.text : mail.to?.text;
            this.messages.push({ to: to ?? '', subject: mail.subject ?? '', text: mail.text ?? '' });
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server!.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  to(address: string): ReceivedMail[] {
    return this.messages.filter((mail) => mail.to.includes(address));
  }

  waitFor(predicate: (mail: ReceivedMail) => boolean, what = 'an email'): Promise<ReceivedMail> {
    return waitUntil(() => this.messages.find(predicate), what);
  }
}

export class SmsSink {
  readonly messages: ReceivedSms[] = [];
  /** answers 500 to the next N requests */
  failNext = 0;
  private server?: Server;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      let raw = '';
      request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      request.on('end', () => {
        if (this.failNext > 0) {
          this.failNext -= 1;
          response.writeHead(500).end();
          return;
        }
        const { to, body } = JSON.parse(raw) as ReceivedSms;
        this.messages.push({ to, body });
        response.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":true}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  url(): string {
    return `http://127.0.0.1:${this.port}/sms`;
  }

  waitFor(predicate: (sms: ReceivedSms) => boolean, what = 'an SMS'): Promise<ReceivedSms> {
    return waitUntil(() => this.messages.find(predicate), what);
  }
}

export { waitUntil };
