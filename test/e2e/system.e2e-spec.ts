import { INestApplication } from '@nestjs/common';
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ListingSearchResponse } from '@jiebang/contracts';
import { JobsService } from '../../apps/api/src/jobs/jobs.service';
import { getFreePort, waitFor } from '../../apps/api/src/runtime/free-port';
import { bootApp, importAndIndex } from '../helpers/app';
import { schemaLog } from '../helpers/schema';
import { DEMO_PASSWORD } from '../../apps/api/src/auth/demo-accounts';

const ROOT = resolve(__dirname, '..', '..');

describe('runtime: health, queues, schema', () => {
  let app: INestApplication;
  afterEach(async () => {
    await app?.close();
  });

  it('reports database, search and queue up (in-process jobs)', async () => {
    app = await bootApp('sys_inproc');
    const res = await request(app.getHttpServer()).get('/api/v1/health').expect(200);
    expect(res.body).toEqual({
      status: 'ok',
      checks: {
        database: { status: 'up', mode: 'external' },
        search: { status: 'up', mode: 'external' },
        queue: { status: 'up', mode: 'in-process' },
      },
    });
  });

  it('answers 503 naming the service that is down', async () => {
    const port = await getFreePort();
    app = await bootApp('sys_down', { endpoints: { meiliUrl: `http://127.0.0.1:${port}` } });
    const res = await request(app.getHttpServer()).get('/api/v1/health').expect(503);
    expect(res.body.status).toBe('error');
    expect(res.body.checks.search.status).toBe('down');
    expect(res.body.checks.database.status).toBe('up');
  });

  it('indexes through BullMQ on a real Redis when REDIS_URL is set', async () => {
    app = await bootApp('sys_bull', { redis: true });
    expect(app.get(JobsService).mode).toBe('bullmq');
    const health = await request(app.getHttpServer()).get('/api/v1/health').expect(200);
    expect(health.body.checks.queue).toEqual({ status: 'up', mode: 'bullmq' });
    const report = await importAndIndex(app, {
      listings: [
        {
          kind: 'achievement',
          field: '氢能',
          title: '队列测试:碱性电解槽制氢成果',
          poster: '队列测试单位',
          source: ['test'],
        },
      ],
    });
    // The listing, and its poster (a new organisation) for matching.
    expect(report.indexJobs.map((j) => j.id.split('_')[0]).sort()).toEqual(['index-listing', 'index-organization']);
    const res = await request(app.getHttpServer()).get('/api/v1/listings').query({ q: '电解槽' }).expect(200);
    expect((res.body as ListingSearchResponse).hits.map((h) => h.title)).toEqual(['队列测试:碱性电解槽制氢成果']);
  });

  it('has a migration for every entity change (schema equals entities)', async () => {
    app = await bootApp('sys_schema');
    const log = await schemaLog(app.get(DataSource));
    expect(log.upQueries.map((q) => q.query)).toEqual([]);
  });
});

describe('npm start process', () => {
  it('starts embedded PostgreSQL and Meilisearch, serves, and leaves no process after SIGINT', async () => {
    // In the system's temporary folder: the checkout may be closed to the postgres user (see README).
    const dataDir = mkdtempSync(join(tmpdir(), 'jiebang-start-'));
    chmodSync(dataDir, 0o755);
    const port = await getFreePort();
    const child = spawn('npm', ['run', '--silent', 'serve'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: '',
        MEILI_URL: '',
        REDIS_URL: '',
        PORT: String(port),
        DATA_DIR: dataDir,
        SEED_DEMO: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const group = () =>
      execFileSync('ps', ['-eo', 'pgid=,args='], { encoding: 'utf8' })
        .split('\n')
        .filter((l) => l.trim().split(/\s+/)[0] === String(child.pid));
    try {
      await waitFor('the platform', async () => output.includes('platform ready'), 150000);
      const health = await request(`http://127.0.0.1:${port}`).get('/api/v1/health').expect(200);
      expect(health.body.checks.database.mode).toBe('embedded');
      expect(health.body.checks.search.mode).toBe('embedded');
      const board = await request(`http://127.0.0.1:${port}`).get('/api/v1/listings').expect(200);
      expect(board.body.totalHits).toBe(41); // 39 real listings and the two 【演示】 challenges of the demo deals
      // The demo deals: one on public notice, one whose notice is over and which awaits signing.
      const notices = await request(`http://127.0.0.1:${port}`).get('/api/v1/notices').expect(200);
      expect(notices.body.map((n: { listingTitle: string; status: string }) => [n.listingTitle, n.status])).toEqual([
        ['【演示】稀土钢洁净冶炼与夹杂物控制关键技术攻关', 'on_notice'],
      ]);
      const login = await request(`http://127.0.0.1:${port}`)
        .post('/api/v1/auth/login')
        .send({ username: 'university.demo', password: DEMO_PASSWORD })
        .expect(200);
      const mine = await request(`http://127.0.0.1:${port}`)
        .get('/api/v1/deals')
        .set('Authorization', `Bearer ${login.body.accessToken}`)
        .expect(200);
      expect(mine.body.items.map((d: { status: string }) => d.status).sort()).toEqual([
        'awaiting_signing',
        'on_notice',
      ]);
      // The elapsed demo notice: the deal's notice dates are the ones its timeline recorded (issue 16 item 20).
      const elapsed = mine.body.items.find((d: { status: string }) => d.status === 'awaiting_signing') as {
        id: string;
      };
      const get = (path: string) =>
        request(`http://127.0.0.1:${port}`).get(path).set('Authorization', `Bearer ${login.body.accessToken}`);
      const deal = (await get(`/api/v1/deals/${elapsed.id}`).expect(200)).body as {
        notice: { firstDay: string; lastDay: string };
      };
      const timeline = (await get(`/api/v1/deals/${elapsed.id}/timeline`).expect(200)).body as {
        action: string;
        data?: { firstDay?: string; lastDay?: string } | null;
      }[];
      const opened = timeline.find((e) => e.action === 'notice_opened');
      expect(opened?.data).toMatchObject({ firstDay: deal.notice.firstDay, lastDay: deal.notice.lastDay });
      expect(deal.notice.lastDay < new Date().toISOString().slice(0, 10)).toBe(true);
      const running = () =>
        execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
          .split('\n')
          .filter((l) => l.includes(dataDir));
      expect(running().some((l) => l.includes('postgres'))).toBe(true);
      expect(running().some((l) => l.includes('meilisearch'))).toBe(true);
      expect(group().length).toBeGreaterThanOrEqual(3); // npm, node, postgres, meilisearch …
      process.kill(-(child.pid as number), 'SIGINT'); // Ctrl-C reaches the whole process group
      await waitFor('every started process to exit', async () => group().length === 0 && running().length === 0, 30000);
      expect(output).toContain('SIGINT: shutting down');
    } finally {
      if (group().length) process.kill(-(child.pid as number), 'SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240000);
});
