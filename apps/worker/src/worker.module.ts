import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BanliConfig, CONFIG } from '../../../libs/config/src';
import { dataSourceOptions } from '../../../libs/persistence/src';
import { activitiesProvider } from './activities.provider';
import { TemporalWorkerService } from './worker.service';

@Module({})
export class WorkerModule {
  static forConfig(cfg: BanliConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [TypeOrmModule.forRoot(dataSourceOptions(cfg.db))],
      providers: [{ provide: CONFIG, useValue: cfg }, activitiesProvider, TemporalWorkerService],
    };
  }
}
