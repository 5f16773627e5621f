import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuditVerificationDto, Role } from '@jiebang/contracts';
import { Roles } from '../auth/auth.decorators';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** `GET /api/v1/audit/verify` (staff) → `{ ok, records, brokenAtSeq?, reason? }`: recomputes the hash chain. */
  @Roles(Role.Staff)
  @Get('verify')
  verify(): Promise<AuditVerificationDto> {
    return this.audit.verify();
  }
}
