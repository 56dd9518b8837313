import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The per-transaction message log the back office shows: every AReq, ARes, CReq, CRes, RReq, RRes, Erro and challenge step, card numbers masked. */
export class CreateAcsMessages1765000001000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE acs_messages (
      id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
      acs_trans_id CHAR(36) NULL,
      three_ds_server_trans_id CHAR(36) NULL,
      kind VARCHAR(24) NOT NULL,
      direction ENUM('IN','OUT','EVENT') NOT NULL,
      body JSON NOT NULL,
      created_at DATETIME(3) NOT NULL,
      KEY ix_acs_messages_trans (acs_trans_id, id),
      KEY ix_acs_messages_server_trans (three_ds_server_trans_id, id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE acs_messages');
  }
}
