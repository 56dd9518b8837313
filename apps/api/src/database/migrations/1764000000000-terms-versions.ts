import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTermsVersions1764000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE terms_versions (
      id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
      version VARCHAR(20) NOT NULL,
      title VARCHAR(200) NOT NULL,
      body MEDIUMTEXT NOT NULL,
      effective_date DATE NOT NULL,
      created_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_terms_version (version),
      KEY ix_terms_effective (effective_date)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE terms_versions');
  }
}
