import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Key check values (database/key-checks.ts): per key and key id, a one-way value that tells a start whether its
 * keys are the ones this database was set up with.
 */
export class CreateKeyChecks1766100000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE key_checks (
      name VARCHAR(32) NOT NULL,
      key_id VARCHAR(16) NOT NULL,
      check_value BINARY(16) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      PRIMARY KEY (name, key_id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE key_checks');
  }
}
