import { createSecretKey } from 'node:crypto';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import type { BanliConfig } from '@banli/config';
import { CasesModule } from '../cases/cases.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';

/** Sign-in, sessions and the global guard (roles and case scope on every route). */
@Module({})
export class AuthModule {
  static forConfig(cfg: BanliConfig): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        CasesModule,
        JwtModule.register({
          // as a key object: jsonwebtoken otherwise tries the string as a PEM public key first and
          // makes a secret key from it again on every request
          secret: createSecretKey(Buffer.from(cfg.auth.jwtSecret, 'utf8')) as unknown as string,
          signOptions: {
            expiresIn: cfg.auth.accessTokenTtlSeconds,
            algorithm: 'HS256',
            issuer: 'banli',
            audience: 'banli-api',
          },
          verifyOptions: { algorithms: ['HS256'], issuer: 'banli', audience: 'banli-api' },
        }),
      ],
      controllers: [AuthController],
      providers: [AuthService, { provide: APP_GUARD, useClass: AuthGuard }],
      exports: [AuthService],
    };
  }
}
