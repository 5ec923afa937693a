import { CreateDateColumn, UpdateDateColumn, ValueTransformer } from 'typeorm';

/** DATETIME(3) columns hold UTC; the driver is configured with timezone 'Z'. */
export const CreatedAt = () =>
  CreateDateColumn({
    name: 'created_at',
    type: 'datetime',
    precision: 3,
    default: () => 'CURRENT_TIMESTAMP(3)',
  });
export const UpdatedAt = () =>
  UpdateDateColumn({
    name: 'updated_at',
    type: 'datetime',
    precision: 3,
    default: () => 'CURRENT_TIMESTAMP(3)',
    onUpdate: 'CURRENT_TIMESTAMP(3)',
  });

/** JSON stored as LONGTEXT so MariaDB (tests) and MySQL 8 (production) agree on the schema. */
export const jsonText: ValueTransformer = {
  to: (v: unknown) => (v === undefined ? undefined : v === null ? null : JSON.stringify(v)),
  from: (v: string | null) => (v == null ? null : JSON.parse(v)),
};
