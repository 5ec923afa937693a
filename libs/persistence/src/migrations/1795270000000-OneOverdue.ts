import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One meaning of "overdue" in the read model: each deadline row says what kind of clock it is and
 * whether it counts (open), waits (held: its case is on hold) or is done (closed); a case's
 * next_due_at is its earliest counting duty. Overdue duties and overdue cases become indexed range
 * reads. Audit rows keep the actor's name and unit. The clock kinds are written out here as they
 * were when this migration was made.
 */
export class OneOverdue1795270000000 implements MigrationInterface {
  name = 'OneOverdue1795270000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`deadline\` ADD \`kind\` varchar(8) NOT NULL DEFAULT 'duty'`);
    await queryRunner.query(
      `UPDATE \`deadline\` SET \`kind\` = CASE WHEN \`clock\` IN ('adjustmentWindow', 'feedback') THEN 'window' WHEN \`clock\` IN ('mainReplyCap', 'rehandlingCap') THEN 'limit' ELSE 'duty' END`,
    );
    await queryRunner.query(
      `UPDATE \`deadline\` SET \`status\` = 'open' WHERE \`status\` NOT IN ('open', 'closed')`,
    );
    await queryRunner.query(
      `UPDATE \`deadline\` d JOIN \`proposal\` p ON p.\`id\` = d.\`proposal_id\` SET d.\`status\` = 'closed' WHERE d.\`status\` = 'open' AND p.\`stage\` IN ('NOT_FILED', 'MERGED', 'WITHDRAWN', 'CLOSED')`,
    );
    await queryRunner.query(
      `UPDATE \`deadline\` d JOIN \`proposal\` p ON p.\`id\` = d.\`proposal_id\` SET d.\`status\` = 'held' WHERE d.\`status\` = 'open' AND JSON_EXTRACT(p.\`snapshot\`, '$.onHold') IS NOT NULL`,
    );
    await queryRunner.query(
      `UPDATE \`proposal\` p SET p.\`next_due_at\` = (SELECT MIN(d.\`due_at\`) FROM \`deadline\` d WHERE d.\`proposal_id\` = p.\`id\` AND d.\`kind\` = 'duty' AND d.\`status\` = 'open')`,
    );
    await queryRunner.query(`DROP INDEX \`ix_deadline_due\` ON \`deadline\``);
    await queryRunner.query(
      `CREATE INDEX \`ix_deadline_open_duty\` ON \`deadline\` (\`kind\`, \`status\`, \`due_at\`)`,
    );
    await queryRunner.query(`ALTER TABLE \`proposal\` DROP COLUMN \`overdue\``);
    await queryRunner.query(`CREATE INDEX \`ix_proposal_next_due\` ON \`proposal\` (\`next_due_at\`)`);
    await queryRunner.query(
      `ALTER TABLE \`audit_event\` ADD \`actor_name\` varchar(100) NULL, ADD \`actor_unit_id\` varchar(64) NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE \`audit_event\` DROP COLUMN \`actor_unit_id\`, DROP COLUMN \`actor_name\``,
    );
    await queryRunner.query(`DROP INDEX \`ix_proposal_next_due\` ON \`proposal\``);
    await queryRunner.query(`ALTER TABLE \`proposal\` ADD \`overdue\` tinyint NOT NULL DEFAULT 0`);
    await queryRunner.query(`DROP INDEX \`ix_deadline_open_duty\` ON \`deadline\``);
    await queryRunner.query(`CREATE INDEX \`ix_deadline_due\` ON \`deadline\` (\`status\`, \`due_at\`)`);
    await queryRunner.query(`UPDATE \`deadline\` SET \`status\` = 'open' WHERE \`status\` = 'held'`);
    await queryRunner.query(`ALTER TABLE \`deadline\` DROP COLUMN \`kind\``);
  }
}
