import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSignupApplications1764000001000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE signup_applications (
      id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
      status ENUM('RECEIVED','APPROVED','REJECTED') NOT NULL,
      corporate_number CHAR(13) NOT NULL,
      -- equals corporate_number while RECEIVED or APPROVED, NULL once rejected: the unique key refuses a
      -- second live application for the same company even under concurrent submissions
      active_corporate_number CHAR(13) NULL,
      company_name VARCHAR(200) NOT NULL,
      company_name_kana VARCHAR(200) NOT NULL,
      postal_code CHAR(8) NOT NULL,
      address VARCHAR(300) NOT NULL,
      company_phone VARCHAR(16) NOT NULL,
      admin_name VARCHAR(100) NOT NULL,
      admin_name_kana VARCHAR(100) NOT NULL,
      admin_department VARCHAR(100) NOT NULL,
      admin_email VARCHAR(254) NOT NULL,
      admin_phone VARCHAR(16) NOT NULL,
      terms_version VARCHAR(20) NOT NULL,
      consent_at DATETIME(3) NOT NULL,
      consent_ip VARCHAR(45) NOT NULL,
      consent_user_agent VARCHAR(512) NOT NULL,
      received_at DATETIME(3) NOT NULL,
      decided_at DATETIME(3) NULL,
      decided_by_staff_id BIGINT UNSIGNED NULL,
      rejection_reason TEXT NULL,
      member_id BIGINT UNSIGNED NULL,
      UNIQUE KEY uq_application_active_corporate_number (active_corporate_number),
      KEY ix_application_status_id (status, id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE signup_applications');
  }
}
