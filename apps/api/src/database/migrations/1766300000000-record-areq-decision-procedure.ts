import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The write of a decided AReq in one round trip, as grant_card_inquiry is for the card inquiry: the transaction
 * row, its AReq and ARes in the message log (bodies masked by AcsMessageLogRepository) and its unsealed audit
 * event (prepared and MACed by AuditService), in one transaction. A second AReq with the same
 * threeDSServerTransID fails on uq_acs_server_trans and writes nothing. Parameters are bound; no SQL is built
 * from them. Text parameters name their character set, so a merchant name keeps its Japanese whatever the
 * database's default. Any error rolls back and is raised to the caller.
 */
export class RecordAreqDecisionProcedure1766300000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE PROCEDURE record_areq_decision(
        IN p_acs_trans_id CHAR(36), IN p_three_ds_server_trans_id CHAR(36), IN p_ds_trans_id CHAR(36),
        IN p_message_version VARCHAR(8), IN p_message_category CHAR(2), IN p_pan_fingerprint BINARY(32),
        IN p_card_id BIGINT UNSIGNED, IN p_company_id BIGINT UNSIGNED, IN p_card_last4 CHAR(4),
        IN p_purchase_amount DECIMAL(48,0), IN p_purchase_currency CHAR(3), IN p_purchase_exponent TINYINT UNSIGNED,
        IN p_merchant_name VARCHAR(40) CHARACTER SET utf8mb4, IN p_mcc CHAR(4), IN p_requestor_name VARCHAR(40) CHARACTER SET utf8mb4,
        IN p_notification_url VARCHAR(256) CHARACTER SET utf8mb4, IN p_browser_language VARCHAR(35) CHARACTER SET utf8mb4,
        IN p_browser_ip VARCHAR(45), IN p_device_hash BINARY(32), IN p_challenge_mandated BOOLEAN, IN p_state VARCHAR(16),
        IN p_trans_status CHAR(1), IN p_trans_status_reason CHAR(2), IN p_eci CHAR(2), IN p_authentication_method VARCHAR(8),
        IN p_risk_outcome VARCHAR(16), IN p_risk_rules MEDIUMTEXT CHARACTER SET utf8mb4, IN p_risk_provider VARCHAR(16),
        IN p_ares MEDIUMTEXT CHARACTER SET utf8mb4, IN p_deadline_at DATETIME(3), IN p_created_at DATETIME(3),
        IN p_areq_body MEDIUMTEXT CHARACTER SET utf8mb4, IN p_ares_body MEDIUMTEXT CHARACTER SET utf8mb4,
        IN p_occurred_at DATETIME(3), IN p_actor_type VARCHAR(16), IN p_actor_id VARCHAR(64), IN p_action VARCHAR(64),
        IN p_target_type VARCHAR(32), IN p_target_id VARCHAR(64), IN p_ip VARCHAR(45), IN p_user_agent VARCHAR(512) CHARACTER SET utf8mb4,
        IN p_detail TEXT CHARACTER SET utf8mb4, IN p_append_mac BINARY(48), IN p_key_id VARCHAR(16))
      MODIFIES SQL DATA
      BEGIN
        DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; RESIGNAL; END;
        START TRANSACTION;
        INSERT INTO acs_transactions (acs_trans_id, three_ds_server_trans_id, ds_trans_id, message_version, message_category,
            pan_fingerprint, card_id, company_id, card_last4, purchase_amount, purchase_currency, purchase_exponent, merchant_name,
            mcc, requestor_name, notification_url, browser_language, browser_ip, device_hash, challenge_mandated, state,
            trans_status, trans_status_reason, eci, authentication_method, risk_outcome, risk_rules, risk_provider, ares,
            deadline_at, created_at, completed_at)
          VALUES (p_acs_trans_id, p_three_ds_server_trans_id, p_ds_trans_id, p_message_version, p_message_category,
            p_pan_fingerprint, p_card_id, p_company_id, p_card_last4, p_purchase_amount, p_purchase_currency, p_purchase_exponent,
            p_merchant_name, p_mcc, p_requestor_name, p_notification_url, p_browser_language, p_browser_ip, p_device_hash,
            p_challenge_mandated, p_state, p_trans_status, p_trans_status_reason, p_eci, p_authentication_method, p_risk_outcome,
            p_risk_rules, p_risk_provider, p_ares, p_deadline_at, p_created_at, IF(p_state = 'DECIDED', p_created_at, NULL));
        INSERT INTO acs_messages (acs_trans_id, three_ds_server_trans_id, kind, direction, body, created_at)
          VALUES (p_acs_trans_id, p_three_ds_server_trans_id, 'AReq', 'IN', p_areq_body, p_created_at),
                 (p_acs_trans_id, p_three_ds_server_trans_id, 'ARes', 'OUT', p_ares_body, p_created_at);
        INSERT INTO audit_events (occurred_at, actor_type, actor_id, action, target_type, target_id, ip, user_agent, detail, append_mac, key_id)
          VALUES (p_occurred_at, p_actor_type, p_actor_id, p_action, p_target_type, p_target_id, p_ip, p_user_agent, p_detail, p_append_mac, p_key_id);
        COMMIT;
      END`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP PROCEDURE record_areq_decision');
  }
}
