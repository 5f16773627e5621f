import { Client } from 'minio';
import { StoragePort } from './storage.port';

/** Connection of the S3-compatible storage (MinIO in `docker/`). */
export interface S3Options {
  /** e.g. `http://minio:9000` */
  endpoint: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
  region: string;
}

/** `StoragePort` on an S3-compatible object store (MinIO in production, through the maintained `minio` client). */
export class S3Storage extends StoragePort {
  private readonly client: Client;
  private bucketReady: Promise<void> | undefined;

  constructor(private readonly opts: S3Options) {
    super();
    const url = new URL(opts.endpoint);
    this.client = new Client({
      endPoint: url.hostname,
      port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
      useSSL: url.protocol === 'https:',
      accessKey: opts.accessKey,
      secretKey: opts.secretKey,
      region: opts.region,
      pathStyle: true,
    });
  }

  /** Creates the bucket on first use when it does not exist. */
  private ensureBucket(): Promise<void> {
    this.bucketReady ??= (async () => {
      if (!(await this.client.bucketExists(this.opts.bucket)))
        await this.client.makeBucket(this.opts.bucket, this.opts.region);
    })().catch((e: unknown) => {
      this.bucketReady = undefined;
      throw e;
    });
    return this.bucketReady;
  }

  async put(key: string, data: Buffer): Promise<void> {
    await this.ensureBucket();
    await this.client.putObject(this.opts.bucket, key, data, data.length, {
      'Content-Type': 'application/octet-stream',
    });
  }

  async get(key: string): Promise<Buffer> {
    await this.ensureBucket();
    const stream = await this.client.getObject(this.opts.bucket, key);
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  async delete(key: string): Promise<void> {
    await this.ensureBucket();
    await this.client.removeObject(this.opts.bucket, key);
  }
}
