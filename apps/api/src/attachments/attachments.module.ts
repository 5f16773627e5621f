import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { EnvConfig } from '../config/env.config';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';
import { S3Storage } from './s3.storage';
import { LocalDiskStorage, StoragePort } from './storage.port';

/** Picks the storage adapter from the config: S3-compatible with `STORAGE_DRIVER=s3`, local disk otherwise. */
export function createStorage(c: EnvConfig): StoragePort {
  if (c.STORAGE_DRIVER === 's3') {
    return new S3Storage({
      endpoint: c.S3_ENDPOINT as string,
      bucket: c.S3_BUCKET as string,
      accessKey: c.S3_ACCESS_KEY as string,
      secretKey: c.S3_SECRET_KEY as string,
      region: c.S3_REGION,
    });
  }
  return new LocalDiskStorage(join(c.DATA_DIR, 'uploads'));
}

/** Listing attachments behind the storage port: local disk under `DATA_DIR/uploads`, or S3 (`STORAGE_DRIVER=s3`). */
@Module({
  controllers: [AttachmentsController],
  providers: [AttachmentsService, { provide: StoragePort, inject: [EnvConfig], useFactory: createStorage }],
  exports: [StoragePort],
})
export class AttachmentsModule {}
