/**
 * `GET /service-info`: the facts the screens show about the service — the issuer's contact desk and the daily
 * maintenance window, and whether the dev outbox exists — read from configuration, so the SPA never hard-codes a phone number or "5:00〜7:00".
 * Answered during the maintenance window too (the maintenance page needs it).
 */
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { ServiceInfoResponse } from '@corpweb/shared-types';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { ServiceInfoDto } from './service-info.dto.js';

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

@ApiTags('public')
@Controller('service-info')
export class ServiceInfoController {
  private readonly info: ServiceInfoResponse;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const window = config.maintenanceWindow;
    this.info = {
      contactDesk: config.contactDesk,
      maintenanceWindow: window ? { start: hhmm(window.start), end: hhmm(window.end), timeZone: config.businessTimeZone } : null,
      devOutbox: config.devOutbox,
    };
  }

  @Get()
  @ApiOkResponse({ type: ServiceInfoDto })
  serviceInfo(): ServiceInfoResponse {
    return this.info;
  }
}
