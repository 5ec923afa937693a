import { Module } from '@nestjs/common';
import { UnitsModule } from '../units/units.module';
import { CaseAccessService } from './case-access.service';
import { CaseActionsController } from './case-actions.controller';
import { CaseActionsService } from './case-actions.service';
import { CaseListService } from './case-list.service';
import { CasesController } from './cases.controller';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';

/** Case lists, the live case state and every lifecycle action; who may see which case. */
@Module({
  imports: [UnitsModule],
  controllers: [CasesController, CaseActionsController, DocumentsController],
  providers: [CaseAccessService, CaseActionsService, CaseListService, DocumentsService],
  exports: [CaseAccessService],
})
export class CasesModule {}
