import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateEnrollments1764000009000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE enrollments (
      id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
      card_id BIGINT UNSIGNED NOT NULL,
      secure_id VARCHAR(20) NULL,
      -- lower-cased secure ID: uniqueness is system-wide and case-insensitive
      secure_id_key VARCHAR(20) NULL,
      method ENUM('OTP','PASSWORD') NOT NULL,
      phone_e164 VARCHAR(16) NULL,
      password_hash VARCHAR(255) NULL,
      status ENUM('REGISTERED','REREGISTRATION_REQUIRED') NOT NULL,
      password_fail_count TINYINT UNSIGNED NOT NULL DEFAULT 0,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_enrollment_card (card_id),
      UNIQUE KEY uq_enrollment_secure_id (secure_id_key),
      CONSTRAINT fk_enrollment_card FOREIGN KEY (card_id) REFERENCES cards (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE enrollments');
  }
}
