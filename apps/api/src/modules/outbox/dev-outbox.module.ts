import { Module } from '@nestjs/common';
import { DevOutboxController } from './dev-outbox.controller.js';

/** GET /api/v1/dev/outbox — served by the portal only (DEV_OUTBOX), never by the ACS. */
@Module({ controllers: [DevOutboxController] })
export class DevOutboxModule {}
