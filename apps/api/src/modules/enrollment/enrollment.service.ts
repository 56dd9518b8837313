/**
 * 本人認証サービス登録・変更・解除. Every action needs a live inquiry grant (10 min, this
 * session, this card).
 * - PASSWORD: every fixed-password rule reports its own code; the password must differ from the portal one.
 * - OTP: the phone is proven by an SMS code (5 min, single use, 5 wrong tries; ≥ 60 s between sends and at
 *   most 5 sends per phone per hour) before the registration is written.
 * - The secure ID is unique system-wide, case-insensitively: the unique key on `secure_id_key` decides races.
 * Registration and change send the 本人認証サービス登録受付メール through the outbox in the same transaction.
 */
import { Inject, Injectable } from '@nestjs/common';
import { retryingTransaction } from '../../database/retrying-transaction.js';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  Limits, maskCardNumber, maskPhone, normalizeMobilePhone, normalizeSecureId, validateSecureId,
  type EnrollmentMethod, type EnrollmentView, type FieldError, type OtpVerificationStarted,
} from '@corpweb/shared-types';
import { checkPassword } from '@corpweb/shared-types/password-strength';
import { Clock, addSeconds } from '../../common/clock/clock.js';
import { CardCrypto } from '../../common/crypto/card-crypto.service.js';
import { PasswordHasher } from '../../common/crypto/password-hasher.service.js';
import { isDuplicateKey } from '../../common/database/sql.js';
import { AppException } from '../../common/errors/app.exception.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { RateLimits } from '../../common/rate-limit/rate-limits.service.js';
import { AuditService } from '../audit/audit.service.js';
import { CardMasterRepository } from '../card-master/card-master.repository.js';
import { CardInquiryRepository } from '../cards/card-inquiry.repository.js';
import { enrollmentView, type CardRow } from '../cards/card-views.js';
import { Emails, Sms, businessTime, type MessageLocale } from '../notifications/messages.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { AUDIT_ACTION_OF_CHANGE, enrollmentChange } from './enrollment-change.js';
import { EnrollmentsRepository } from './enrollments.repository.js';
import { OtpVerificationsRepository } from './otp-verifications.repository.js';
import type { EnrollmentDto } from './dto/enrollment.dto.js';
import { newOtpCode, otpHmac, otpMatches } from './otp-codes.js';

interface Grant {
  inquiryId: string;
  memberId: number;
  card: CardRow;
  member: { login_id: string; name: string; email: string; password_hash: string | null };
  /** the phone the card is enrolled with now (SMS OTP), else null */
  enrolledPhone: string | null;
  /** the card enrolled under the secure ID the request names, read with the grant (null: none) */
  secureIdOwner: number | null;
}

interface PendingRegistration {
  secureId: string;
  method: EnrollmentMethod;
  phone: string | null;
  passwordHash: string | null;
}

