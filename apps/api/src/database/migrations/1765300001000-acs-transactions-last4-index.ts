import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Staff search ACS transactions by the card's last four digits, newest first (the console's keyset order). */
export class AcsTransactionsLast4Index1765300001000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE acs_transactions ADD INDEX ix_acs_last4 (card_last4, created_at), ALGORITHM=INPLACE, LOCK=NONE');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE acs_transactions DROP INDEX ix_acs_last4');
  }
}
