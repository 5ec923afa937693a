import { Module } from '@nestjs/common';
import { ImportController, SuggestedUnitsController } from './import.controller';
import { ImportWorkflowGateway } from './import-workflow.gateway';
import { ImportService } from './import.service';

/** Bulk import of session lists (.xlsx/.csv), run by import workflows in the worker. */
@Module({
  controllers: [ImportController, SuggestedUnitsController],
  providers: [ImportService, ImportWorkflowGateway],
})
export class ImportModule {}
