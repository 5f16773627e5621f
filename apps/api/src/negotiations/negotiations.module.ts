import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AttachmentsModule } from '../attachments/attachments.module';
import { EnvConfig } from '../config/env.config';
import { AuthSecret } from '../auth/auth-secret';
import { NegotiationsController } from './negotiations.controller';
import { NegotiationsGateway } from './negotiations.gateway';
import { NegotiationsService } from './negotiations.service';

/** Real-time negotiation rooms (socket.io namespace `/negotiations`) with PostgreSQL as the record. */
@Module({
  imports: [
    AttachmentsModule,
    JwtModule.registerAsync({
      inject: [EnvConfig],
      useFactory: (config: EnvConfig) => ({ secret: AuthSecret.fromConfig(config).value }),
    }),
  ],
  controllers: [NegotiationsController],
  providers: [NegotiationsService, NegotiationsGateway],
  exports: [NegotiationsService],
})
export class NegotiationsModule {}
