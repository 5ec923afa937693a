import { Module } from '@nestjs/common';
import { ProposalsModule } from '../proposals/proposals.module';
import { ImportController, SuggestedUnitsController } from './import.controller';
import { ImportService } from './import.service';

/** Bulk import of session lists (.xlsx/.csv). */
@Module({
  imports: [ProposalsModule],
  controllers: [ImportController, SuggestedUnitsController],
  providers: [ImportService],
})
export class ImportModule {}
