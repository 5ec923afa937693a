import { Module } from '@nestjs/common';
import { UnitsModule } from '../units/units.module';
import { CaseAccessService } from './case-access.service';
import { CaseActionsController } from './case-actions.controller';
import { CaseActionsService } from './case-actions.service';
import { CaseListService } from './case-list.service';
import { CasesController } from './cases.controller';

/** Case lists, the live case state and every lifecycle action; who may see which case. */
@Module({
  imports: [UnitsModule],
  controllers: [CasesController, CaseActionsController],
  providers: [CaseAccessService, CaseActionsService, CaseListService],
  exports: [CaseAccessService],
})
export class CasesModule {}
