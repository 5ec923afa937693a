import { Module } from '@nestjs/common';
import { JurisdictionsController } from './jurisdictions.controller';
import { JurisdictionsService } from './jurisdictions.service';

/** Jurisdictions (assigning offices) as data: channels, policy version, local calendar, numbering. */
@Module({
  controllers: [JurisdictionsController],
  providers: [JurisdictionsService],
  exports: [JurisdictionsService],
})
export class JurisdictionsModule {}
