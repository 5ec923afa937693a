import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports run as Temporal workflows: the uploaded file is kept in parts (import_file) for the
 * worker to check and register; a job carries its phase, whether it is a dry run, its report and
 * why it was refused; a row carries what the check made of it and what registers it. Jobs left
 * running by the in-process runner this replaces have no workflow to finish them: interrupted.
 */
export class ImportFiles1795300000000 implements MigrationInterface {
  name = 'ImportFiles1795300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`import_file\` (\`job_id\` char(36) NOT NULL, \`part\` int NOT NULL, \`data\` mediumblob NOT NULL, PRIMARY KEY (\`job_id\`, \`part\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(`ALTER TABLE \`import_job\` ADD \`phase\` varchar(16) NOT NULL DEFAULT 'queued'`);
    await queryRunner.query(`ALTER TABLE \`import_job\` ADD \`dry_run\` tinyint NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE \`import_job\` ADD \`file_size\` int NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE \`import_job\` ADD \`report\` longtext NULL`);
    await queryRunner.query(`ALTER TABLE \`import_job\` ADD \`problem\` text NULL`);
    await queryRunner.query(`ALTER TABLE \`import_job_row\` ADD \`checked\` longtext NULL`);
    await queryRunner.query(`ALTER TABLE \`import_job_row\` ADD \`plan\` longtext NULL`);
    await queryRunner.query(
      `ALTER TABLE \`import_file\` ADD CONSTRAINT \`FK_b3b028d4da768f264ffc1bb1bde\` FOREIGN KEY (\`job_id\`) REFERENCES \`import_job\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `UPDATE \`import_job\` SET \`status\` = 'interrupted' WHERE \`status\` = 'running'`,
    );
    await queryRunner.query(`UPDATE \`import_job\` SET \`phase\` = 'done'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // the runner before this knows neither dry-run jobs nor refused ones
    await queryRunner.query(`DELETE FROM \`import_job\` WHERE \`dry_run\` = 1`);
    await queryRunner.query(
      `UPDATE \`import_job\` SET \`status\` = 'interrupted' WHERE \`status\` IN ('running', 'refused')`,
    );
    await queryRunner.query(
      `ALTER TABLE \`import_file\` DROP FOREIGN KEY \`FK_b3b028d4da768f264ffc1bb1bde\``,
    );
    await queryRunner.query(`ALTER TABLE \`import_job_row\` DROP COLUMN \`plan\``);
    await queryRunner.query(`ALTER TABLE \`import_job_row\` DROP COLUMN \`checked\``);
    await queryRunner.query(`ALTER TABLE \`import_job\` DROP COLUMN \`problem\``);
    await queryRunner.query(`ALTER TABLE \`import_job\` DROP COLUMN \`report\``);
    await queryRunner.query(`ALTER TABLE \`import_job\` DROP COLUMN \`file_size\``);
    await queryRunner.query(`ALTER TABLE \`import_job\` DROP COLUMN \`dry_run\``);
    await queryRunner.query(`ALTER TABLE \`import_job\` DROP COLUMN \`phase\``);
    await queryRunner.query(`DROP TABLE \`import_file\``);
  }
}
