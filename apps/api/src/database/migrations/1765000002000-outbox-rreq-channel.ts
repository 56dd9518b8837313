import type { MigrationInterface, QueryRunner } from 'typeorm';

/** RReqs to the Directory Server travel through the outbox too; a dedupe key makes "exactly one RReq per transaction" a unique index. */
export class OutboxRreqChannel1765000002000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE outbox_messages
        MODIFY channel ENUM('EMAIL','SMS','RREQ') NOT NULL,
        ADD COLUMN dedupe_key VARCHAR(64) NULL,
        ADD UNIQUE KEY uq_outbox_dedupe (dedupe_key)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE outbox_messages DROP KEY uq_outbox_dedupe, DROP COLUMN dedupe_key,
      MODIFY channel ENUM('EMAIL','SMS') NOT NULL`);
  }
}
