import { Global, Module } from '@nestjs/common';
import { CaseWorkflowGateway } from './case-workflow.gateway';
import { TemporalClientService } from './temporal-client.provider';
import { WorkerPresenceService } from './worker-presence';

/** The Temporal client, the case workflow gateway and who polls its task queue, for every feature module. */
@Global()
@Module({
  providers: [TemporalClientService, WorkerPresenceService, CaseWorkflowGateway],
  exports: [TemporalClientService, WorkerPresenceService, CaseWorkflowGateway],
})
export class TemporalModule {}
