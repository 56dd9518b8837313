import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateStaff1764000006000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE staff (
      id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
      login_id VARCHAR(64) NOT NULL,
      role ENUM('OPERATOR','SUPERVISOR') NOT NULL,
      password_hash VARCHAR(255) NOT NULL,
      failed_login_count INT UNSIGNED NOT NULL DEFAULT 0,
      locked_until DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_staff_login_id (login_id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE staff');
  }
}
