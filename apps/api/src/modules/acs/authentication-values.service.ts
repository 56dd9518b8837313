/**
 * POST /3ds/v2/authentication-values/verification — the issuer's authorization host asks whether an
 * authenticationValue is genuine for this card and amount. A value verifies once (the guarded UPDATE of
 * markAuthenticationValueUsed), only for the card and amount it was issued for; every attempt is audited.
 */
import { Inject, Injectable } from '@nestjs/common';
import { Ajv } from 'ajv';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuthenticationValueVerification, AuthenticationValueVerificationRequest } from '@corpweb/shared-types';
import { Clock } from '../../common/clock/clock.js';
import { CardCrypto } from '../../common/crypto/card-crypto.service.js';
import { AppException } from '../../common/errors/app.exception.js';
import { ACS_CONFIG, type AcsConfig } from '../../config/acs-config.js';
import { AuditService } from '../audit/audit.service.js';
import { authenticationValueMatches } from './authentication-value.js';
import { AcsTransactionsRepository } from './transactions/acs-transactions.repository.js';

const validate = new Ajv({ allErrors: true }).compile<AuthenticationValueVerificationRequest>({
  type: 'object',
  required: ['acsTransID', 'authenticationValue', 'acctNumber', 'purchaseAmount'],
  properties: {
    acsTransID: { type: 'string', pattern: '^[0-9a-fA-F-]{36}$' },
    authenticationValue: { type: 'string', pattern: '^[A-Za-z0-9+/]{27}=$' },
    acctNumber: { type: 'string', pattern: '^\\d{13,19}$' },
    purchaseAmount: { type: 'string', pattern: '^\\d{1,48}$' },
  },
});

@Injectable()
export class AuthenticationValuesService {
  private readonly tokenDigest: Buffer;

  constructor(
    private readonly transactions: AcsTransactionsRepository,
    private readonly crypto: CardCrypto,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ACS_CONFIG) private readonly acs: AcsConfig,
  ) {
    this.tokenDigest = createHash('sha256').update(acs.verifyToken).digest();
  }

  authorize(header: string | undefined): void {
    const presented = /^Bearer (\S{1,512})$/.exec(header ?? '')?.[1] ?? '';
    const digest = createHash('sha256').update(presented).digest();
    if (!timingSafeEqual(digest, this.tokenDigest)) throw new AppException('UNAUTHENTICATED');
  }

  async verify(body: unknown): Promise<AuthenticationValueVerification> {
    if (!validate(body)) {
      const fields = (validate.errors ?? []).map((e) => (e.keyword === 'required' ? String(e.params.missingProperty) : e.instancePath.slice(1)));
      throw AppException.validation([...new Set(fields)].filter((f) => /^[A-Za-z]{1,40}$/.test(f)).map((field) => ({ field, code: 'INVALID_FORMAT' })));
    }
    const request = body;
    const transaction = await this.transactions.find(request.acsTransID.toLowerCase());
    const issued = transaction && (transaction.transStatus === 'Y' || transaction.transStatus === 'A') && transaction.eci;
    const genuine = Boolean(issued) && transaction!.panFingerprint.equals(this.crypto.fingerprint(request.acctNumber))
      && (transaction!.purchaseAmount ?? '0') === request.purchaseAmount.replace(/^0+(?=\d)/, '')
      && authenticationValueMatches(this.acs.avKey, {
        acsTransId: transaction!.acsTransId, pan: request.acctNumber, purchaseAmount: transaction!.purchaseAmount,
        purchaseCurrency: transaction!.purchaseCurrency, eci: transaction!.eci!,
      }, request.authenticationValue);
    const valid = genuine && (await this.transactions.markAuthenticationValueUsed(transaction!.acsTransId, this.clock.now()));
    await this.audit.record({
      actorType: 'SYSTEM', action: 'ACS_AUTHENTICATION_VALUE_VERIFIED', targetType: 'ACS_TRANSACTION',
      targetId: transaction?.acsTransId ?? 'unknown', detail: { valid, reused: genuine && !valid },
    });
    return valid ? { valid, transStatus: transaction!.transStatus, eci: transaction!.eci! } : { valid: false };
  }
}
