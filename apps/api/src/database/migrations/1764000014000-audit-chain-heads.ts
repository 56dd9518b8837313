import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAuditChainHeads1764000014000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_chain_heads (
      chain TINYINT UNSIGNED NOT NULL PRIMARY KEY,
      seq BIGINT UNSIGNED NOT NULL,
      hash BINARY(32) NOT NULL
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE audit_chain_heads');
  }
}
