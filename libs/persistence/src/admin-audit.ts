import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AdminAuditEntity } from './entities';

/** Who changed configuration: the signed-in administrator. */
export interface ConfigActor {
  id: string;
  role: string;
  name?: string | null;
}

/** Writes one admin_audit row in the caller's transaction. */
export async function writeAdminAudit(
  m: EntityManager,
  row: { subjectKind: 'policy' | 'jurisdiction'; subjectId: string; action: string; detail?: object },
  actor: ConfigActor,
  at: Date,
): Promise<void> {
  await m.getRepository(AdminAuditEntity).insert({
    id: randomUUID(),
    subjectKind: row.subjectKind,
    subjectId: row.subjectId,
    action: row.action,
    actorId: actor.id,
    actorRole: actor.role,
    actorName: actor.name ?? null,
    at,
    detail: row.detail ?? null,
  });
}

/** Codes a configuration store refuses with; the API maps each to its HTTP status. */
export type ConfigRefusalCode =
  | 'POLICY_EXISTS'
  | 'POLICY_NOT_FOUND'
  | 'SHIPPED_POLICY_READ_ONLY'
  | 'UNKNOWN_POLICY'
  | 'UNKNOWN_POLICY_VERSION'
  | 'POLICY_INVALID'
  | 'JURISDICTION_EXISTS'
  | 'JURISDICTION_NOT_FOUND'
  | 'SHIPPED_READ_ONLY'
  | 'CHANNEL_NOT_COVERED'
  | 'JURISDICTION_INVALID';

/** A refused change to policies or jurisdictions: a stable code, a Chinese message, details. */
export class ConfigRefusal extends Error {
  constructor(
    public readonly code: ConfigRefusalCode,
    message: string,
    public readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const code = (e: unknown) => (e as { code?: string; driverError?: { code?: string } }).code;
/** A duplicate key (MySQL/MariaDB ER_DUP_ENTRY). */
export const isDuplicateKey = (e: unknown) => code(e) === 'ER_DUP_ENTRY';
/** A lock conflict worth retrying (deadlock, lock wait timeout). */
export const isLockConflict = (e: unknown) =>
  code(e) === 'ER_LOCK_DEADLOCK' || code(e) === 'ER_LOCK_WAIT_TIMEOUT';
