import { MigrationInterface, QueryRunner } from 'typeorm';
import { assignmentFacts, isFinalFeedback, type CaseState } from '@banli/domain';

const BATCH = 500;
const dt = (iso: string | null) => (iso ? new Date(iso) : null);

/**
 * What the supervisors' reports read, as columns: per assignment its round, first and last reply,
 * whether the first reply was late, the contact methods used and the urges it got; per rating
 * whether it is the proposer's final one. Indexes for reports by unit and by period. Existing
 * cases are filled in from their snapshots with the same function the projection uses.
 */
export class ReportFacts1795280000000 implements MigrationInterface {
  name = 'ReportFacts1795280000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `assignment` ADD `round` int NOT NULL DEFAULT 1, ' +
        'ADD `first_replied_at` datetime(3) NULL, ADD `last_replied_at` datetime(3) NULL, ' +
        'ADD `first_reply_late` tinyint NULL, ' +
        "ADD `contact_methods` varchar(64) NOT NULL DEFAULT '', " +
        'ADD `urge_count` int NOT NULL DEFAULT 0, ADD `last_urged_at` datetime(3) NULL',
    );
    await queryRunner.query(
      'CREATE INDEX `ix_assignment_unit_assigned` ON `assignment` (`unit_id`, `assigned_at`)',
    );
    await queryRunner.query('CREATE INDEX `ix_assignment_assigned` ON `assignment` (`assigned_at`)');
    await queryRunner.query('ALTER TABLE `feedback` ADD `final` tinyint NOT NULL DEFAULT 1');

    for (let after = ''; ;) {
      const rows: { id: string; snapshot: string | null }[] = await queryRunner.query(
        'SELECT `id`, `snapshot` FROM `proposal` WHERE `id` > ? AND `snapshot` IS NOT NULL ORDER BY `id` LIMIT ?',
        [after, BATCH],
      );
      if (!rows.length) break;
      after = rows[rows.length - 1].id;
      for (const row of rows) {
        const state = JSON.parse(row.snapshot!) as CaseState;
        for (const u of state.units ?? []) {
          const f = assignmentFacts(
            { ...state, urges: state.urges ?? [] },
            {
              ...u,
              replies: u.replies ?? [],
              contacts: u.contacts ?? [],
            },
          );
          await queryRunner.query(
            'UPDATE `assignment` SET `round` = ?, `first_replied_at` = ?, `last_replied_at` = ?, ' +
              '`first_reply_late` = ?, `contact_methods` = ?, `urge_count` = ?, `last_urged_at` = ? ' +
              'WHERE `proposal_id` = ? AND `unit_id` = ?',
            [
              f.round ?? 1,
              dt(f.firstRepliedAt),
              dt(f.lastRepliedAt),
              f.firstReplyLate,
              f.contactMethods.join(','),
              f.urgeCount,
              dt(f.lastUrgedAt),
              row.id,
              u.unitId,
            ],
          );
          for (const fb of u.feedback ?? []) {
            if (isFinalFeedback(u, fb)) continue;
            await queryRunner.query(
              'UPDATE `feedback` SET `final` = 0 WHERE `proposal_id` = ? AND `unit_id` = ? AND `party_id` = ? AND `round` = ?',
              [row.id, u.unitId, fb.proposerId, fb.round],
            );
          }
        }
      }
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `feedback` DROP COLUMN `final`');
    await queryRunner.query('DROP INDEX `ix_assignment_assigned` ON `assignment`');
    await queryRunner.query('DROP INDEX `ix_assignment_unit_assigned` ON `assignment`');
    await queryRunner.query(
      'ALTER TABLE `assignment` DROP COLUMN `round`, DROP COLUMN `first_replied_at`, ' +
        'DROP COLUMN `last_replied_at`, DROP COLUMN `first_reply_late`, DROP COLUMN `contact_methods`, ' +
        'DROP COLUMN `urge_count`, DROP COLUMN `last_urged_at`',
    );
  }
}
