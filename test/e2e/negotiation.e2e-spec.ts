import { INestApplication } from '@nestjs/common';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { io, Socket } from 'socket.io-client';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Ack, JoinResult, MessageDto, OfferDto, OfferTerms, SendResult } from '@jiebang/contracts';
import { createApplication } from '../../apps/api/src/app/bootstrap';
import { loadConfig } from '../../apps/api/src/config/env.config';
import { getFreePort } from '../../apps/api/src/runtime/free-port';
import {
  bootApp,
  bufferBody,
  demoData,
  e2eEndpoints,
  importAndIndex,
  orgId,
  seedAccounts,
  tokenFor,
} from '../helpers/app';

type Client = Socket;
const sockets: Client[] = [];

function connect(baseUrl: string, token: string | undefined): Promise<Client> {
  const s = io(`${baseUrl}/negotiations`, {
    auth: token ? { token } : {},
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(s);
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

function call<T>(s: Client, event: string, payload: object): Promise<Ack<T>> {
  return new Promise((resolve) => s.emit(event, payload, (r: Ack<T>) => resolve(r)));
}

function collect(s: Client, event: string): unknown[] {
  const out: unknown[] = [];
  s.on(event, (p: unknown) => out.push(p));
  return out;
}

async function until(what: string, cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Another API process on the e2e database and Redis (no truncation, no seeding), listening on a free port. */
async function secondApp(): Promise<{ app: INestApplication; url: string }> {
  const app = await createApplication(
    loadConfig({
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      MEILI_INDEX_PREFIX: 'negotiation_',
      QUEUE_PREFIX: 'test_negotiation',
    }),
    e2eEndpoints({ redisUrl: process.env.E2E_REDIS_URL }),
  );
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}

const TERMS = (over: Partial<OfferTerms> = {}): OfferTerms => ({
  dealForm: 'development',
  amountYuan: '3000000.00',
  schedule: [
    { dueDate: '2027-03-31', amountYuan: '1000000.00' },
    { dueDate: '2027-12-31', amountYuan: '2000000.00' },
  ],
  ipOwnership: '双方共有',
  benefitSharing: '按投入比例分配',
  durationMonths: 24,
  ...over,
});

/**
 * Real-time negotiation with real socket.io clients against the real app (two API processes sharing rooms
 * through the Redis adapter): membership, persisted and acknowledged messages, idempotent retries, replay after a
 * reconnect, restart without loss, structured offers that become a draft agreement.
 */
describe('negotiation rooms over socket.io', () => {
  let app1: INestApplication;
  let app2: INestApplication;
  let url1: string;
  let url2: string;
  let db: DataSource;
  const t: Record<string, string> = {};
  let negotiationId: string;
  let applicationId: string;

  beforeAll(async () => {
    app1 = await bootApp('negotiation', { redis: true });
    db = app1.get(DataSource);
    await importAndIndex(app1, { organizations: (demoData() as { organizations: unknown[] }).organizations });
    await seedAccounts(app1);
    await app1.listen(0, '127.0.0.1');
    url1 = await app1.getUrl();
    // A second API process on the same database and Redis (created after the data, so no truncation).
    ({ app: app2, url: url2 } = await secondApp());
    for (const u of ['enterprise.demo', 'institute.demo', 'staff.broker', 'expert.demo'])
      t[u] = await tokenFor(app1, u);
    const poster = await orgId(app1, '包头钢铁(集团)有限责任公司');
    const applicant = await orgId(app1, '包头稀土研究院');
    const [listing] = await db.query(
      `INSERT INTO listing (kind, field, title, status, poster_org_id, poster_name, published_at)
       VALUES ('challenge', 'hydrogen', '洽谈测试榜单', 'published', $1, '包头钢铁(集团)有限责任公司', now()) RETURNING id`,
      [poster],
    );
    const [creator] = await db.query(`SELECT id FROM app_user WHERE username = 'institute.demo'`);
    const [application] = await db.query(
      `INSERT INTO application (listing_id, applicant_org_id, status, plan, team, budget_fen, created_by)
       VALUES ($1, $2, 'recommended', '实施方案', '团队', 300000000, $3) RETURNING id`,
      [listing.id, applicant, creator.id],
    );
    applicationId = application.id;
    const [n] = await db.query(`INSERT INTO negotiation (application_id) VALUES ($1) RETURNING id`, [applicationId]);
    negotiationId = n.id;
  });

  afterEach(() => {
    for (const s of sockets.splice(0)) s.disconnect();
  });

  afterAll(async () => {
    await app2?.close();
    await app1?.close();
  });

  it('refuses a socket without a valid token', async () => {
    await expect(connect(url1, 'forged')).rejects.toThrow('UNAUTHORIZED');
    await expect(connect(url1, undefined)).rejects.toThrow('UNAUTHORIZED');
  });

  it('refuses an outsider: an error and nothing of the room', async () => {
    const outsider = await connect(url1, t['expert.demo']);
    const seen = collect(outsider, 'message');
    const r = await call<JoinResult>(outsider, 'room:join', { negotiationId, lastSeq: 0 });
    expect(r).toMatchObject({ ok: false, code: 'NOT_A_MEMBER' });
    const send = await call<SendResult>(outsider, 'message:send', {
      negotiationId,
      idempotencyKey: randomUUID(),
      body: '我想看看',
    });
    expect(send).toMatchObject({ ok: false, code: 'NOT_JOINED' });
    expect(seen).toEqual([]);
  });

  it('two parties and a broker talk; each message is acknowledged with its id and sequence, across two processes', async () => {
    const poster = await connect(url1, t['enterprise.demo']);
    const applicant = await connect(url2, t['institute.demo']); // the other API process
    const broker = await connect(url1, t['staff.broker']);
    let last: Ack<JoinResult> | undefined;
    for (const s of [poster, applicant, broker]) {
      last = await call<JoinResult>(s, 'room:join', { negotiationId, lastSeq: 0 });
      expect(last).toMatchObject({ ok: true });
    }
    // Presence across both processes, with names.
    expect(last?.ok && Object.values(last.names ?? {}).sort()).toEqual(
      ['包头稀土研究院联系人', '包钢集团联系人', '科技厅对接专员'].sort(),
    );
    const atApplicant = collect(applicant, 'message') as MessageDto[];
    const atBroker = collect(broker, 'message') as MessageDto[];
    const ack = await call<SendResult>(poster, 'message:send', {
      negotiationId,
      idempotencyKey: randomUUID(),
      body: '欢迎贵院揭榜,请介绍方案。',
    });
    expect(ack).toMatchObject({ ok: true, seq: 1 });
    await until('delivery', () => atApplicant.length === 1 && atBroker.length === 1);
    expect(atApplicant[0]).toMatchObject({ seq: 1, body: '欢迎贵院揭榜,请介绍方案。' });
    const reply = await call<SendResult>(applicant, 'message:send', {
      negotiationId,
      idempotencyKey: randomUUID(),
      body: '好的,方案如下。',
    });
    expect(reply).toMatchObject({ ok: true, seq: 2 });
  });

  it('validates every payload on the gateway and answers the ack with VALIDATION_FAILED', async () => {
    const poster = await connect(url1, t['enterprise.demo']);
    expect(await call(poster, 'room:join', { negotiationId: 'not-a-uuid', lastSeq: 0 })).toMatchObject({
      ok: false,
      code: 'VALIDATION_FAILED',
    });
    await call(poster, 'room:join', { negotiationId, lastSeq: 0 });
    const bad = [
      { negotiationId, idempotencyKey: 'nope', body: 'x' },
      { negotiationId, idempotencyKey: randomUUID(), body: 'x'.repeat(4001) },
      { negotiationId, idempotencyKey: randomUUID(), body: 'x', admin: true },
    ];
    for (const p of bad)
      expect(await call(poster, 'message:send', p)).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    const offer = await call(poster, 'offer:propose', {
      negotiationId,
      idempotencyKey: randomUUID(),
      terms: { ...TERMS(), amountYuan: 1e21 },
    });
    expect(offer).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
  });

  it('keeps delivering to live members while another member has stopped reading', async () => {
    const poster = await connect(url1, t['enterprise.demo']);
    const applicant = await connect(url1, t['institute.demo']);
    const stalled = await connect(url1, t['staff.broker']);
    for (const s of [poster, applicant, stalled]) await call(s, 'room:join', { negotiationId, lastSeq: 0 });
    // The stalled member's TCP socket stops reading: the server's writes to it pile up in buffers.
    const raw = (stalled.io.engine as unknown as { transport: { ws: { _socket: { pause(): void; resume(): void } } } })
      .transport.ws._socket;
    raw.pause();
    try {
      const received = collect(applicant, 'message') as MessageDto[];
      const acks: number[] = [];
      for (let i = 0; i < 25; i += 1) {
        const r = await call<SendResult>(poster, 'message:send', {
          negotiationId,
          idempotencyKey: randomUUID(),
          body: `慢客户端测试 ${i} ${'字'.repeat(1000)}`,
        });
        if (r.ok) acks.push(r.seq);
      }
      expect(acks).toHaveLength(25);
      await until('delivery to the live member', () => received.length === 25);
      expect(received.map((m) => m.seq)).toEqual(acks);
    } finally {
      raw.resume();
    }
  });

  it('shares a file as a message: stored through the storage port, delivered, downloadable by members only', async () => {
    const poster = await connect(url1, t['enterprise.demo']);
    await call(poster, 'room:join', { negotiationId, lastSeq: 0 });
    const got = collect(poster, 'message') as MessageDto[];
    const pdf = Buffer.from('%PDF-1.4\n% negotiation attachment\n%%EOF\n');
    const up = await request(app1.getHttpServer())
      .post(`/api/v1/negotiations/${negotiationId}/attachments`)
      .set('Authorization', `Bearer ${t['institute.demo']}`)
      .attach('file', pdf, '实施方案.pdf')
      .expect(201);
    expect(up.body.message).toMatchObject({ attachment: { filename: '实施方案.pdf', contentType: 'application/pdf' } });
    await until('the shared file', () => got.some((m) => m.id === up.body.message.id));
    const path = `/api/v1/negotiations/${negotiationId}/attachments/${up.body.message.attachment.id}/download`;
    const dl = await request(app1.getHttpServer())
      .get(path)
      .set('Authorization', `Bearer ${t['enterprise.demo']}`)
      .buffer(true)
      .parse(bufferBody)
      .expect(200);
    expect(dl.headers['content-disposition']).toMatch(/^attachment;/);
    expect(Buffer.compare(dl.body as Buffer, pdf)).toBe(0);
    const outsider = await request(app1.getHttpServer()).get(path).set('Authorization', `Bearer ${t['expert.demo']}`);
    expect([outsider.status, outsider.body.code]).toEqual([403, 'NOT_A_MEMBER']);
    const html = await request(app1.getHttpServer())
      .post(`/api/v1/negotiations/${negotiationId}/attachments`)
      .set('Authorization', `Bearer ${t['institute.demo']}`)
      .attach('file', Buffer.from('<html><script>alert(1)</script></html>'), 'x.pdf');
    expect([html.status, html.body.code]).toEqual([400, 'ATTACHMENT_TYPE_NOT_ALLOWED']);
  });

  it('stores a retried send with the same key once', async () => {
    const poster = await connect(url1, t['enterprise.demo']);
    await call(poster, 'room:join', { negotiationId, lastSeq: 0 });
    const key = randomUUID();
    const a = await call<SendResult>(poster, 'message:send', { negotiationId, idempotencyKey: key, body: '重试测试' });
    const b = await call<SendResult>(poster, 'message:send', { negotiationId, idempotencyKey: key, body: '重试测试' });
    expect(a.ok && b.ok && a.id === b.id && a.seq === b.seq).toBe(true);
    const rows = await db.query(`SELECT count(*) n FROM negotiation_message WHERE idempotency_key = $1`, [key]);
    expect(Number(rows[0].n)).toBe(1);
  });

  it('replays exactly the messages missed while disconnected, in order', async () => {
    const poster = await connect(url1, t['enterprise.demo']);
    await call(poster, 'room:join', { negotiationId, lastSeq: 0 });
    let applicant = await connect(url2, t['institute.demo']);
    const joined = await call<JoinResult>(applicant, 'room:join', { negotiationId, lastSeq: 0 });
    const lastSeq = joined.ok ? joined.negotiation.lastSeq : -1;
    applicant.disconnect();
    const sent: number[] = [];
    for (const body of ['断线期间一', '断线期间二', '断线期间三']) {
      const r = await call<SendResult>(poster, 'message:send', { negotiationId, idempotencyKey: randomUUID(), body });
      if (r.ok) sent.push(r.seq);
    }
    applicant = await connect(url2, t['institute.demo']);
    const back = await call<JoinResult>(applicant, 'room:join', { negotiationId, lastSeq });
    expect(back.ok && back.messages.map((m) => m.seq)).toEqual(sent);
    expect(back.ok && back.messages.map((m) => m.body)).toEqual(['断线期间一', '断线期间二', '断线期间三']);
  });

  it('loses nothing acknowledged when an API process goes away and comes back', async () => {
    const s = await connect(url2, t['institute.demo']);
    await call(s, 'room:join', { negotiationId, lastSeq: 0 });
    const acked: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const r = await call<SendResult>(s, 'message:send', {
        negotiationId,
        idempotencyKey: randomUUID(),
        body: `重启前 ${i}`,
      });
      if (r.ok) acked.push(r.seq);
    }
    await app2.close();
    ({ app: app2, url: url2 } = await secondApp());
    const again = await connect(url2, t['institute.demo']);
    const r = await call<JoinResult>(again, 'room:join', { negotiationId, lastSeq: 0 });
    const seqs = r.ok ? r.messages.map((m) => m.seq) : [];
    for (const seq of acked) expect(seqs).toContain(seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('loses nothing acknowledged when an API process is killed (SIGKILL) and restarted', async () => {
    const root = resolve(__dirname, '..', '..');
    const start = async () => {
      const port = await getFreePort();
      const child = spawn(
        process.execPath,
        ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'],
        {
          cwd: root,
          env: {
            ...process.env,
            TS_NODE_PROJECT: 'apps/api/tsconfig.app.json',
            TS_NODE_TRANSPILE_ONLY: 'true',
            DATABASE_URL: process.env.E2E_DATABASE_URL,
            MEILI_URL: process.env.E2E_MEILI_URL,
            MEILI_MASTER_KEY: process.env.E2E_MEILI_KEY,
            MEILI_INDEX_PREFIX: 'negotiation_',
            REDIS_URL: process.env.E2E_REDIS_URL,
            QUEUE_PREFIX: 'test_negotiation_kill',
            SEED_DEMO: 'false',
            PORT: String(port),
            HOST: '127.0.0.1',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      await until('the API process', () => out.includes('platform ready'), 90000);
      return { child, url: `http://127.0.0.1:${port}` };
    };
    let api = await start();
    try {
      const s = await connect(api.url, t['enterprise.demo']);
      await call(s, 'room:join', { negotiationId, lastSeq: 0 });
      const acked: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const r = await call<SendResult>(s, 'message:send', {
          negotiationId,
          idempotencyKey: randomUUID(),
          body: `强杀前 ${i}`,
        });
        if (r.ok) acked.push(r.seq);
      }
      expect(acked).toHaveLength(5);
      api.child.kill('SIGKILL');
      await new Promise((r) => api.child.once('exit', r));
      api = await start();
      const again = await connect(api.url, t['institute.demo']);
      const r = await call<JoinResult>(again, 'room:join', { negotiationId, lastSeq: 0 });
      const seqs = r.ok ? r.messages.map((m) => m.seq) : [];
      for (const seq of acked) expect(seqs).toContain(seq);
    } finally {
      api.child.kill('SIGKILL');
    }
  }, 240000);

  it('turns the same offer version accepted by both sides into a draft agreement', async () => {
    const poster = await connect(url1, t['enterprise.demo']);
    const applicant = await connect(url1, t['institute.demo']);
    const broker = await connect(url1, t['staff.broker']);
    for (const s of [poster, applicant, broker]) await call(s, 'room:join', { negotiationId, lastSeq: 0 });
    const tooLong = await call<{ offer: OfferDto }>(applicant, 'offer:propose', {
      negotiationId,
      idempotencyKey: randomUUID(),
      terms: TERMS({ durationMonths: 40 }),
    });
    expect(tooLong).toMatchObject({ ok: false, code: 'OFFER_DURATION_EXCEEDED', rule: '004 §15' });
    const mismatch = await call<{ offer: OfferDto }>(applicant, 'offer:propose', {
      negotiationId,
      idempotencyKey: randomUUID(),
      terms: TERMS({ amountYuan: '3000000.01' }),
    });
    expect(mismatch).toMatchObject({ ok: false, code: 'OFFER_SCHEDULE_MISMATCH' });
    const brokerOffer = await call(broker, 'offer:propose', {
      negotiationId,
      idempotencyKey: randomUUID(),
      terms: TERMS(),
    });
    expect(brokerOffer).toMatchObject({ ok: false, code: 'NOT_A_PARTY' });
    const v1 = await call<{ offer: OfferDto }>(applicant, 'offer:propose', {
      negotiationId,
      idempotencyKey: randomUUID(),
      terms: TERMS(),
    });
    expect(v1).toMatchObject({ ok: true, offer: { version: 1, side: 'applicant', terms: { amountFen: '300000000' } } });
    const counter = await call<{ offer: OfferDto }>(poster, 'offer:propose', {
      negotiationId,
      idempotencyKey: randomUUID(),
      terms: TERMS({ amountYuan: '2500000.00', schedule: [{ dueDate: '2027-06-30', amountYuan: '2500000.00' }] }),
    });
    expect(counter).toMatchObject({ ok: true, offer: { version: 2, side: 'poster' } });
    const offers = await db.query(`SELECT version, status FROM offer WHERE negotiation_id = $1 ORDER BY version`, [
      negotiationId,
    ]);
    expect(offers).toEqual([
      { version: 1, status: 'superseded' },
      { version: 2, status: 'open' },
    ]);
    const v2Id = counter.ok ? counter.offer.id : '';
    const own = await call(poster, 'offer:respond', { negotiationId, offerId: v2Id, action: 'accept' });
    expect(own).toMatchObject({ ok: false, code: 'OWN_OFFER' });
    const drafted = collect(broker, 'agreement:drafted');
    const accepted = await call<{ offer: OfferDto; agreementDraftId: string | null }>(applicant, 'offer:respond', {
      negotiationId,
      offerId: v2Id,
      action: 'accept',
    });
    expect(accepted).toMatchObject({ ok: true, offer: { status: 'accepted' }, agreementDraftId: expect.any(String) });
    await until('agreement:drafted', () => drafted.length === 1);
    const [app] = await db.query(`SELECT status FROM application WHERE id = $1`, [applicationId]);
    expect(app.status).toBe('agreement_drafted');
    const [draft] = await db.query(`SELECT amount_fen FROM agreement_draft WHERE application_id = $1`, [applicationId]);
    expect(draft.amount_fen).toBe('250000000');
    const after = await call(poster, 'message:send', {
      negotiationId,
      idempotencyKey: randomUUID(),
      body: '还能说话吗',
    });
    expect(after).toMatchObject({ ok: false, code: 'NEGOTIATION_NOT_OPEN' });
  });
});
