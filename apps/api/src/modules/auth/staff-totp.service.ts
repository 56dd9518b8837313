/**
 * Staff second factor (PCI DSS 8.4.2): TOTP (RFC 6238, otplib), 6 digits, 30-second steps, one step of clock
 * drift either way. Enrolled at first login (the session can do nothing else until then); the secret is stored
 * AES-256-GCM sealed to the staff row. A code is accepted once: the last step used is kept and the claim is one
 * conditional UPDATE, so a replayed or concurrently reused code fails. Time comes from the injected Clock.
 */
import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import { DataSource } from 'typeorm';
import type { TotpEnrollment } from '@corpweb/shared-types';
import { Clock } from '../../common/clock/clock.js';
import { AppException } from '../../common/errors/app.exception.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AuditService } from '../audit/audit.service.js';
import { StaffRepository, type StaffTotpRow } from './staff.repository.js';

const ISSUER = '法人Webサービス 管理';
const PERIOD = 30;

type TotpRow = StaffTotpRow;

@Injectable()
export class StaffTotpService {
  private readonly sealKey: Buffer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly staff: StaffRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.sealKey = Buffer.from(hkdfSync('sha256', config.keys.otpKey, Buffer.alloc(0), 'corpweb staff totp secret v1', 32));
  }

  async isEnrolled(staffId: number): Promise<boolean> {
    return Boolean((await this.row(staffId))?.totp_enabled_at);
  }

  /** A new secret for a staff member without a confirmed one (starting again replaces an unconfirmed secret). */
  async startEnrollment(staffId: number): Promise<TotpEnrollment> {
    const row = await this.row(staffId);
    if (!row) throw new AppException('UNAUTHENTICATED');
    if (row.totp_enabled_at) throw new AppException('FORBIDDEN');
    const secret = generateSecret();
    await this.staff.storeUnconfirmedTotpSecret(this.dataSource, staffId, this.seal(staffId, secret));
    return { secret, otpauthUri: generateURI({ issuer: ISSUER, label: row.login_id, secret }) };
  }

  /** The first right code confirms the enrollment. */
  async confirmEnrollment(staffId: number, code: string, meta: RequestMeta): Promise<void> {
    const row = await this.row(staffId);
    if (!row?.totp_secret || row.totp_enabled_at) throw new AppException('FORBIDDEN');
    const step = await this.validStep(staffId, row, code);
    if (step === undefined) throw AppException.validation([{ field: 'code', code: 'OTP_FORMAT_INVALID' }]);
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.staff.confirmTotp(manager, staffId, step, this.clock.now()))) throw new AppException('FORBIDDEN');
      await this.audit.append(manager, { actorType: 'STAFF', actorId: staffId, action: 'TOTP_ENROLLED', meta });
    });
  }

  /** true once per valid code: the step is claimed atomically. */
  async verifyLogin(staffId: number, code: string): Promise<boolean> {
    const row = await this.row(staffId);
    if (!row?.totp_secret || !row.totp_enabled_at) return false;
    const step = await this.validStep(staffId, row, code);
    if (step === undefined) return false;
    return this.staff.claimTotpStep(this.dataSource, staffId, step);
  }

  private async validStep(staffId: number, row: TotpRow, code: string): Promise<number | undefined> {
    if (!/^\d{6}$/.test(code)) return undefined;
    const result = await verify({
      secret: this.open(staffId, row.totp_secret!), token: code, epoch: Math.floor(this.clock.now().getTime() / 1000),
      epochTolerance: PERIOD, period: PERIOD, ...(row.totp_last_step !== null ? { afterTimeStep: Number(row.totp_last_step) } : {}),
    });
    if (!result.valid) return undefined;
    // TOTP results carry the step that matched (HOTP's do not)
    return 'timeStep' in result ? Number(result.timeStep) : undefined;
  }

  private row(staffId: number): Promise<TotpRow | undefined> {
    return this.staff.totpOf(this.dataSource, staffId);
  }

  private seal(staffId: number, secret: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv);
    cipher.setAAD(Buffer.from(`staff:${staffId}`));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  private open(staffId: number, sealed: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.sealKey, sealed.subarray(0, 12));
    decipher.setAAD(Buffer.from(`staff:${staffId}`));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  }
}
