import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOutboxMessages1764000012000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox_messages (
      id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
      channel ENUM('EMAIL','SMS') NOT NULL,
      recipient VARCHAR(254) NOT NULL,
      -- subject and body, AES-256-GCM encrypted: SMS bodies carry OTPs and emails carry password links
      payload VARBINARY(16384) NOT NULL,
      template VARCHAR(64) NOT NULL,
      status ENUM('PENDING','SENT','DEAD') NOT NULL DEFAULT 'PENDING',
      attempts INT UNSIGNED NOT NULL DEFAULT 0,
      next_attempt_at DATETIME(3) NOT NULL,
      last_error VARCHAR(300) NULL,
      created_at DATETIME(3) NOT NULL,
      sent_at DATETIME(3) NULL,
      KEY ix_outbox_due (status, next_attempt_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE outbox_messages');
  }
}
