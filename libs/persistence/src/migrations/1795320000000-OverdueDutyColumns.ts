import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The overdue report as a read of `deadline` alone: each duty row carries whether its case is a
 * key case (重点) and where its unit's part stands, so the report's counts by unit and by stage,
 * and the order of its pages, come from one index range (kind, status, due_at, …) without joining
 * every overdue duty to its assignment and case. Existing rows are filled in from those tables.
 */
export class OverdueDutyColumns1795320000000 implements MigrationInterface {
  name = 'OverdueDutyColumns1795320000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `deadline` ADD `key_case` tinyint NOT NULL DEFAULT 0, ADD `unit_stage` varchar(32) NULL',
    );
    await queryRunner.query(
      'UPDATE `deadline` d JOIN `proposal` p ON p.`id` = d.`proposal_id` SET d.`key_case` = p.`key_case`',
    );
    await queryRunner.query(
      'UPDATE `deadline` d JOIN `assignment` a ON a.`proposal_id` = d.`proposal_id` AND a.`unit_id` = d.`scope` ' +
        'SET d.`unit_stage` = a.`stage`',
    );
    await queryRunner.query('DROP INDEX `ix_deadline_open_duty` ON `deadline`');
    await queryRunner.query(
      'CREATE INDEX `ix_deadline_open_duty` ON `deadline` ' +
        '(`kind`, `status`, `due_at`, `key_case`, `scope`, `unit_stage`, `proposal_id`, `clock`)',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_deadline_open_duty` ON `deadline`');
    await queryRunner.query(
      'CREATE INDEX `ix_deadline_open_duty` ON `deadline` (`kind`, `status`, `due_at`)',
    );
    await queryRunner.query('ALTER TABLE `deadline` DROP COLUMN `unit_stage`, DROP COLUMN `key_case`');
  }
}
