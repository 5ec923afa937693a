import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { UnitsModule } from '../units/units.module';
import { ProposalsController } from './proposals.controller';
import { ProposalsService } from './proposals.service';

/** Registration of proposals and the case view from the read model. */
@Module({
  imports: [CasesModule, UnitsModule],
  controllers: [ProposalsController],
  providers: [ProposalsService],
  exports: [ProposalsService],
})
export class ProposalsModule {}
