import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCompanies1764000003000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE companies (
      id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
      corporate_number CHAR(13) NOT NULL,
      name VARCHAR(200) NOT NULL,
      name_kana VARCHAR(200) NOT NULL,
      fraud_data_sharing TINYINT(1) NOT NULL DEFAULT 1,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_company_corporate_number (corporate_number)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE companies');
  }
}
