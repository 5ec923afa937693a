import { MigrationInterface, QueryRunner } from 'typeorm';

export class ImportJobsAndSuggestedUnits1795253467452 implements MigrationInterface {
  name = 'ImportJobsAndSuggestedUnits1795253467452';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`import_job\` (\`id\` char(36) NOT NULL, \`status\` varchar(16) NOT NULL, \`file_name\` varchar(255) NOT NULL, \`file_sha256\` char(64) NOT NULL, \`file_kind\` varchar(8) NOT NULL, \`jurisdiction\` varchar(64) NOT NULL, \`channel\` varchar(8) NOT NULL, \`term\` int NOT NULL, \`session\` int NOT NULL, \`during_session\` tinyint NOT NULL, \`total\` int NOT NULL, \`done\` int NOT NULL DEFAULT '0', \`registered\` int NOT NULL DEFAULT '0', \`unchanged\` int NOT NULL DEFAULT '0', \`failed\` int NOT NULL DEFAULT '0', \`created_by\` varchar(64) NOT NULL, \`heartbeat_at\` datetime(3) NOT NULL, \`finished_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`ix_import_job_file\` (\`file_sha256\`, \`jurisdiction\`, \`channel\`, \`term\`, \`session\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`import_job_row\` (\`job_id\` char(36) NOT NULL, \`row_no\` int NOT NULL, \`number\` varchar(32) NOT NULL, \`title\` varchar(500) NOT NULL, \`status\` varchar(16) NOT NULL, \`case_id\` char(36) NULL, \`message\` text NULL, \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), PRIMARY KEY (\`job_id\`, \`row_no\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`proposal_suggested_unit\` (\`proposal_id\` char(36) NOT NULL, \`unit_id\` char(36) NOT NULL, \`role\` varchar(8) NOT NULL, \`position\` int NOT NULL, \`source\` varchar(64) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX \`ix_suggested_unit_unit\` (\`unit_id\`), PRIMARY KEY (\`proposal_id\`, \`unit_id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `ALTER TABLE \`import_job_row\` ADD CONSTRAINT \`FK_611817f79aa3700ef0c9e995d56\` FOREIGN KEY (\`job_id\`) REFERENCES \`import_job\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`proposal_suggested_unit\` ADD CONSTRAINT \`FK_068afe1194c5189d55f28e365c9\` FOREIGN KEY (\`unit_id\`) REFERENCES \`unit\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE \`proposal_suggested_unit\` DROP FOREIGN KEY \`FK_068afe1194c5189d55f28e365c9\``,
    );
    await queryRunner.query(
      `ALTER TABLE \`import_job_row\` DROP FOREIGN KEY \`FK_611817f79aa3700ef0c9e995d56\``,
    );
    await queryRunner.query(`DROP INDEX \`ix_suggested_unit_unit\` ON \`proposal_suggested_unit\``);
    await queryRunner.query(`DROP TABLE \`proposal_suggested_unit\``);
    await queryRunner.query(`DROP TABLE \`import_job_row\``);
    await queryRunner.query(`DROP INDEX \`ix_import_job_file\` ON \`import_job\``);
    await queryRunner.query(`DROP TABLE \`import_job\``);
  }
}
