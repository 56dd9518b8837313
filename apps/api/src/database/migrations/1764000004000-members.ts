import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMembers1764000004000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE members (
      id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
      company_id BIGINT UNSIGNED NOT NULL,
      login_id VARCHAR(20) NOT NULL,
      name VARCHAR(100) NOT NULL,
      email VARCHAR(254) NOT NULL,
      password_hash VARCHAR(255) NULL,
      failed_login_count INT UNSIGNED NOT NULL DEFAULT 0,
      locked_until DATETIME(3) NULL,
      password_changed_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_member_login_id (login_id),
      KEY ix_member_email (email),
      CONSTRAINT fk_member_company FOREIGN KEY (company_id) REFERENCES companies (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE members');
  }
}
