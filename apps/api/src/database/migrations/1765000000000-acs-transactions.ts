import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per AReq the ACS accepted: the decision, the rules that fired, and — for a challenge — its state
 * machine (AWAITING_CREQ → CHALLENGING → COMPLETED) with durable deadlines that the timer worker enforces.
 * No PAN: the card is referenced by id and fingerprint; the last four digits are kept for staff search.
 */
export class CreateAcsTransactions1765000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE acs_transactions (
      acs_trans_id CHAR(36) NOT NULL PRIMARY KEY,
      three_ds_server_trans_id CHAR(36) NOT NULL,
      ds_trans_id CHAR(36) NOT NULL,
      message_version VARCHAR(8) NOT NULL,
      message_category CHAR(2) NOT NULL,
      pan_fingerprint BINARY(32) NOT NULL,
      card_id BIGINT UNSIGNED NULL,
      company_id BIGINT UNSIGNED NULL,
      card_last4 CHAR(4) NOT NULL,
      purchase_amount DECIMAL(48,0) NULL,
      purchase_currency CHAR(3) NULL,
      purchase_exponent TINYINT UNSIGNED NULL,
      merchant_name VARCHAR(40) NOT NULL,
      mcc CHAR(4) NULL,
      requestor_name VARCHAR(40) NOT NULL,
      notification_url VARCHAR(256) NOT NULL,
      browser_language VARCHAR(35) NOT NULL,
      browser_ip VARCHAR(45) NULL,
      device_hash BINARY(32) NOT NULL,
      challenge_mandated BOOLEAN NOT NULL,
      state ENUM('DECIDED','AWAITING_CREQ','CHALLENGING','COMPLETED') NOT NULL,
      trans_status CHAR(1) NOT NULL,
      trans_status_reason CHAR(2) NULL,
      eci CHAR(2) NULL,
      authentication_method ENUM('OTP','PASSWORD') NULL,
      challenge_window_size CHAR(2) NULL,
      session_data VARCHAR(1024) NULL,
      step_token_hash BINARY(32) NULL,
      wrong_answers TINYINT UNSIGNED NOT NULL DEFAULT 0,
      otp_sends TINYINT UNSIGNED NOT NULL DEFAULT 0,
      otp_hmac BINARY(32) NULL,
      otp_expires_at DATETIME(3) NULL,
      otp_message_id BIGINT UNSIGNED NULL,
      interactions TINYINT UNSIGNED NOT NULL DEFAULT 0,
      challenge_cancel CHAR(2) NULL,
      risk_outcome ENUM('DENY','CHALLENGE','FRICTIONLESS') NULL,
      risk_rules JSON NULL,
      risk_provider VARCHAR(16) NOT NULL,
      ares JSON NOT NULL,
      av_verified_at DATETIME(3) NULL,
      deadline_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL,
      completed_at DATETIME(3) NULL,
      UNIQUE KEY uq_acs_server_trans (three_ds_server_trans_id),
      KEY ix_acs_velocity (pan_fingerprint, created_at),
      KEY ix_acs_card_device (card_id, device_hash, completed_at),
      KEY ix_acs_card_ip (card_id, browser_ip, created_at),
      KEY ix_acs_deadline (state, deadline_at),
      KEY ix_acs_company (company_id, created_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE acs_transactions');
  }
}
