import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { EnvConfig } from '../config/env.config';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';
import { LocalDiskStorage, StoragePort } from './storage.port';

/** Listing attachments behind the storage port (local disk under `DATA_DIR/uploads`). */
@Module({
  controllers: [AttachmentsController],
  providers: [
    AttachmentsService,
    {
      provide: StoragePort,
      inject: [EnvConfig],
      useFactory: (c: EnvConfig) => new LocalDiskStorage(join(c.DATA_DIR, 'uploads')),
    },
  ],
})
export class AttachmentsModule {}
