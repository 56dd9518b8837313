import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: a transaction appends its audit event unsealed (chain, seq and the hashes NULL) and one sealer chains
 * the committed events within a second, so no request waits on a chain head. Until it is sealed, an event carries
 * append_mac: a random 16-byte nonce and the HMAC, under the audit key named by key_id, of the nonce and the
 * event's content. The sealer chains only events whose append_mac verifies, so a DBA cannot slip a forged
 * event into the chain through the unsealed window; the UNIQUE key refuses a copy of an existing event.
 */
export class AuditUnsealedEvents1766000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE audit_events
        MODIFY chain TINYINT UNSIGNED NULL,
        MODIFY seq BIGINT UNSIGNED NULL,
        MODIFY prev_hash BINARY(32) NULL,
        MODIFY hash BINARY(32) NULL,
        ADD COLUMN append_mac BINARY(48) NULL,
        ADD UNIQUE KEY uq_audit_append_mac (append_mac)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE audit_events
        DROP KEY uq_audit_append_mac,
        DROP COLUMN append_mac,
        MODIFY chain TINYINT UNSIGNED NOT NULL,
        MODIFY seq BIGINT UNSIGNED NOT NULL,
        MODIFY prev_hash BINARY(32) NOT NULL,
        MODIFY hash BINARY(32) NOT NULL`);
  }
}
