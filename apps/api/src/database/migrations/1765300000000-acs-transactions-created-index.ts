import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The back-office ACS console lists every transaction newest first (keyset on created_at, acs_trans_id — InnoDB
 * appends the primary key to the index) and counts a date range per business day. Built online so the ACS
 * keeps answering AReqs while it is added.
 */
export class AcsTransactionsCreatedIndex1765300000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE acs_transactions ADD INDEX ix_acs_created (created_at), ALGORITHM=INPLACE, LOCK=NONE');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE acs_transactions DROP INDEX ix_acs_created');
  }
}
