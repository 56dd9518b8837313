import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateApplicationNotes1764000002000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE application_notes (
      id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
      application_id BIGINT UNSIGNED NOT NULL,
      staff_id BIGINT UNSIGNED NOT NULL,
      text VARCHAR(1000) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      KEY ix_note_application (application_id, id),
      CONSTRAINT fk_note_application FOREIGN KEY (application_id) REFERENCES signup_applications (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE application_notes');
  }
}
