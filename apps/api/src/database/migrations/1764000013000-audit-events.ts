import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAuditEvents1764000013000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_events (
      id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
      chain TINYINT UNSIGNED NOT NULL,
      seq BIGINT UNSIGNED NOT NULL,
      occurred_at DATETIME(3) NOT NULL,
      actor_type VARCHAR(16) NOT NULL,
      actor_id VARCHAR(64) NULL,
      action VARCHAR(64) NOT NULL,
      target_type VARCHAR(32) NULL,
      target_id VARCHAR(64) NULL,
      ip VARCHAR(45) NULL,
      user_agent VARCHAR(512) NULL,
      detail TEXT NULL,
      prev_hash BINARY(32) NOT NULL,
      hash BINARY(32) NOT NULL,
      UNIQUE KEY uq_audit_chain_seq (chain, seq),
      KEY ix_audit_time (occurred_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE audit_events');
  }
}
