import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The 受付番号 stored with its application (applications/receipt-number.ts derives it once, at submission):
 * deriving it on every read was a fifth of a back-office list page's CPU. Rows from before this migration are
 * filled by the application at start (ReceiptNumbers.fillMissing), which holds the key; until then reads derive
 * them. The index finds those rows (NULL) at every start without a scan.
 */
export class ApplicationReceiptNumbers1766200000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE signup_applications ADD COLUMN receipt_number CHAR(19) CHARACTER SET ascii NULL, ADD KEY ix_application_receipt_number (receipt_number)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE signup_applications DROP KEY ix_application_receipt_number, DROP COLUMN receipt_number');
  }
}
