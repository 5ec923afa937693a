import { DynamicModule, Global, Module } from '@nestjs/common';
import { BanliConfig, CONFIG } from '@banli/config';

/** The validated configuration, for every feature module. */
@Global()
@Module({})
export class ConfigModule {
  static forConfig(cfg: BanliConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: CONFIG, useValue: cfg }],
      exports: [CONFIG],
    };
  }
}
