import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The handling statistics (统计) kept summed: how many of one count (metric, and for spans its
 * working days as bucket) the cases of one session add for one unit, key-case flag and month of
 * assignment. The projection adds each transition's difference (report-facts.ts); the statistics
 * sum these rows instead of reading every assignment.
 */
@Entity({ name: 'report_fact' })
@Index('ix_report_fact_unit', ['unitId'])
export class ReportFactEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  jurisdiction: string;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  channel: string;

  @PrimaryColumn({ type: 'int' })
  term: number;

  @PrimaryColumn({ type: 'int' })
  session: number;

  @PrimaryColumn({ name: 'key_case', type: 'boolean' })
  keyCase: boolean;

  @PrimaryColumn({ name: 'unit_id', type: 'char', length: 36 })
  unitId: string;

  /** Shanghai month of the assignment, YYYY-MM. */
  @PrimaryColumn({ type: 'char', length: 7 })
  month: string;

  @PrimaryColumn({ type: 'varchar', length: 80 })
  metric: string;

  @PrimaryColumn({ type: 'int' })
  bucket: number;

  @Column({ type: 'int' })
  n: number;
}
