import { MigrationInterface, QueryRunner } from 'typeorm';

/** A password change (own or by an administrator) ends the sessions begun before it. */
export class UserSessionsValidFrom1795266000000 implements MigrationInterface {
  name = 'UserSessionsValidFrom1795266000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`user\` ADD \`sessions_valid_from\` datetime(3) NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`user\` DROP COLUMN \`sessions_valid_from\``);
  }
}
