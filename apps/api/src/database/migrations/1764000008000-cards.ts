import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCards1764000008000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE cards (
      id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
      company_id BIGINT UNSIGNED NOT NULL,
      pan_ciphertext VARBINARY(64) NOT NULL,
      pan_key_id VARCHAR(16) NOT NULL,
      pan_fingerprint BINARY(32) NOT NULL,
      first4 CHAR(4) NOT NULL,
      last4 CHAR(4) NOT NULL,
      brand VARCHAR(16) NOT NULL,
      expiry_yymm CHAR(4) NOT NULL,
      holder_name VARCHAR(100) NOT NULL,
      pin_hash BINARY(32) NOT NULL,
      pin_fail_count TINYINT UNSIGNED NOT NULL DEFAULT 0,
      pin_locked_at DATETIME(3) NULL,
      status ENUM('ACTIVE','REPLACED') NOT NULL DEFAULT 'ACTIVE',
      replaced_by_card_id BIGINT UNSIGNED NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_card_fingerprint (pan_fingerprint),
      KEY ix_card_company (company_id, id),
      KEY ix_card_last4 (last4),
      CONSTRAINT fk_card_company FOREIGN KEY (company_id) REFERENCES companies (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE cards');
  }
}
