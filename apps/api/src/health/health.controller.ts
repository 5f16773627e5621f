import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { HealthResponse } from '@jiebang/contracts';
import { Public } from '../auth/auth.decorators';
import { HealthService } from './health.service';

/** Liveness and readiness of the platform's three services (ARCHITECTURE practice 9). */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly probes: HealthService) {}

  /** `GET /api/v1/health` → `HealthResponse`; HTTP 200 when database, search and queue are up, else 503. */
  @Get()
  @ApiOperation({ summary: '健康检查: database, search, queue' })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthResponse> {
    const body = await this.probes.check();
    res.status(body.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return body;
  }
}