@Injectable()
export class EnrollmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly crypto: CardCrypto,
    private readonly hasher: PasswordHasher,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly rateLimits: RateLimits,
    private readonly enrollments: EnrollmentsRepository,
    private readonly otps: OtpVerificationsRepository,
    private readonly inquiries: CardInquiryRepository,
    private readonly cards: CardMasterRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async registerWithPassword(grantRef: GrantRef, input: EnrollmentDto, meta: RequestMeta): Promise<EnrollmentView> {
    const grant = await this.grant(grantRef, input.secureId);
    const password = input.password ?? '';
    const errors = [...this.secureIdErrors(input.secureId, grant), ...(await this.passwordErrors(grant, input.secureId, password))];
    if (errors.length) throw AppException.validation(errors);
    await this.assertSecureIdFree(grant);
    // passwordErrors admitted this operation to the hash queue and verified it against the portal password
    const passwordHash = await this.hasher.hash(password, { admitted: true });
    return retryingTransaction(this.dataSource, (manager) =>
      this.write(manager, grant, { secureId: input.secureId, method: 'PASSWORD', phone: null, passwordHash }, meta),
    );
  }

  /**
   * The input step's check of a fixed password against every rule the registration applies, including the
   * two the SPA cannot know (the portal password, the digits of the phone already registered), so a person
   * learns it before the confirm step. Registers nothing. It tells no more than the PUT itself would, and it
   * needs the same inquiry grant (session + card + PIN, 10 minutes).
   */
  async checkFixedPassword(grantRef: GrantRef, secureId: string, password: string): Promise<void> {
    const grant = await this.grant(grantRef);
    const errors = await this.passwordErrors(grant, secureId, password);
    if (errors.length) throw AppException.validation(errors);
  }

  private async passwordErrors(grant: Grant, secureId: string, password: string): Promise<FieldError[]> {
    // before the strength check and the hashes: a full queue refuses this at once, before any of that work
    this.hasher.admit();
    const pan = this.crypto.decryptPan({ ciphertext: grant.card.pan_ciphertext, keyId: grant.card.pan_key_id });
    const codes = checkPassword(password, {
      secureId: secureId || undefined, loginId: grant.member.login_id, cardNumber: pan, phone: grant.enrolledPhone ?? undefined,
    });
    const errors: FieldError[] = codes.map((code) => ({ field: 'password', code }));
    if (codes.length === 0 && (await this.hasher.verify(grant.member.password_hash, password, { admitted: true }))) {
      errors.push({ field: 'password', code: 'PASSWORD_SAME_AS_PORTAL_PASSWORD' });
    }
    return errors;
  }

  async startOtpVerification(grantRef: GrantRef, input: EnrollmentDto, meta: RequestMeta, locale: MessageLocale): Promise<OtpVerificationStarted> {
    const grant = await this.grant(grantRef, input.secureId);
    const errors = this.secureIdErrors(input.secureId, grant);
    const phone = normalizeMobilePhone(input.phone ?? '');
    if (!phone) errors.push({ field: 'phone', code: 'MOBILE_PHONE_INVALID' });
    if (errors.length || !phone) throw AppException.validation(errors);
    await this.assertSecureIdFree(grant);
    // SMS pumping: one grant once sent 25 SMS to 25 numbers in 0.7 s; the per-phone limit below did not see it
    await this.rateLimits.take([
      ['otpSendsPerMember', String(grant.memberId)], ['otpSendsPerCompany', String(grant.card.company_id)], ['otpSendsPerIp', meta.ip],
    ], 'OTP_RATE_LIMITED');
    const now = this.clock.now();
    const verificationId = randomUUID();
    const code = newOtpCode();
    const expiresAt = addSeconds(now, Limits.otpTtlSeconds);
    await retryingTransaction(this.dataSource, async (manager) => {
      // serialise sends per phone so the resend limits hold under concurrency
      await manager.query('SELECT GET_LOCK(?, 5)', [`otp:${phone}`]);
      try {
        await this.assertSendAllowed(manager, phone, now);
        await this.otps.issueForEnrollment(manager, {
          id: verificationId, inquiryId: grant.inquiryId, cardId: grant.card.id, phoneE164: phone, pendingSecureId: input.secureId,
          codeHmac: otpHmac(this.config.keys.otpKey, verificationId, code), expiresAt,
        }, now);
        await this.outbox.sms(manager, phone, 'enrollment-otp', Sms.enrollmentCode(code, locale));
        await this.audit.append(manager, {
          actorType: 'MEMBER', actorId: grant.memberId, action: 'OTP_SENT', targetType: 'CARD', targetId: grant.card.id, meta,
          detail: { purpose: 'ENROLLMENT', phone: maskPhone(phone) },
        });
      } finally {
        await manager.query('SELECT RELEASE_LOCK(?)', [`otp:${phone}`]);
      }
    });
    return {
      verificationId, expiresAt: expiresAt.toISOString(), maskedPhone: maskPhone(phone),
      resendAvailableAt: addSeconds(now, Limits.otpResendMinIntervalSeconds).toISOString(),
    };
  }

  async completeOtpVerification(grantRef: GrantRef, verificationId: string, code: string, meta: RequestMeta): Promise<EnrollmentView> {
    const grant = await this.grant(grantRef);
    const otp = await this.otps.findForEnrollment(this.dataSource, verificationId, grant.inquiryId);
    if (!otp || otp.consumed_at) throw new AppException('VERIFICATION_NOT_FOUND');
    const now = this.clock.now();
    if (otp.expires_at <= now || otp.wrong_attempts >= Limits.otpMaxWrongTries) throw new AppException('OTP_EXPIRED');
    const actor = { actorType: 'MEMBER' as const, actorId: grant.memberId, targetType: 'CARD', targetId: grant.card.id, meta };

    if (!otpMatches(this.config.keys.otpKey, verificationId, code, otp.code_hmac)) {
      const outcome = await retryingTransaction(this.dataSource, async (manager) => {
        const counted = await this.otps.countWrongAnswer(manager, verificationId, Limits.otpMaxWrongTries);
        await this.audit.append(manager, { ...actor, action: 'OTP_FAILED', detail: { purpose: 'ENROLLMENT' } });
        return counted ? 'OTP_INVALID' : 'OTP_EXPIRED';
      });
      throw new AppException(outcome);
    }
    const pending: PendingRegistration = { secureId: otp.pending_secure_id, method: 'OTP', phone: otp.phone_e164, passwordHash: null };
    return retryingTransaction(this.dataSource, async (manager) => {
      if (!(await this.otps.consumeCode(manager, verificationId, Limits.otpMaxWrongTries, now))) throw new AppException('VERIFICATION_NOT_FOUND');
      return this.write(manager, grant, pending, meta);
    });
  }

  async deregister(grantRef: GrantRef, meta: RequestMeta): Promise<void> {
    const grant = await this.grant(grantRef);
    await retryingTransaction(this.dataSource, async (manager) => {
      if (!(await this.enrollments.remove(manager, grant.card.id))) throw new AppException('NOT_ENROLLED');
      const now = this.clock.now();
      await this.outbox.email(manager, grant.member.email, 'enrollment-cancelled', Emails.enrollmentCancelled({
        name: grant.member.name, maskedNumber: maskCardNumber(grant.card.first4, grant.card.last4), at: businessTime(now, this.config.businessTimeZone),
      }));
      await this.audit.append(manager, { actorType: 'MEMBER', actorId: grant.memberId, action: 'ENROLLMENT_DEREGISTERED', targetType: 'CARD', targetId: grant.card.id, meta });
    });
  }

  /**
   * The inquiry grant: this session's, not expired, and its card still active. `secureId`: the ID the request
   * would register, whose current holder is read in the same statement (for assertSecureIdFree).
   */
  private async grant(ref: GrantRef, secureId?: string): Promise<Grant> {
    if (!/^[0-9a-f-]{36}$/.test(ref.inquiryId)) throw new AppException('INQUIRY_NOT_FOUND');
    const row = await this.inquiries.findLiveGrant(ref, this.clock.now(), secureId === undefined ? null : normalizeSecureId(secureId));
    if (!row) throw new AppException('INQUIRY_NOT_FOUND');
    return {
      inquiryId: ref.inquiryId,
      memberId: ref.memberId,
      card: row,
      member: { login_id: row.member_login_id, name: row.member_name, email: row.member_email, password_hash: row.member_password_hash },
      enrolledPhone: row.enrolled_phone,
      secureIdOwner: row.secure_id_owner === null ? null : Number(row.secure_id_owner),
    };
  }

  private secureIdErrors(secureId: string, grant: Grant): FieldError[] {
    return validateSecureId(secureId, grant.member.login_id).map((code) => ({ field: 'secureId', code }));
  }

  /**
   * SECURE_ID_TAKEN tells that an ID exists: the checks per member are bounded (secureIdChecksPerMember), so the
   * holder read with the grant is told only once the check is counted. The unique key still decides a race.
   */
  private async assertSecureIdFree(grant: Grant): Promise<void> {
    await this.rateLimits.take([['secureIdChecksPerMember', String(grant.memberId)]]);
    if (grant.secureIdOwner !== null && grant.secureIdOwner !== Number(grant.card.id)) {
      throw new AppException('SECURE_ID_TAKEN', [{ field: 'secureId', code: 'SECURE_ID_TAKEN' }]);
    }
  }

  private async assertSendAllowed(manager: EntityManager, phone: string, now: Date): Promise<void> {
    const recent = await this.otps.sendsToSince(manager, phone, addSeconds(now, -3600));
    const last = recent?.last ?? null;
    if (last && now.getTime() - last.getTime() < Limits.otpResendMinIntervalSeconds * 1000) {
      const wait = Math.ceil((last.getTime() + Limits.otpResendMinIntervalSeconds * 1000 - now.getTime()) / 1000);
      throw new AppException('OTP_RATE_LIMITED', undefined, { 'retry-after': String(wait) });
    }
    if (Number(recent?.sends ?? 0) >= Limits.otpMaxSendsPerPhonePerHour) {
      throw new AppException('OTP_RATE_LIMITED', undefined, { 'retry-after': '3600' });
    }
  }

  /** Writes the registration (insert or change) with its email and audit; the unique key decides ID races. */
  private async write(manager: EntityManager, grant: Grant, pending: PendingRegistration, meta: RequestMeta): Promise<EnrollmentView> {
    const now = this.clock.now();
    // serialise writes per card on the card's primary key (a FOR UPDATE on a missing enrollment row would take
    // a gap lock, and concurrent inserts into the same gap deadlock)
    await this.cards.lockRow(manager, grant.card.id);
    const previous = await this.enrollments.findByCard(manager, grant.card.id);
    try {
      await this.enrollments.register(manager, grant.card.id, {
        secureId: pending.secureId, secureIdKey: normalizeSecureId(pending.secureId), method: pending.method, phone: pending.phone, passwordHash: pending.passwordHash,
      }, now, previous !== undefined);
    } catch (error) {
      if (isDuplicateKey(error)) throw new AppException('SECURE_ID_TAKEN', [{ field: 'secureId', code: 'SECURE_ID_TAKEN' }]);
      throw error;
    }
    const change = enrollmentChange(previous);
    await this.outbox.email(manager, grant.member.email, 'enrollment-accepted', Emails.enrollmentAccepted({
      name: grant.member.name,
      maskedNumber: maskCardNumber(grant.card.first4, grant.card.last4),
      secureId: pending.secureId,
      method: pending.method,
      ...(pending.method === 'OTP' ? { maskedPhone: maskPhone(pending.phone!) } : {}),
      change,
      at: businessTime(now, this.config.businessTimeZone),
    }));
    await this.audit.append(manager, {
      actorType: 'MEMBER', actorId: grant.memberId, action: AUDIT_ACTION_OF_CHANGE[change],
      targetType: 'CARD', targetId: grant.card.id, meta, detail: { method: pending.method },
    });
    return enrollmentView({
      card_id: grant.card.id, secure_id: pending.secureId, method: pending.method, phone_e164: pending.phone,
      password_hash: null, status: 'REGISTERED', updated_at: now,
    });
  }
}

export interface GrantRef {
  inquiryId: string;
  memberId: number;
  sessionHash: Buffer;
}
