import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: the write of a successful card inquiry in one round trip. One CALL runs the whole transaction: the
 * PIN counter back to 0 (only when it is not 0 already), the grant (only while the card is not PIN-locked: a
 * lock committed since the read wins), and its unsealed audit event (prepared and MACed by AuditService).
 * Parameters are bound; no SQL is built from them. Any error rolls back and is raised to the caller.
 */
export class GrantCardInquiryProcedure1766000004000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE PROCEDURE grant_card_inquiry(
        IN p_inquiry_id CHAR(36), IN p_session_hash BINARY(32), IN p_member_id BIGINT UNSIGNED, IN p_card_id BIGINT UNSIGNED,
        IN p_expires_at DATETIME(3), IN p_now DATETIME(3), IN p_reset_failures TINYINT,
        IN p_occurred_at DATETIME(3), IN p_actor_type VARCHAR(16), IN p_actor_id VARCHAR(64), IN p_action VARCHAR(64),
        IN p_target_type VARCHAR(32), IN p_target_id VARCHAR(64), IN p_ip VARCHAR(45), IN p_user_agent VARCHAR(512),
        IN p_detail TEXT, IN p_append_mac BINARY(48), IN p_key_id VARCHAR(16))
      MODIFIES SQL DATA
      BEGIN
        DECLARE v_granted INT DEFAULT 0;
        DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; RESIGNAL; END;
        START TRANSACTION;
        IF p_reset_failures = 1 THEN
          UPDATE cards SET pin_fail_count = 0, updated_at = p_now WHERE id = p_card_id AND pin_locked_at IS NULL;
        END IF;
        INSERT INTO card_inquiries (id, session_hash, member_id, card_id, expires_at, created_at)
          SELECT p_inquiry_id, p_session_hash, p_member_id, p_card_id, p_expires_at, p_now
            FROM cards WHERE id = p_card_id AND pin_locked_at IS NULL;
        SET v_granted = ROW_COUNT();
        IF v_granted = 1 THEN
          INSERT INTO audit_events (occurred_at, actor_type, actor_id, action, target_type, target_id, ip, user_agent, detail, append_mac, key_id)
            VALUES (p_occurred_at, p_actor_type, p_actor_id, p_action, p_target_type, p_target_id, p_ip, p_user_agent, p_detail, p_append_mac, p_key_id);
        END IF;
        COMMIT;
        SELECT v_granted AS granted;
      END`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP PROCEDURE grant_card_inquiry');
  }
}
