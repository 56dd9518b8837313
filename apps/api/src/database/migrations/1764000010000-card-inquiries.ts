import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCardInquiries1764000010000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE card_inquiries (
      id CHAR(36) NOT NULL PRIMARY KEY,
      session_hash BINARY(32) NOT NULL,
      member_id BIGINT UNSIGNED NOT NULL,
      card_id BIGINT UNSIGNED NOT NULL,
      expires_at DATETIME(3) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      KEY ix_inquiry_expiry (expires_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE card_inquiries');
  }
}
