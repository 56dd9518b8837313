/** Staff accounts: the first SUPERVISOR comes from INITIAL_STAFF_* when no staff exists yet. */
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { StaffRole } from '@corpweb/shared-types';
import { Clock } from '../../common/clock/clock.js';
import { PasswordHasher } from '../../common/crypto/password-hasher.service.js';
import { isDuplicateKey } from '../../common/database/sql.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { isRetryableConflict } from '../../database/retrying-transaction.js';
import { AuditService } from '../audit/audit.service.js';
import { assertPortalPassword } from './portal-password.policy.js';
import { StaffRepository } from './staff.repository.js';

@Injectable()
export class StaffAccountsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('StaffAccounts');

  constructor(
    private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly staff: StaffRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Outside production, whether INITIAL_STAFF_PASSWORD logs in as INITIAL_STAFF_LOGIN_ID after start-up, for the
   * banner: a database kept from another clone (another .data/dev-staff.json) or a password changed since has a
   * supervisor the printed password does not open.
   */
  initialPasswordLogsIn?: boolean;

  async onApplicationBootstrap(): Promise<void> {
    const initial = this.config.initialStaff;
    if (!initial) return;
    if (await this.staff.any(this.dataSource)) {
      if (this.config.env !== 'production') {
        const account = await this.staff.findByLoginId(this.dataSource, initial.loginId);
        this.initialPasswordLogsIn = await this.hasher.verify(account?.password_hash, initial.password);
      }
      return;
    }
    assertPortalPassword(initial.password, initial.loginId);
    try {
      await this.create(initial.loginId, initial.password, 'SUPERVISOR');
    } catch (error) {
      // instances starting together (on one server, or on two Galera nodes, where the loser fails certification)
      if (isDuplicateKey(error, 'uq_staff_login_id') || isRetryableConflict(error)) return;
      throw error;
    }
    this.initialPasswordLogsIn = true;
    this.logger.log(`created the first SUPERVISOR "${initial.loginId}"`);
  }

  async create(loginId: string, password: string, role: StaffRole): Promise<number> {
    const hash = await this.hasher.hash(password);
    return this.dataSource.transaction(async (manager) => {
      const insertId = await this.staff.create(manager, loginId, role, hash, this.clock.now());
      await this.audit.append(manager, { actorType: 'SYSTEM', action: 'STAFF_CREATED', targetType: 'STAFF', targetId: insertId, detail: { role } });
      return insertId;
    });
  }
}
