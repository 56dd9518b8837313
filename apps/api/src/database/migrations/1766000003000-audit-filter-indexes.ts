import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The back-office audit screen filters by action, actor and target (newest first, keyset by id) and by day
 * (ix_audit_time): each filter reads its own index in id order instead of walking the whole log.
 */
export class AuditFilterIndexes1766000003000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE audit_events
        ADD KEY ix_audit_action (action, id),
        ADD KEY ix_audit_actor (actor_type, actor_id, id),
        ADD KEY ix_audit_target (target_type, target_id, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE audit_events DROP KEY ix_audit_action, DROP KEY ix_audit_actor, DROP KEY ix_audit_target');
  }
}
