import { Global, Module } from '@nestjs/common';
import { CaseWorkflowGateway } from './case-workflow.gateway';
import { TemporalClientService } from './temporal-client.provider';

/** The Temporal client and the case workflow gateway, for every feature module. */
@Global()
@Module({
  providers: [TemporalClientService, CaseWorkflowGateway],
  exports: [TemporalClientService, CaseWorkflowGateway],
})
export class TemporalModule {}
