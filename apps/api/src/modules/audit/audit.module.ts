import { Global, Module } from '@nestjs/common';
import { AuditLeasesRepository } from './audit-leases.repository.js';
import { AuditRetention } from './audit-retention.service.js';
import { AuditSealer } from './audit-sealer.service.js';
import { AuditService } from './audit.service.js';

@Global()
@Module({ providers: [AuditService, AuditSealer, AuditLeasesRepository, AuditRetention], exports: [AuditService, AuditSealer, AuditRetention] })
export class AuditModule {}
