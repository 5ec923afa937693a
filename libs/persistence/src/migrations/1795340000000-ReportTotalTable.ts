import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The statistics over all sessions kept summed (report_total: report_fact without term, session
 * and month), filled from report_fact, which every case already adds to.
 */
export class ReportTotalTable1795340000000 implements MigrationInterface {
  name = 'ReportTotalTable1795340000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `report_total` (`unit_id` char(36) NOT NULL, `metric` varchar(80) NOT NULL, ' +
        '`bucket` int NOT NULL, `key_case` tinyint NOT NULL, `jurisdiction` varchar(64) NOT NULL, ' +
        '`channel` varchar(8) NOT NULL, `n` int NOT NULL, ' +
        'PRIMARY KEY (`unit_id`, `metric`, `bucket`, `key_case`, `jurisdiction`, `channel`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'INSERT INTO `report_total` (`unit_id`, `metric`, `bucket`, `key_case`, `jurisdiction`, `channel`, `n`) ' +
        'SELECT `unit_id`, `metric`, `bucket`, `key_case`, `jurisdiction`, `channel`, SUM(`n`) FROM `report_fact` ' +
        'GROUP BY `unit_id`, `metric`, `bucket`, `key_case`, `jurisdiction`, `channel` HAVING SUM(`n`) <> 0',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `report_total`');
  }
}
