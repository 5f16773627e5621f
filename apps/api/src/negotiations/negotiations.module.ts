import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { NegotiationsController } from './negotiations.controller';
import { NegotiationsGateway } from './negotiations.gateway';
import { NegotiationsService } from './negotiations.service';
import { WorkbenchModule } from '../workbench/workbench.module';

/** Real-time negotiation rooms (socket.io namespace `/negotiations`) with PostgreSQL as the record. */
@Module({
  imports: [
    AttachmentsModule,
    AuditModule,
    // SessionsService: sockets are authenticated like HTTP requests and disconnected when their session ends.
    AuthModule,
    WorkbenchModule,
  ],
  controllers: [NegotiationsController],
  providers: [NegotiationsService, NegotiationsGateway],
  exports: [NegotiationsService],
})
export class NegotiationsModule {}
