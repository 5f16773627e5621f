import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/**
 * The audit log (ARCHITECTURE practice 7): `AuditService` appends hash-chained records in the transaction of the
 * write they describe and verifies the chain; `GET /api/v1/audit/verify` for staff. Import it where a service
 * writes audit records.
 */
@Module({ controllers: [AuditController], providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
