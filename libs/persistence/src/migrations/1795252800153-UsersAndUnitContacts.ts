import { MigrationInterface, QueryRunner } from 'typeorm';

export class UsersAndUnitContacts1795252800153 implements MigrationInterface {
  name = 'UsersAndUnitContacts1795252800153';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`unit_contact\` (\`id\` char(36) NOT NULL, \`unit_id\` char(36) NOT NULL, \`position\` int NOT NULL DEFAULT '0', \`name\` varchar(64) NOT NULL, \`title\` varchar(64) NULL, \`phone\` varchar(64) NULL, \`email\` varchar(254) NULL, \`receives_tasks\` tinyint NOT NULL DEFAULT 1, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`ix_unit_contact_unit\` (\`unit_id\`, \`position\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`user\` (\`id\` char(36) NOT NULL, \`username\` varchar(64) NOT NULL, \`display_name\` varchar(100) NOT NULL, \`password_hash\` varchar(255) NOT NULL, \`role\` varchar(16) NOT NULL, \`unit_id\` char(36) NULL, \`party_id\` char(36) NULL, \`email\` varchar(254) NULL, \`active\` tinyint NOT NULL DEFAULT 1, \`failed_logins\` int NOT NULL DEFAULT '0', \`locked_until\` datetime(3) NULL, \`last_login_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`ix_user_party\` (\`party_id\`), INDEX \`ix_user_unit\` (\`unit_id\`), UNIQUE INDEX \`IDX_78a916df40e02a9deb1c4b75ed\` (\`username\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `ALTER TABLE \`unit_contact\` ADD CONSTRAINT \`FK_8519bea184858bf9fac20b78fea\` FOREIGN KEY (\`unit_id\`) REFERENCES \`unit\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`user\` ADD CONSTRAINT \`FK_aecee70118de07f1ad94de52102\` FOREIGN KEY (\`unit_id\`) REFERENCES \`unit\`(\`id\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`user\` ADD CONSTRAINT \`FK_070462fbefc9c1fada4c1558bac\` FOREIGN KEY (\`party_id\`) REFERENCES \`party\`(\`id\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`user\` DROP FOREIGN KEY \`FK_070462fbefc9c1fada4c1558bac\``);
    await queryRunner.query(`ALTER TABLE \`user\` DROP FOREIGN KEY \`FK_aecee70118de07f1ad94de52102\``);
    await queryRunner.query(
      `ALTER TABLE \`unit_contact\` DROP FOREIGN KEY \`FK_8519bea184858bf9fac20b78fea\``,
    );
    await queryRunner.query(`DROP INDEX \`IDX_78a916df40e02a9deb1c4b75ed\` ON \`user\``);
    await queryRunner.query(`DROP INDEX \`ix_user_unit\` ON \`user\``);
    await queryRunner.query(`DROP INDEX \`ix_user_party\` ON \`user\``);
    await queryRunner.query(`DROP TABLE \`user\``);
    await queryRunner.query(`DROP INDEX \`ix_unit_contact_unit\` ON \`unit_contact\``);
    await queryRunner.query(`DROP TABLE \`unit_contact\``);
  }
}
