import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { EnvConfig } from '../config/env.config';
import { AccessTokens } from './access-tokens';
import { AuthSecret } from './auth-secret';
import { AuthController } from './auth.controller';
import { JwtAuthGuard, RolesGuard } from './auth.guards';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';
import { PgListener } from '../database/pg-listener';
import { SessionCache } from './session-cache';
import { SessionsService } from './sessions.service';
import { TotpService } from './totp.service';
import { UserEntity } from './user.entity';

/**
 * Accounts: login (throttled), sessions with refresh tokens, logout, password change, TOTP, and the global guards
 * (every route declares who may call it). Exports `SessionsService` (revocation, socket authentication).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity]),
    AuditModule,
    JwtModule.registerAsync({
      inject: [EnvConfig],
      useFactory: (config: EnvConfig) => ({ secret: AuthSecret.fromConfig(config).value }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    { provide: AuthSecret, inject: [EnvConfig], useFactory: (c: EnvConfig) => AuthSecret.fromConfig(c) },
    AuthService,
    SessionsService,
    SessionCache,
    PgListener,
    LoginThrottle,
    TotpService,
    AccessTokens,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [AuthService, SessionsService],
})
export class AuthModule {}
