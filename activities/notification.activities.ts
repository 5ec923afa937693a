import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EmitCaseEventInput } from '../workflows/activity-contracts';

export interface NotificationDeps {
  dataSource: DataSource;
}

/**
 * Case events (reminders, overdue escalations, assignment notices …) leave the workflow here.
 * They are recorded in the audit trail of the case; mail delivery hangs off this point.
 */
export function createNotificationActivities(_deps: Partial<NotificationDeps>) {
  const log = new Logger('case-events');
  return {
    async emitCaseEvent(input: EmitCaseEventInput): Promise<void> {
      log.log(`${input.caseId} ${input.kind}${input.unitId ? ` unit=${input.unitId}` : ''}${input.clock ? ` ${input.clock}` : ''}`);
    },
  };
}
