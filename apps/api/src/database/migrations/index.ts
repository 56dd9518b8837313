/** Every migration, in order. Listed explicitly: ESM has no reliable glob loading. */
import { CreateTermsVersions1764000000000 } from './1764000000000-terms-versions.js';
import { CreateSignupApplications1764000001000 } from './1764000001000-signup-applications.js';
import { CreateApplicationNotes1764000002000 } from './1764000002000-application-notes.js';
import { CreateCompanies1764000003000 } from './1764000003000-companies.js';
import { CreateMembers1764000004000 } from './1764000004000-members.js';
import { CreatePasswordTokens1764000005000 } from './1764000005000-password-tokens.js';
import { CreateStaff1764000006000 } from './1764000006000-staff.js';
import { CreateSessions1764000007000 } from './1764000007000-sessions.js';
import { CreateCards1764000008000 } from './1764000008000-cards.js';
import { CreateEnrollments1764000009000 } from './1764000009000-enrollments.js';
import { CreateCardInquiries1764000010000 } from './1764000010000-card-inquiries.js';
import { CreateOtpVerifications1764000011000 } from './1764000011000-otp-verifications.js';
import { CreateOutboxMessages1764000012000 } from './1764000012000-outbox-messages.js';
import { CreateAuditEvents1764000013000 } from './1764000013000-audit-events.js';
import { CreateAuditChainHeads1764000014000 } from './1764000014000-audit-chain-heads.js';
import { CreateCardImports1764000015000 } from './1764000015000-card-imports.js';
import { CreateCardImportErrors1764000016000 } from './1764000016000-card-import-errors.js';
import { CreateAcsTransactions1765000000000 } from './1765000000000-acs-transactions.js';
import { CreateAcsMessages1765000001000 } from './1765000001000-acs-messages.js';
import { OutboxRreqChannel1765000002000 } from './1765000002000-outbox-rreq-channel.js';
import { AcsTransactionsCreatedIndex1765300000000 } from './1765300000000-acs-transactions-created-index.js';
import { AcsTransactionsLast4Index1765300001000 } from './1765300001000-acs-transactions-last4-index.js';
import { SeedTermsAndAuditChains1764100000000 } from './1764100000000-seed-terms-and-audit-chains.js';
import { CreateRateLimits1765200000000 } from './1765200000000-rate-limits.js';
import { AddAuditKeyId1765200001000 } from './1765200001000-audit-key-id.js';
import { AddStaffTotp1765200002000 } from './1765200002000-staff-totp.js';
import { CreateWebauthn1765400000000 } from './1765400000000-webauthn.js';

import { AuditUnsealedEvents1766000000000 } from './1766000000000-audit-unsealed-events.js';
import { CreateAuditLeases1766000001000 } from './1766000001000-audit-leases.js';
import { AuditChainBases1766000002000 } from './1766000002000-audit-chain-bases.js';
import { AuditFilterIndexes1766000003000 } from './1766000003000-audit-filter-indexes.js';
import { GrantCardInquiryProcedure1766000004000 } from './1766000004000-grant-card-inquiry-procedure.js';
import { CreateKeyChecks1766100000000 } from './1766100000000-key-checks.js';
import { ApplicationReceiptNumbers1766200000000 } from './1766200000000-application-receipt-numbers.js';
import { RecordAreqDecisionProcedure1766300000000 } from './1766300000000-record-areq-decision-procedure.js';

export const migrations = [
  CreateTermsVersions1764000000000,
  CreateSignupApplications1764000001000,
  CreateApplicationNotes1764000002000,
  CreateCompanies1764000003000,
  CreateMembers1764000004000,
  CreatePasswordTokens1764000005000,
  CreateStaff1764000006000,
  CreateSessions1764000007000,
  CreateCards1764000008000,
  CreateEnrollments1764000009000,
  CreateCardInquiries1764000010000,
  CreateOtpVerifications1764000011000,
  CreateOutboxMessages1764000012000,
  CreateAuditEvents1764000013000,
  CreateAuditChainHeads1764000014000,
  CreateCardImports1764000015000,
  CreateCardImportErrors1764000016000,
  SeedTermsAndAuditChains1764100000000,
  CreateAcsTransactions1765000000000,
  CreateAcsMessages1765000001000,
  OutboxRreqChannel1765000002000,
  CreateRateLimits1765200000000,
  AddAuditKeyId1765200001000,
  AddStaffTotp1765200002000,
  AcsTransactionsCreatedIndex1765300000000,
  AcsTransactionsLast4Index1765300001000,
  CreateWebauthn1765400000000,
  AuditUnsealedEvents1766000000000,
  CreateAuditLeases1766000001000,
  AuditChainBases1766000002000,
  AuditFilterIndexes1766000003000,
  GrantCardInquiryProcedure1766000004000,
  CreateKeyChecks1766100000000,
  ApplicationReceiptNumbers1766200000000,
  RecordAreqDecisionProcedure1766300000000,
];
