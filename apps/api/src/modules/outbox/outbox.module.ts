import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { OutboxService } from './outbox.service.js';
import { OutboxWorker } from './outbox.worker.js';
import { HttpSmsTransport } from './transports/http-sms.transport.js';
import { MESSAGE_TRANSPORTS, type MessageTransport } from './transports/message-transport.js';
import { SmtpTransport } from './transports/smtp.transport.js';

/** The outbox and its worker, for every process; the portal adds the dev outbox page (DevOutboxModule). */
@Global()
@Module({
  providers: [
    OutboxService,
    OutboxWorker,
    {
      provide: MESSAGE_TRANSPORTS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): MessageTransport[] => [
        ...(config.smtpUrl ? [new SmtpTransport(config.smtpUrl, config.mailFrom)] : []),
        ...(config.smsGatewayUrl ? [new HttpSmsTransport(config.smsGatewayUrl)] : []),
      ],
    },
  ],
  exports: [OutboxService, OutboxWorker],
})
export class OutboxModule {}

