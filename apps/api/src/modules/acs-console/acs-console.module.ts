/**
 * The back-office ACS console and the member dashboard's checkout authentications: read views over the ACS's
 * tables in the portal process (the ACS process never serves them), plus the SUPERVISOR's password unlock.
 */
import { Module } from '@nestjs/common';
import { CardMasterRepository } from '../card-master/card-master.repository.js';
import { CompaniesRepository } from '../company/companies.repository.js';
import { EnrollmentsRepository } from '../enrollment/enrollments.repository.js';
import { AcsConsoleController } from './acs-console.controller.js';
import { AcsConsoleRepository } from './acs-console.repository.js';
import { AcsSummaryService } from './acs-summary.service.js';
import { AcsTransactionsQueryService } from './acs-transactions-query.service.js';
import { ChallengePasswordUnlockService } from './challenge-password-unlock.service.js';
import { CheckoutAuthenticationsController } from './checkout-authentications.controller.js';
import { CheckoutAuthenticationsService } from './checkout-authentications.service.js';

@Module({
  controllers: [AcsConsoleController, CheckoutAuthenticationsController],
  providers: [
    AcsConsoleRepository, AcsTransactionsQueryService, AcsSummaryService, ChallengePasswordUnlockService, CheckoutAuthenticationsService,
    CardMasterRepository, CompaniesRepository, EnrollmentsRepository,
  ],
})
export class AcsConsoleModule {}
