import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * rate-limiter-flexible's MySQL store (common/rate-limit): its column order (`key`, points, expire), created here
 * rather than by the library at run time. Keys are HMACs (never an address, a phone number or a typed login ID),
 * so a binary collation is right. The library sweeps expired rows every 5 minutes (`expire < ?`): hence the index.
 */
export class CreateRateLimits1765200000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE rate_limits (
      \`key\` VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
      points INT NOT NULL DEFAULT 0,
      expire BIGINT UNSIGNED NULL,
      KEY ix_rate_limits_expire (expire)
      ) ENGINE=InnoDB`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE rate_limits');
  }
}
