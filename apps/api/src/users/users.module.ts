import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { AuthorityController } from './authority.controller';
import { AuthorityService } from './authority.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Account administration (issue 13 item 1): `/api/v1/users`; authorities' read-only records: `/api/v1/authority`. */
@Module({
  imports: [AuthModule, AuditModule],
  controllers: [UsersController, AuthorityController],
  providers: [UsersService, AuthorityService],
  exports: [UsersService],
})
export class UsersModule {}
