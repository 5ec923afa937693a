import { MigrationInterface, QueryRunner } from 'typeorm';
import { reportFactsOf } from '@banli/domain';
import { CalendarStore } from '../calendar-store';
import { replaceReportFacts, stateFromSnapshot } from '../report-facts';

const BATCH = 200;

/**
 * The handling statistics kept summed (report_fact, one row per session, unit, key-case flag,
 * month of assignment and count), with what each case adds kept on the case (report_facts) so the
 * projection adds only differences. Existing cases are counted from their snapshots with the same
 * function the projection uses, on the calendar in force now.
 */
export class ReportFactTable1795330000000 implements MigrationInterface {
  name = 'ReportFactTable1795330000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `report_fact` (`jurisdiction` varchar(64) NOT NULL, `channel` varchar(8) NOT NULL, ' +
        '`term` int NOT NULL, `session` int NOT NULL, `key_case` tinyint NOT NULL, `unit_id` char(36) NOT NULL, ' +
        '`month` char(7) NOT NULL, `metric` varchar(80) NOT NULL, `bucket` int NOT NULL, `n` int NOT NULL, ' +
        'INDEX `ix_report_fact_unit` (`unit_id`), ' +
        'PRIMARY KEY (`jurisdiction`, `channel`, `term`, `session`, `key_case`, `unit_id`, `month`, `metric`, `bucket`)) ' +
        'ENGINE=InnoDB',
    );
    await queryRunner.query('ALTER TABLE `proposal` ADD `report_facts` longtext NULL');
    const calendar = await new CalendarStore(queryRunner.connection).calendar();
    for (let after = ''; ;) {
      const rows: {
        id: string;
        jurisdiction: string;
        channel: string;
        term: number;
        session: number;
        snapshot: string;
      }[] = await queryRunner.query(
        'SELECT `id`, `jurisdiction`, `channel`, `term`, `session`, `snapshot` FROM `proposal` ' +
          'WHERE `id` > ? AND `snapshot` IS NOT NULL ORDER BY `id` LIMIT ?',
        [after, BATCH],
      );
      if (!rows.length) break;
      after = rows[rows.length - 1].id;
      for (const row of rows) {
        // snapshots written before some lists existed get them empty
        const state = stateFromSnapshot(row.snapshot);
        await replaceReportFacts(queryRunner.manager, row, reportFactsOf(state, calendar), false);
      }
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `proposal` DROP COLUMN `report_facts`');
    await queryRunner.query('DROP TABLE `report_fact`');
  }
}
