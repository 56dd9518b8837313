import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../../common/clock/clock.js';
import { AuditService } from '../audit/audit.service.js';
import { CardsRepository } from '../cards/cards.repository.js';
import { EnrollmentsRepository } from '../enrollment/enrollments.repository.js';
import { OutboxWorker } from '../outbox/outbox.worker.js';
import { AcsController } from './acs.controller.js';
import { AcsTimersWorker } from './acs-timers.worker.js';
import { AuthenticationService } from './authentication.service.js';
import { AuthenticationValuesService } from './authentication-values.service.js';
import { ChallengePages } from './challenge/challenge-pages.js';
import { ChallengeService } from './challenge/challenge.service.js';
import { ResultsService } from './results.service.js';
import { RiskProviderClient } from './risk/risk-provider.client.js';
import { RReqTransport } from './rreq.transport.js';
import { AcsMessageLogRepository } from './transactions/acs-message-log.repository.js';
import { AcsTransactionsRepository } from './transactions/acs-transactions.repository.js';

/** The ACS (EMV 3-D Secure): AReq decisions, the browser challenge, RReqs and authenticationValue checks. */
@Module({
  controllers: [AcsController],
  providers: [
    AuthenticationService, ChallengeService, ChallengePages, ResultsService, AuthenticationValuesService, AcsTimersWorker,
    AcsTransactionsRepository, AcsMessageLogRepository, RiskProviderClient, CardsRepository, EnrollmentsRepository,
  ],
  exports: [AcsTimersWorker, AcsTransactionsRepository],
})
export class AcsModule implements OnModuleInit {
  constructor(
    private readonly worker: OutboxWorker,
    private readonly messageLog: AcsMessageLogRepository,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.worker.registerTransport(new RReqTransport(this.messageLog, this.audit, this.clock));
  }
}
