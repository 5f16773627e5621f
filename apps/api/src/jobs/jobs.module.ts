import { Global, Module } from '@nestjs/common';
import { EnvConfig } from '../config/env.config';
import { RuntimeInfo } from '../app/runtime-info';
import { JobsOptions, JobsService } from './jobs.service';

/** Background jobs: BullMQ when `REDIS_URL` is set, in-process otherwise. */
@Global()
@Module({
  providers: [
    {
      provide: JobsOptions,
      inject: [RuntimeInfo, EnvConfig],
      useFactory: (rt: RuntimeInfo, config: EnvConfig) => new JobsOptions(rt.redisUrl, config.QUEUE_PREFIX),
    },
    JobsService,
  ],
  exports: [JobsService],
})
export class JobsModule {}
