import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePasswordTokens1764000005000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE password_tokens (
      id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
      member_id BIGINT UNSIGNED NOT NULL,
      purpose ENUM('SETUP','RESET') NOT NULL,
      token_hash BINARY(32) NOT NULL,
      expires_at DATETIME(3) NOT NULL,
      used_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_password_token_hash (token_hash),
      KEY ix_password_token_member (member_id),
      CONSTRAINT fk_password_token_member FOREIGN KEY (member_id) REFERENCES members (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE password_tokens');
  }
}
