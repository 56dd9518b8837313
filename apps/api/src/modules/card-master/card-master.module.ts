/** The card master for the back office: CSV import, search, PIN unlock, reissue and provisional phone. */
import { Module } from '@nestjs/common';
import { MembersRepository } from '../auth/members.repository.js';
import { CardInquiryRepository } from '../cards/card-inquiry.repository.js';
import { CompaniesRepository } from '../company/companies.repository.js';
import { EnrollmentsRepository } from '../enrollment/enrollments.repository.js';
import { BackofficeCardsController } from './backoffice-cards.controller.js';
import { CardImportLiveness } from './card-import-liveness.js';
import { CardImportProcessor } from './card-import.processor.js';
import { CardImportsController } from './card-imports.controller.js';
import { CardImportsRepository } from './card-imports.repository.js';
import { CardMasterRepository } from './card-master.repository.js';
import { CardImportsService } from './card-imports.service.js';
import { CardLifecycleService } from './card-lifecycle.service.js';
import { CardSearchService } from './card-search.service.js';

@Module({
  controllers: [CardImportsController, BackofficeCardsController],
  providers: [CardImportsService, CardImportProcessor, CardImportLiveness, CardSearchService, CardLifecycleService, EnrollmentsRepository, CardImportsRepository, CardMasterRepository,
    CardInquiryRepository, CompaniesRepository, MembersRepository],
})
export class CardMasterModule {}
