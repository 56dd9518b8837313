import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit chain becomes an HMAC under AUDIT_KEY (not in the database); each event names the key that sealed it,
 * so keys can rotate. NULL marks an event sealed with plain SHA-256 before: AuditService re-seals those at start.
 */
export class AddAuditKeyId1765200001000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE audit_events ADD COLUMN key_id VARCHAR(16) NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE audit_events DROP COLUMN key_id');
  }
}
