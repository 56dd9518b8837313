import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Staff second factor (PCI DSS 8.4.2): a TOTP secret (AES-GCM sealed), when it was confirmed, the last step used. */
export class AddStaffTotp1765200002000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE staff
      ADD COLUMN totp_secret VARBINARY(255) NULL,
      ADD COLUMN totp_enabled_at DATETIME(3) NULL,
      ADD COLUMN totp_last_step BIGINT UNSIGNED NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE staff DROP COLUMN totp_secret, DROP COLUMN totp_enabled_at, DROP COLUMN totp_last_step');
  }
}
