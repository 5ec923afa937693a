import * as os from 'node:os';
import { INestApplicationContext, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { BanliConfig } from '@banli/config';
import { dataSourceOptions, UtcSessionCheck } from '@banli/persistence';
import type { Principal } from '../../api/src/auth/principal';
import { ConfigModule } from '../../api/src/config/config.module';
import { TemporalModule } from '../../api/src/temporal/temporal.module';

@Module({})
class CliModule {}

/**
 * The API's own services for a command, without HTTP: the database, the configuration, the
 * Temporal client and the feature modules the command uses (so it runs the same code as the API).
 * One connection attempt to the database, no retries: the operator sees a failure at once.
 */
export async function cliApp(cfg: BanliConfig, features: Type[]): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(
    {
      module: CliModule,
      imports: [
        TypeOrmModule.forRoot({ ...dataSourceOptions(cfg.db), retryAttempts: 1, retryDelay: 0 }),
        ConfigModule.forConfig(cfg),
        TemporalModule,
        ...features,
      ],
      providers: [UtcSessionCheck],
    },
    // the CLI speaks for itself; errors reach it as exceptions, not process.abort()
    { logger: false, abortOnError: false },
  );
}

/** Who acts when the CLI does something (audit rows, re-sent mail, import jobs): `cli:<OS user>`. */
export function operator(env: NodeJS.ProcessEnv = process.env): Principal {
  let who = env.SUDO_USER || env.USER || env.LOGNAME;
  if (!who) {
    try {
      who = os.userInfo().username;
    } catch {
      who = 'operator';
    }
  }
  const id = `cli:${who}`.slice(0, 64);
  return {
    id,
    username: id,
    displayName: `命令行 (CLI) ${who}`.slice(0, 100),
    role: 'admin',
    unitId: null,
    partyId: null,
  };
}
