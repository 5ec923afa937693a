import { MigrationInterface, QueryRunner } from 'typeorm';

export class CalendarData1795251859514 implements MigrationInterface {
  name = 'CalendarData1795251859514';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`calendar_year\` (\`year\` int NOT NULL, \`data\` longtext NOT NULL, \`loaded_by\` varchar(64) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), PRIMARY KEY (\`year\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`calendar_override\` (\`date\` char(10) NOT NULL, \`working\` tinyint NOT NULL, \`reason\` varchar(200) NOT NULL, \`source\` longtext NULL, \`loaded_by\` varchar(64) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), PRIMARY KEY (\`date\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`calendar_override\``);
    await queryRunner.query(`DROP TABLE \`calendar_year\``);
  }
}
