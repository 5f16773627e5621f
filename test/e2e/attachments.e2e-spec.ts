import { INestApplication } from '@nestjs/common';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bootApp, bufferBody, demoData, importAndIndex, seedAccounts, tokenFor } from '../helpers/app';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const HTML_AS_PDF = Buffer.from('<html><script>alert(1)</script></html>');

/** Attachments behind the storage port: type by content, size limit, download-only, visibility (issue 4 §2). */
describe('listing attachments', () => {
  let app: INestApplication;
  let db: DataSource;
  let dataDir: string;
  const t: Record<string, string> = {};
  let listingId: string;
  const http = () => request(app.getHttpServer());
  const upload = (user: string, file: Buffer, name: string, kind = 'supporting') =>
    http()
      .post(`/api/v1/listings/${listingId}/attachments`)
      .set('Authorization', `Bearer ${t[user]}`)
      .field('kind', kind)
      .attach('file', file, name);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'jiebang-uploads-'));
    app = await bootApp('attachments', { env: { DATA_DIR: dataDir } });
    db = app.get(DataSource);
    await importAndIndex(app, { organizations: (demoData() as { organizations: unknown[] }).organizations });
    await seedAccounts(app);
    for (const u of ['institute.demo', 'enterprise.demo', 'staff.broker']) t[u] = await tokenFor(app, u);
    const created = await http()
      .post('/api/v1/listings')
      .set('Authorization', `Bearer ${t['institute.demo']}`)
      .send({ kind: 'achievement', title: '附件测试:稀土抛光粉成果' })
      .expect(201);
    listingId = created.body.id;
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores a PDF, judged by its content, and serves it only as a download', async () => {
    const res = await upload('institute.demo', PDF, '专利证书.pdf', 'ip_proof').expect(201);
    expect(res.body).toMatchObject({
      kind: 'ip_proof',
      filename: '专利证书.pdf',
      contentType: 'application/pdf',
      sizeBytes: PDF.length,
    });
    const dl = await http()
      .get(`/api/v1/attachments/${res.body.id}/download`)
      .set('Authorization', `Bearer ${t['institute.demo']}`)
      .buffer(true)
      .parse(bufferBody)
      .expect(200);
    expect(dl.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''/);
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    // Stricter than the site-wide policy (security-headers.ts), which must not replace it.
    expect(dl.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(dl.body as Buffer, PDF)).toBe(0);
  });

  it('refuses HTML disguised as a PDF, an empty file and an oversized one, writing nothing', async () => {
    const before = Number((await db.query('SELECT count(*) n FROM attachment'))[0].n);
    const html = await upload('institute.demo', HTML_AS_PDF, 'evil.pdf');
    expect([html.status, html.body.code]).toEqual([400, 'ATTACHMENT_TYPE_NOT_ALLOWED']);
    const big = Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024)]);
    const tooBig = await upload('institute.demo', big, 'big.pdf');
    expect([tooBig.status, tooBig.body.code]).toEqual([413, 'ATTACHMENT_TOO_LARGE']);
    expect(Number((await db.query('SELECT count(*) n FROM attachment'))[0].n)).toBe(before);
    expect(readdirSync(join(dataDir, 'uploads', 'listings', listingId))).toHaveLength(before);
  });

  it('lets only the poster’s users upload, and only while the listing is editable', async () => {
    const other = await upload('enterprise.demo', PDF, 'x.pdf');
    expect(other.status).toBe(404);
    await upload('institute.demo', PDF, '说明材料.pdf', 'supporting').expect(201);
  });

  it('hides a draft’s attachments from the public, and IP proofs even after publication', async () => {
    await http().get(`/api/v1/listings/${listingId}/attachments`).expect(200).expect([]);
    // Publish the listing directly (the workflow is tested elsewhere).
    await db.query(
      `UPDATE listing SET status = 'published', field = 'rare_earth', published_at = now() WHERE id = $1`,
      [listingId],
    );
    const publicList = await http().get(`/api/v1/listings/${listingId}/attachments`).expect(200);
    expect(publicList.body.map((a: { kind: string }) => a.kind)).toEqual(['supporting']);
    const staffList = await http()
      .get(`/api/v1/listings/${listingId}/attachments`)
      .set('Authorization', `Bearer ${t['staff.broker']}`)
      .expect(200);
    expect(staffList.body.map((a: { kind: string }) => a.kind).sort()).toEqual(['ip_proof', 'supporting']);
    const proof = staffList.body.find((a: { kind: string }) => a.kind === 'ip_proof');
    await http().get(`/api/v1/attachments/${proof.id}/download`).expect(404);
    const late = await upload('institute.demo', PDF, 'late.pdf');
    expect([late.status, late.body.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
  });
});
