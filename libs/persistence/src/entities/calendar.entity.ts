import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreatedAt, jsonText, UpdatedAt } from './columns';

/**
 * A year of working-day data loaded by an administrator (a new State Council notice).
 * It replaces the shipped data for that year.
 */
@Entity({ name: 'calendar_year' })
export class CalendarYearEntity {
  @PrimaryColumn({ type: 'int' })
  year: number;

  /** The whole CalendarYear document (source, amendments, days) as loaded. */
  @Column({ type: 'longtext', transformer: jsonText })
  data: unknown;

  @Column({ name: 'loaded_by', type: 'varchar', length: 64 })
  loadedBy: string;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}

/** A local or late correction to one day (working or not), with its reason and source. */
@Entity({ name: 'calendar_override' })
export class CalendarOverrideEntity {
  @PrimaryColumn({ type: 'char', length: 10 })
  date: string;

  @Column({ type: 'boolean' })
  working: boolean;

  @Column({ type: 'varchar', length: 200 })
  reason: string;

  @Column({ type: 'longtext', nullable: true, transformer: jsonText })
  source: unknown;

  @Column({ name: 'loaded_by', type: 'varchar', length: 64 })
  loadedBy: string;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
