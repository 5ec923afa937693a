import { MigrationInterface, QueryRunner } from 'typeorm';

/** The office can re-send a failed message (after fixing the address): who did it, when, how often. */
export class OutboxResend1795262400000 implements MigrationInterface {
  name = 'OutboxResend1795262400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE \`outbox\` ADD \`resend_count\` int NOT NULL DEFAULT '0', ADD \`resent_by\` varchar(64) NULL, ADD \`resent_at\` datetime(3) NULL, ADD \`original_recipient\` varchar(254) NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE \`outbox\` DROP COLUMN \`original_recipient\`, DROP COLUMN \`resent_at\`, DROP COLUMN \`resent_by\`, DROP COLUMN \`resend_count\``,
    );
  }
}
