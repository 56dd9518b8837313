import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCardImports1764000015000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE card_imports (
      id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
      status ENUM('PENDING','PROCESSING','COMPLETED','FAILED') NOT NULL,
      total INT UNSIGNED NOT NULL DEFAULT 0,
      processed INT UNSIGNED NOT NULL DEFAULT 0,
      failed INT UNSIGNED NOT NULL DEFAULT 0,
      created_by_staff_id BIGINT UNSIGNED NOT NULL,
      created_at DATETIME(3) NOT NULL,
      finished_at DATETIME(3) NULL
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE card_imports');
  }
}
