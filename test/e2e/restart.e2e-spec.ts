/**
 * Restart after a crash (issue 18): the platform is started as `npm start` starts it (`apps/api/src/main.ts`
 * through ts-node, embedded PostgreSQL and Meilisearch in its own DATA_DIR), killed with SIGKILL, and started
 * again on the same DATA_DIR. Every acknowledged write must be there, and no embedded server may be left behind.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { usccCheckChar } from '@jiebang/contracts';
import { isAlive, readPid, stopOrphan, waitForExit } from '../../apps/api/src/runtime/child-process';
import { Platform, startPlatform } from '../helpers/platform';

/** A valid USCC of an Inner Mongolian enterprise (category 91, region 150602), unique per call. */
function freshUscc(): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const tail = Array.from(randomBytes(9), (b) => alphabet[b % alphabet.length]).join('');
  const body = `91150602${tail}`;
  return body + usccCheckChar(body);
}

/** Registers an organisation with its first account; returns the credentials once the API acknowledged it. */
async function register(url: string, tag: string): Promise<{ username: string; password: string }> {
  const username = `restart.${tag}.${randomBytes(3).toString('hex')}`;
  const password = `Kx7-${randomBytes(12).toString('base64url')}`;
  await request(url)
    .post('/api/v1/organizations')
    .send({
      uscc: freshUscc(),
      name: `重启测试${tag}科技有限公司`,
      type: 'tech_enterprise',
      regionCode: '150602',
      mainBusiness: '氢能装备研发',
      registeredCapitalWan: '500',
      contacts: [{ name: '张三', phone: '13800000000', email: 'zhang@example.com' }],
      account: { username, password, displayName: '张三' },
    })
    .expect(201);
  return { username, password };
}

async function canLogIn(url: string, creds: { username: string; password: string }): Promise<number> {
  return (await request(url).post('/api/v1/auth/login').send(creds)).status;
}

/** Pids of the embedded servers of `dataDir`, from their pid files (postmaster.pid, meilisearch.pid). */
function servicePids(dataDir: string): number[] {
  return [readPid(join(dataDir, 'postgres', 'postmaster.pid')), readPid(join(dataDir, 'meili', 'meilisearch.pid'))]
    .filter((p): p is number => p !== undefined)
    .filter(isAlive);
}

describe('restart after a crash (issue 18)', () => {
  let dataDir: string;
  let running: Platform | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'jiebang-restart-'));
    chmodSync(dataDir, 0o755);
  });
  afterAll(async () => {
    if (running?.child.exitCode === null) {
      running.child.kill('SIGINT');
      if (running.child.pid) await waitForExit(running.child.pid, 20000);
    }
    for (const pid of servicePids(dataDir)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts again on the same data after SIGKILL, with every acknowledged write, and leaves no server behind', async () => {
    running = await startPlatform(dataDir);
    const firstLine =
      running
        .output()
        .split('\n')
        .find((l) => l.trim()) ?? '';
    expect(firstLine).toMatch(
      /揭榜挂帅 starting: PostgreSQL embedded 127\.0\.0\.1:\d+ \(data .+\); Meilisearch embedded/,
    );
    expect(firstLine).toMatch(/services up in \d+\.\d s/);
    const first = await register(running.url, 'a');
    const pidsBefore = servicePids(dataDir);
    expect(pidsBefore).toHaveLength(2);

    // 1. The API alone is killed (kill -9, the OOM killer): its embedded servers die with it.
    running.child.kill('SIGKILL');
    for (const pid of pidsBefore) expect(await waitForExit(pid, 30000)).toBe(true);

    running = await startPlatform(dataDir);
    expect(await canLogIn(running.url, first)).toBe(200);
    const second = await register(running.url, 'b');

    // 2. Everything is killed at once, the database without a shutdown: it replays its WAL at the next start.
    const pids = servicePids(dataDir);
    expect(pids).toHaveLength(2);
    running.child.kill('SIGKILL');
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    for (const pid of pids) expect(await waitForExit(pid, 10000)).toBe(true);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(true); // no clean shutdown happened

    running = await startPlatform(dataDir);
    expect(await canLogIn(running.url, first)).toBe(200);
    expect(await canLogIn(running.url, second)).toBe(200);
    expect(await canLogIn(running.url, { ...second, password: `${second.password}x` })).toBe(401);

    const child = running.child;
    const exitCode = new Promise((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', r)));
    child.kill('SIGINT');
    expect(await exitCode).toBe(0);
    expect(servicePids(dataDir)).toEqual([]);
  });

  it('stops a server left by an earlier start only when its command line is ours', async () => {
    const path = join(dataDir, 'meili', 'data.ms');
    const spawnLookalike = (args: string[]) =>
      spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', ...args], { stdio: 'ignore' });
    const ours = spawnLookalike(['meilisearch', '--db-path', path]);
    const other = spawnLookalike(['meilisearch', '--db-path', '/somewhere/else/data.ms']);
    const log: string[] = [];
    const opts = {
      mustContain: ['meilisearch', path],
      what: 'embedded Meilisearch',
      signal: 'SIGTERM' as const,
      hardSignal: 'SIGKILL' as const,
      graceMs: 5000,
      log: (l: string) => log.push(l),
    };
    await new Promise((r) => setTimeout(r, 300));
    try {
      expect(await stopOrphan({ ...opts, pid: other.pid })).toBeUndefined();
      expect(isAlive(other.pid ?? 0)).toBe(true);
      expect(await stopOrphan({ ...opts, pid: ours.pid })).toBe(ours.pid);
      expect(isAlive(ours.pid ?? 0)).toBe(false);
      expect(log).toEqual([`embedded Meilisearch: stopping pid ${ours.pid}, left running by an earlier start`]);
      expect(await stopOrphan({ ...opts, pid: undefined })).toBeUndefined();
    } finally {
      ours.kill('SIGKILL');
      other.kill('SIGKILL');
    }
  });
});
