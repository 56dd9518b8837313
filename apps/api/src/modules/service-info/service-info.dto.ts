import { ApiProperty } from '@nestjs/swagger';
import type { ContactDesk, ServiceInfoResponse } from '@corpweb/shared-types';

export class ContactDeskDto implements ContactDesk {
  @ApiProperty({ example: '法人カードデスク' }) name: string;
  @ApiProperty({ example: '0120-123-456' }) phone: string;
  @ApiProperty({ example: '9:00〜17:00(土・日・祝日・年末年始を除く)' }) hours: string;
}

export class MaintenanceWindowDto {
  @ApiProperty({ example: '05:00' }) start: string;
  @ApiProperty({ example: '07:00' }) end: string;
  @ApiProperty({ example: 'Asia/Tokyo' }) timeZone: string;
}

export class ServiceInfoDto implements ServiceInfoResponse {
  @ApiProperty({ type: ContactDeskDto }) contactDesk: ContactDeskDto;
  @ApiProperty({ type: MaintenanceWindowDto, nullable: true }) maintenanceWindow: MaintenanceWindowDto | null;
  @ApiProperty({ description: 'GET /dev/outbox is served (development only)' }) devOutbox: boolean;
}
