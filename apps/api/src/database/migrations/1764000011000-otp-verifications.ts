import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOtpVerifications1764000011000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE otp_verifications (
      id CHAR(36) NOT NULL PRIMARY KEY,
      purpose ENUM('ENROLLMENT','ACS') NOT NULL,
      subject_id VARCHAR(36) NOT NULL,
      card_id BIGINT UNSIGNED NOT NULL,
      phone_e164 VARCHAR(16) NOT NULL,
      pending_secure_id VARCHAR(20) NULL,
      code_hmac BINARY(32) NOT NULL,
      expires_at DATETIME(3) NOT NULL,
      wrong_attempts TINYINT UNSIGNED NOT NULL DEFAULT 0,
      consumed_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL,
      KEY ix_otp_phone_time (phone_e164, created_at),
      KEY ix_otp_subject (subject_id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE otp_verifications');
  }
}
