import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit retention (issue 15, PCI DSS 10.5.1): events older than the retention period move to a signed archive
 * file and leave the database. Each chain then starts after its base: the seq and hash of the last archived event,
 * signed (Ed25519, AUDIT_SIGNING_KEY) so that a DBA can neither move it nor cut more events off the start.
 */
export class AuditChainBases1766000002000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE audit_chain_heads
        ADD COLUMN base_seq BIGINT UNSIGNED NOT NULL DEFAULT 0,
        ADD COLUMN base_hash BINARY(32) NULL,
        ADD COLUMN base_sig VARBINARY(64) NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE audit_chain_heads DROP COLUMN base_seq, DROP COLUMN base_hash, DROP COLUMN base_sig');
  }
}
