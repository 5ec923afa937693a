import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Jurisdictions and policy versions as data: `policy_version` holds each version an administrator
 * publishes (immutable; the key (policy_id, version) lets only one publisher take a number),
 * `jurisdiction` the offices created by administrators (shipped ones stay in code), and
 * `admin_audit` who published or changed which of them, and when.
 */
export class Jurisdictions1795290000000 implements MigrationInterface {
  name = 'Jurisdictions1795290000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `policy_version` (`policy_id` varchar(64) NOT NULL, `version` int NOT NULL, ' +
        '`name` varchar(200) NOT NULL, `body` longtext NOT NULL, `based_on_id` varchar(64) NULL, ' +
        '`based_on_version` int NULL, `published_at` datetime(3) NOT NULL, `published_by` varchar(64) NOT NULL, ' +
        'PRIMARY KEY (`policy_id`, `version`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `jurisdiction` (`id` varchar(64) NOT NULL, `name` varchar(100) NOT NULL, ' +
        '`name_en` varchar(200) NULL, `level` varchar(16) NOT NULL, `channels` longtext NOT NULL, ' +
        '`policy_id` varchar(64) NOT NULL, `policy_version` int NOT NULL, `calendar_overrides` longtext NOT NULL, ' +
        '`doc_number_pattern` varchar(100) NULL, `index_number_pattern` varchar(100) NULL, ' +
        '`escalation_contacts` longtext NOT NULL, ' +
        '`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `created_by` varchar(64) NOT NULL, ' +
        '`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), ' +
        'INDEX `ix_jurisdiction_policy` (`policy_id`, `policy_version`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `admin_audit` (`id` char(36) NOT NULL, `subject_kind` varchar(32) NOT NULL, ' +
        '`subject_id` varchar(64) NOT NULL, `action` varchar(32) NOT NULL, `actor_id` varchar(64) NOT NULL, ' +
        '`actor_role` varchar(32) NOT NULL, `actor_name` varchar(100) NULL, `at` datetime(3) NOT NULL, ' +
        '`detail` longtext NULL, INDEX `ix_admin_audit_subject` (`subject_kind`, `subject_id`, `at`), ' +
        'PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_admin_audit_subject` ON `admin_audit`');
    await queryRunner.query('DROP TABLE `admin_audit`');
    await queryRunner.query('DROP INDEX `ix_jurisdiction_policy` ON `jurisdiction`');
    await queryRunner.query('DROP TABLE `jurisdiction`');
    await queryRunner.query('DROP TABLE `policy_version`');
  }
}
