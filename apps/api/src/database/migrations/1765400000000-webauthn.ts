import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * WebAuthn passkeys (issue 10 point 5): the credentials of staff and members, and the single-use challenges of
 * their ceremonies. A challenge is stored only as SHA-256, expires after a short TTL and is bound to its purpose,
 * to its owner (registration, staff second factor) and, for a registration, to the session that asked for it.
 */
export class CreateWebauthn1765400000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE webauthn_credentials (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      credential_id VARBINARY(1023) NOT NULL,
      credential_id_hash BINARY(32) NOT NULL,
      owner_kind ENUM('STAFF','MEMBER') NOT NULL,
      owner_id BIGINT UNSIGNED NOT NULL,
      public_key VARBINARY(2048) NOT NULL,
      counter BIGINT UNSIGNED NOT NULL DEFAULT 0,
      transports VARCHAR(255) NULL,
      aaguid CHAR(36) NULL,
      backed_up TINYINT(1) NOT NULL DEFAULT 0,
      name VARCHAR(64) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      last_used_at DATETIME(3) NULL,
      UNIQUE KEY ux_webauthn_credential (credential_id_hash),
      KEY ix_webauthn_owner (owner_kind, owner_id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`
      CREATE TABLE webauthn_challenges (
      challenge_hash BINARY(32) NOT NULL PRIMARY KEY,
      purpose ENUM('REGISTRATION','STAFF_SECOND_FACTOR','MEMBER_LOGIN') NOT NULL,
      owner_kind ENUM('STAFF','MEMBER') NULL,
      owner_id BIGINT UNSIGNED NULL,
      session_hash BINARY(32) NULL,
      created_at DATETIME(3) NOT NULL,
      expires_at DATETIME(3) NOT NULL,
      used_at DATETIME(3) NULL,
      KEY ix_webauthn_challenge_expiry (expires_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE webauthn_challenges');
    await queryRunner.query('DROP TABLE webauthn_credentials');
  }
}
