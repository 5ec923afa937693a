import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reply letters as documents (domain.md §4): a reply or co-handling opinion keeps its title, 文号,
 * letter date, signer, signing units, copies and publication attribute; a published reply keeps its
 * disclosure metadata (索引号, 发布机构, 发布日期, 公开方式, 时效性) or why it was not published.
 * Units get their own 文号 series for replies and for co-handling opinions. The audit trail marks
 * actions entered afterwards (补录) with when and by whom they were entered.
 */
export class Documents1795310000000 implements MigrationInterface {
  name = 'Documents1795310000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const add = (table: string, column: string) =>
      queryRunner.query(`ALTER TABLE \`${table}\` ADD ${column}`);
    await add('reply', '`title` varchar(300) NULL');
    await add('reply', '`letter_date` date NULL');
    await add('reply', '`signer_name` varchar(64) NULL');
    await add('reply', '`signer_title` varchar(64) NULL');
    await add('reply', '`signing_units` longtext NULL');
    await add('reply', '`copies` longtext NULL');
    await add('reply', '`publicity` varchar(16) NULL');
    await add('reply', '`publicity_reason` varchar(500) NULL');
    await add('reply', '`publish_agreed` tinyint NULL');
    await add('reply', '`published_at` datetime(3) NULL');
    await add('reply', '`index_no` varchar(100) NULL');
    await add('reply', '`publisher` varchar(200) NULL');
    await add('reply', '`publication_method` varchar(32) NULL');
    await add('reply', '`validity` varchar(32) NULL');
    await add('reply', '`not_published_reason` varchar(500) NULL');
    await add('reply', '`entered_by_office` tinyint NOT NULL DEFAULT 0');
    await queryRunner.query('CREATE INDEX `idx_reply_published` ON `reply` (`published_at`, `proposal_id`)');
    await queryRunner.query(
      'CREATE INDEX `idx_reply_unit_doc` ON `reply` (`unit_id`, `kind`, `letter_date`)',
    );
    await add('unit', '`doc_number_pattern` varchar(100) NULL');
    await add('unit', '`opinion_number_pattern` varchar(100) NULL');
    await add('audit_event', '`entered_at` datetime(3) NULL');
    await add('audit_event', '`entered_by` varchar(64) NULL');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const drop = (table: string, column: string) =>
      queryRunner.query(`ALTER TABLE \`${table}\` DROP COLUMN \`${column}\``);
    await drop('audit_event', 'entered_by');
    await drop('audit_event', 'entered_at');
    await drop('unit', 'opinion_number_pattern');
    await drop('unit', 'doc_number_pattern');
    await queryRunner.query('DROP INDEX `idx_reply_unit_doc` ON `reply`');
    await queryRunner.query('DROP INDEX `idx_reply_published` ON `reply`');
    for (const c of [
      'entered_by_office',
      'not_published_reason',
      'validity',
      'publication_method',
      'publisher',
      'index_no',
      'published_at',
      'publish_agreed',
      'publicity_reason',
      'publicity',
      'copies',
      'signing_units',
      'signer_title',
      'signer_name',
      'letter_date',
      'title',
    ])
      await drop('reply', c);
  }
}
