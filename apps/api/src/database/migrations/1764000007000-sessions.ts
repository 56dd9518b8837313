import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSessions1764000007000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE sessions (
      id_hash BINARY(32) NOT NULL PRIMARY KEY,
      kind ENUM('MEMBER','STAFF') NOT NULL,
      principal_id BIGINT UNSIGNED NOT NULL,
      csrf_token VARCHAR(64) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      last_seen_at DATETIME(3) NOT NULL,
      absolute_expires_at DATETIME(3) NOT NULL,
      revoked_at DATETIME(3) NULL,
      ip VARCHAR(45) NOT NULL,
      user_agent VARCHAR(512) NOT NULL,
      KEY ix_session_principal (kind, principal_id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE sessions');
  }
}
