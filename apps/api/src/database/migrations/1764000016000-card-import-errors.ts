import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCardImportErrors1764000016000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE card_import_errors (
      id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
      import_id BIGINT UNSIGNED NOT NULL,
      line INT UNSIGNED NOT NULL,
      code VARCHAR(40) NOT NULL,
      KEY ix_import_error (import_id, line)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE card_import_errors');
  }
}
