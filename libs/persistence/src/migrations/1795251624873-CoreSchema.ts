import { MigrationInterface, QueryRunner } from 'typeorm';

export class CoreSchema1795251624873 implements MigrationInterface {
  name = 'CoreSchema1795251624873';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`assignment\` (\`id\` char(36) NOT NULL, \`proposal_id\` char(36) NOT NULL, \`unit_id\` char(36) NOT NULL, \`mode\` varchar(16) NOT NULL, \`role\` varchar(16) NOT NULL, \`stage\` varchar(32) NOT NULL, \`active\` tinyint NOT NULL DEFAULT 1, \`assigned_at\` datetime(3) NOT NULL, \`received_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), UNIQUE INDEX \`uq_assignment_case_unit\` (\`proposal_id\`, \`unit_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`audit_event\` (\`id\` char(36) NOT NULL, \`proposal_id\` char(36) NOT NULL, \`seq\` int NOT NULL, \`actor_id\` varchar(64) NOT NULL, \`actor_role\` varchar(32) NOT NULL, \`action\` varchar(64) NOT NULL, \`from_stage\` varchar(32) NULL, \`to_stage\` varchar(32) NULL, \`at\` datetime(3) NOT NULL, \`detail\` longtext NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), UNIQUE INDEX \`uq_audit_seq\` (\`proposal_id\`, \`seq\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`deadline\` (\`id\` char(36) NOT NULL, \`proposal_id\` char(36) NOT NULL, \`scope\` varchar(64) NOT NULL, \`clock\` varchar(32) NOT NULL, \`due_at\` datetime(3) NOT NULL, \`summary\` varchar(500) NOT NULL, \`explanation\` longtext NULL, \`status\` varchar(16) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`ix_deadline_due\` (\`status\`, \`due_at\`), UNIQUE INDEX \`uq_deadline_clock\` (\`proposal_id\`, \`scope\`, \`clock\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`feedback\` (\`id\` char(36) NOT NULL, \`proposal_id\` char(36) NOT NULL, \`unit_id\` char(36) NOT NULL, \`party_id\` char(36) NOT NULL, \`round\` int NOT NULL, \`rating\` varchar(24) NOT NULL, \`comment\` text NULL, \`rated_at\` datetime(3) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), UNIQUE INDEX \`uq_feedback_round\` (\`proposal_id\`, \`unit_id\`, \`party_id\`, \`round\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`outbox\` (\`id\` char(36) NOT NULL, \`dedupe_key\` varchar(255) NOT NULL, \`proposal_id\` char(36) NULL, \`unit_id\` varchar(64) NULL, \`kind\` varchar(48) NOT NULL, \`due_at\` datetime(3) NULL, \`recipient\` varchar(254) NOT NULL, \`subject\` varchar(500) NOT NULL, \`body_text\` mediumtext NOT NULL, \`body_html\` mediumtext NULL, \`status\` varchar(16) NOT NULL, \`attempts\` int NOT NULL DEFAULT '0', \`last_error\` text NULL, \`message_id\` varchar(255) NULL, \`sent_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`ix_outbox_status\` (\`status\`), UNIQUE INDEX \`IDX_52c6221ea953d3acd726ca982d\` (\`dedupe_key\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`party\` (\`id\` char(36) NOT NULL, \`kind\` varchar(16) NOT NULL, \`name\` varchar(200) NOT NULL, \`email\` varchar(254) NULL, \`phone\` varchar(64) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`proposal\` (\`id\` char(36) NOT NULL, \`workflow_id\` varchar(255) NOT NULL, \`jurisdiction\` varchar(64) NOT NULL, \`channel\` varchar(8) NOT NULL, \`term\` int NOT NULL, \`session\` int NOT NULL, \`number\` varchar(32) NOT NULL, \`during_session\` tinyint NOT NULL DEFAULT 1, \`title\` varchar(500) NOT NULL, \`content\` mediumtext NULL, \`category\` varchar(100) NULL, \`key_case\` tinyint NOT NULL DEFAULT 0, \`stage\` varchar(32) NOT NULL, \`policy_id\` varchar(64) NOT NULL, \`policy_version\` int NOT NULL, \`registered_at\` datetime(3) NOT NULL, \`closed_at\` datetime(3) NULL, \`next_due_at\` datetime(3) NULL, \`overdue\` tinyint NOT NULL DEFAULT 0, \`last_seq\` int NOT NULL DEFAULT '0', \`snapshot\` longtext NULL, \`version\` int NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`ix_proposal_stage\` (\`stage\`), UNIQUE INDEX \`uq_proposal_business_key\` (\`jurisdiction\`, \`channel\`, \`term\`, \`session\`, \`number\`), UNIQUE INDEX \`IDX_e94621d599d18d7be1ac278946\` (\`workflow_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`proposal_party\` (\`proposal_id\` char(36) NOT NULL, \`party_id\` char(36) NOT NULL, \`position\` int NOT NULL, PRIMARY KEY (\`proposal_id\`, \`party_id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`reply\` (\`id\` char(36) NOT NULL, \`proposal_id\` char(36) NOT NULL, \`unit_id\` char(36) NOT NULL, \`kind\` varchar(16) NOT NULL, \`round\` int NOT NULL, \`reply_class\` varchar(16) NULL, \`doc_number\` varchar(100) NULL, \`text\` mediumtext NOT NULL, \`contact_person\` varchar(64) NULL, \`contact_phone\` varchar(64) NULL, \`signed_by\` varchar(64) NULL, \`late\` tinyint NOT NULL DEFAULT 0, \`replied_at\` datetime(3) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), UNIQUE INDEX \`uq_reply_round\` (\`proposal_id\`, \`unit_id\`, \`kind\`, \`round\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`unit\` (\`id\` char(36) NOT NULL, \`code\` varchar(64) NOT NULL, \`name\` varchar(200) NOT NULL, \`short_name\` varchar(64) NULL, \`leader_name\` varchar(64) NULL, \`leader_email\` varchar(254) NULL, \`contact_name\` varchar(64) NULL, \`contact_phone\` varchar(64) NULL, \`contact_email\` varchar(254) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), UNIQUE INDEX \`IDX_dfb75cdb2a790fb84327e1d1b1\` (\`code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `ALTER TABLE \`proposal_party\` ADD CONSTRAINT \`FK_027b9078c93d2be3c169bc68386\` FOREIGN KEY (\`proposal_id\`) REFERENCES \`proposal\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`proposal_party\` ADD CONSTRAINT \`FK_0f34b611b2967ab6d99a5cd27ae\` FOREIGN KEY (\`party_id\`) REFERENCES \`party\`(\`id\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE \`proposal_party\` DROP FOREIGN KEY \`FK_0f34b611b2967ab6d99a5cd27ae\``,
    );
    await queryRunner.query(
      `ALTER TABLE \`proposal_party\` DROP FOREIGN KEY \`FK_027b9078c93d2be3c169bc68386\``,
    );
    await queryRunner.query(`DROP INDEX \`IDX_dfb75cdb2a790fb84327e1d1b1\` ON \`unit\``);
    await queryRunner.query(`DROP TABLE \`unit\``);
    await queryRunner.query(`DROP INDEX \`uq_reply_round\` ON \`reply\``);
    await queryRunner.query(`DROP TABLE \`reply\``);
    await queryRunner.query(`DROP TABLE \`proposal_party\``);
    await queryRunner.query(`DROP INDEX \`IDX_e94621d599d18d7be1ac278946\` ON \`proposal\``);
    await queryRunner.query(`DROP INDEX \`uq_proposal_business_key\` ON \`proposal\``);
    await queryRunner.query(`DROP INDEX \`ix_proposal_stage\` ON \`proposal\``);
    await queryRunner.query(`DROP TABLE \`proposal\``);
    await queryRunner.query(`DROP TABLE \`party\``);
    await queryRunner.query(`DROP INDEX \`IDX_52c6221ea953d3acd726ca982d\` ON \`outbox\``);
    await queryRunner.query(`DROP INDEX \`ix_outbox_status\` ON \`outbox\``);
    await queryRunner.query(`DROP TABLE \`outbox\``);
    await queryRunner.query(`DROP INDEX \`uq_feedback_round\` ON \`feedback\``);
    await queryRunner.query(`DROP TABLE \`feedback\``);
    await queryRunner.query(`DROP INDEX \`uq_deadline_clock\` ON \`deadline\``);
    await queryRunner.query(`DROP INDEX \`ix_deadline_due\` ON \`deadline\``);
    await queryRunner.query(`DROP TABLE \`deadline\``);
    await queryRunner.query(`DROP INDEX \`uq_audit_seq\` ON \`audit_event\``);
    await queryRunner.query(`DROP TABLE \`audit_event\``);
    await queryRunner.query(`DROP INDEX \`uq_assignment_case_unit\` ON \`assignment\``);
    await queryRunner.query(`DROP TABLE \`assignment\``);
  }
}
