import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Leases of the audit module's singleton jobs (the sealer, the retention job): one instance across every
 * process and every Galera node runs each. Taken by a guarded UPDATE (GET_LOCK is not replicated by Galera;
 * a row update is, and certification lets one node win).
 */
export class CreateAuditLeases1766000001000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_leases (
      name VARCHAR(32) NOT NULL PRIMARY KEY,
      holder VARCHAR(64) NULL,
      expires_at DATETIME(3) NOT NULL
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE audit_leases');
  }
}
