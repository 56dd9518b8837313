/** GET /dev/outbox — development only (DEV_OUTBOX=true): read the emails and SMS the product would send. */
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { DevOutboxResponse } from '@corpweb/shared-types';
import { AppException } from '../../common/errors/app.exception.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { OutboxService } from './outbox.service.js';

@ApiExcludeController()
@Controller('dev/outbox')
export class DevOutboxController {
  constructor(
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async list(): Promise<DevOutboxResponse> {
    if (!this.config.devOutbox) throw new AppException('NOT_FOUND');
    return { items: await this.outbox.latest() };
  }
}
