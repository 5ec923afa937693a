import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * report_fact summed over every session and month: what all the cases of one jurisdiction and
 * channel add for one unit and key-case flag. The statistics read it when they are asked for no
 * term, session or month — the figures over all years, whose sessions would otherwise be summed at
 * every request. Its key starts with the unit so that the figures by unit are summed in key order.
 * The projection keeps it beside report_fact, in the same transaction (report-facts.ts).
 */
@Entity({ name: 'report_total' })
export class ReportTotalEntity {
  @PrimaryColumn({ name: 'unit_id', type: 'char', length: 36 })
  unitId: string;

  @PrimaryColumn({ type: 'varchar', length: 80 })
  metric: string;

  @PrimaryColumn({ type: 'int' })
  bucket: number;

  @PrimaryColumn({ name: 'key_case', type: 'boolean' })
  keyCase: boolean;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  jurisdiction: string;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  channel: string;

  @Column({ type: 'int' })
  n: number;
}
