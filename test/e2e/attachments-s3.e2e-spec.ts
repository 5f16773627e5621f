import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { getFreePort } from '../../apps/api/src/runtime/free-port';
import { S3Storage } from '../../apps/api/src/attachments/s3.storage';
import { bootApp, bufferBody, demoData, importAndIndex, seedAccounts, tokenFor } from '../helpers/app';

// s3rver: an S3-protocol server on a local port (MinIO, which production uses, has no npm package).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (opts: Record<string, unknown>) => {
  run(): Promise<unknown>;
  close(): Promise<void>;
};

const PDF = Buffer.from('%PDF-1.4\n% s3 test\n%%EOF\n');

/** The S3 storage adapter (`STORAGE_DRIVER=s3`) through the attachments API, against an S3-protocol server. */
describe('attachments on S3-compatible storage', () => {
  let server: { close(): Promise<void> };
  let dir: string;
  let endpoint: string;
  let app: INestApplication;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jiebang-s3-'));
    const port = await getFreePort();
    const s = new S3rver({ port, address: '127.0.0.1', silent: true, directory: dir });
    await s.run();
    server = s;
    endpoint = `http://127.0.0.1:${port}`;
    app = await bootApp('attachments_s3', {
      env: {
        STORAGE_DRIVER: 's3',
        S3_ENDPOINT: endpoint,
        S3_BUCKET: 'jiebang-test',
        S3_ACCESS_KEY: 'S3RVER',
        S3_SECRET_KEY: 'S3RVER',
      },
    });
    await importAndIndex(app, { organizations: (demoData() as { organizations: unknown[] }).organizations });
    await seedAccounts(app);
  });
  afterAll(async () => {
    await app?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores, serves and deletes an attachment in the bucket', async () => {
    const token = await tokenFor(app, 'institute.demo');
    const listing = await request(app.getHttpServer())
      .post('/api/v1/listings')
      .set('Authorization', `Bearer ${token}`)
      .send({ kind: 'achievement', title: 'S3附件测试成果' })
      .expect(201);
    const up = await request(app.getHttpServer())
      .post(`/api/v1/listings/${listing.body.id}/attachments`)
      .set('Authorization', `Bearer ${token}`)
      .field('kind', 'supporting')
      .attach('file', PDF, 'a.pdf')
      .expect(201);
    const storage = new S3Storage({
      endpoint,
      bucket: 'jiebang-test',
      accessKey: 'S3RVER',
      secretKey: 'S3RVER',
      region: 'us-east-1',
    });
    const [{ storage_key: key }] = await app
      .get(DataSource)
      .query('SELECT storage_key FROM attachment WHERE id = $1', [up.body.id]);
    // The content is in the bucket (not on the local disk).
    expect(Buffer.compare(await storage.get(key), PDF)).toBe(0);
    const dl = await request(app.getHttpServer())
      .get(`/api/v1/attachments/${up.body.id}/download`)
      .set('Authorization', `Bearer ${token}`)
      .buffer(true)
      .parse(bufferBody)
      .expect(200);
    expect(Buffer.compare(dl.body as Buffer, PDF)).toBe(0);
    await request(app.getHttpServer())
      .delete(`/api/v1/attachments/${up.body.id}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(204);
    await expect(storage.get(key)).rejects.toThrow();
  });
});
