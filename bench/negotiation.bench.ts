/**
 * Negotiation socket benchmark (`npm run bench:negotiation`): 1,000 socket.io clients in 100 negotiation rooms
 * (10 members each) exchanging a steady stream of messages through the real `/negotiations` gateway, with the
 * socket.io Redis adapter and two API processes sharing the rooms.
 *
 * Starts its own embedded PostgreSQL, Meilisearch and redis-server (`test/setup/services.ts`), boots the real
 * application in this process (`createApplication`, with `REDIS_URL`, so the Redis adapter is on) and a second
 * API process on the same database and Redis (this file forked with `BENCH_NEGOTIATION_CHILD`), creates the
 * organisations, users, listings, applications and rooms in SQL, signs each user's token with the app's
 * `JwtService`, connects the sockets (half on each API process, both sides of every room on both), joins them,
 * then sends messages at a fixed rate, open loop (a send never waits for an earlier ack), spread over every
 * socket. Each message has a UUID idempotency key and the client's send time in its body; every member records
 * when it receives it. Measures ack latency (send → ack, i.e. committed), delivery latency (send → `message` at
 * each other member), losses (acked but missing at a member that stayed connected), duplicates (one message
 * twice at one socket), errors by code, and checks PostgreSQL holds exactly the acked messages. Writes
 * `bench/results/negotiation.{json,md}`, closes every socket, stops every process it started and checks with
 * `ps` that none is left.
 *
 * Knobs (environment): BENCH_ROOMS (100), BENCH_SOCKETS_PER_ROOM (10, half poster users, half applicant
 * users), BENCH_RATE (200 messages/s in total), BENCH_DURATION_S (30, measured), BENCH_WARMUP_S (5, sent and
 * checked like the rest but left out of the latency statistics), BENCH_CONNECT_BATCH (sockets connecting at once;
 * 0 = all), BENCH_JOIN_BATCH (200), BENCH_SECOND_API (1; 0 = one API process), BENCH_ACK_TIMEOUT_MS (10000),
 * BENCH_QUIET_WAIT_S (60: how long to wait at most for other processes to leave the machine mostly idle).
 */
import 'reflect-metadata';
import { alive, descendants, git, log } from './common';
import { ConsoleLogger } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ChildProcess, execFileSync, fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import {
  constants as perfConstants,
  IntervalHistogram,
  monitorEventLoopDelay,
  performance,
  PerformanceObserver,
} from 'node:perf_hooks';
import { Client } from 'pg';
import { io, Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import type { Ack, JoinResult, MessageDto, SendResult } from '@jiebang/contracts';
import { createApplication } from '../apps/api/src/app/bootstrap';
import { loadConfig } from '../apps/api/src/config/env.config';
import { NegotiationsGateway, RATE_LIMIT } from '../apps/api/src/negotiations/negotiations.gateway';
import type { ServiceEndpoints } from '../apps/api/src/runtime/runtime';
import { startTestServices, TestServices } from '../test/setup/services';

const RESULTS_DIR = resolve(__dirname, 'results');
const TARGET_DELIVERY_P99_MS = 50;

const ROOMS = Number(process.env.BENCH_ROOMS ?? 100);
const PER_ROOM = Number(process.env.BENCH_SOCKETS_PER_ROOM ?? 10);
const SOCKETS = ROOMS * PER_ROOM;
const RATE = Number(process.env.BENCH_RATE ?? 200);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 30);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 5);
const CONNECT_BATCH = Number(process.env.BENCH_CONNECT_BATCH ?? 0) || SOCKETS;
const JOIN_BATCH = Number(process.env.BENCH_JOIN_BATCH ?? 200) || SOCKETS;
const SECOND_API = (process.env.BENCH_SECOND_API ?? '1') !== '0';
const ACK_TIMEOUT_MS = Number(process.env.BENCH_ACK_TIMEOUT_MS ?? 10_000);
const QUIET_WAIT_S = Number(process.env.BENCH_QUIET_WAIT_S ?? 60);
const CONNECT_TIMEOUT_MS = 20_000;
const DRAIN_TIMEOUT_MS = 15_000;
/** "Quiet" seconds: other processes on the machine used less than this many cores (see `latency.quietSeconds`). */
const QUIET_OTHERS_CORES = 0.25;
/** Sockets that failed to connect are retried this many at a time. */
const RETRY_BATCH = 50;
const CHILD_ENV = 'BENCH_NEGOTIATION_CHILD';
const API1_LABEL = 'node: bench (API process 1 + all clients)';
const API2_LABEL = 'node: API process 2';
/** `合成洽谈消息 #12 key=<uuid> t=<epoch ms>` — the key and the client's send time travel in the body. */
const BODY_RE = /key=([0-9a-f-]{36}) t=(\d+\.\d+)$/;

// ---------------------------------------------------------------------------------------------------------
// Small utilities (same conventions as matching.bench.ts)

const round2 = (x: number) => Math.round(x * 100) / 100;
/** Wall-clock milliseconds with sub-millisecond resolution, monotonic within this process. */
const nowMs = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Stats {
  samples: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  mean: number;
  min: number;
  max: number;
}

/** Nearest-rank percentiles. */
function stats(xs: number[]): Stats {
  if (!xs.length) return { samples: 0, p50: NaN, p90: NaN, p99: NaN, p999: NaN, mean: NaN, min: NaN, max: NaN };
  const s = Float64Array.from(xs).sort();
  const p = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  let sum = 0;
  for (const x of s) sum += x;
  return {
    samples: s.length,
    p50: round2(p(0.5)),
    p90: round2(p(0.9)),
    p99: round2(p(0.99)),
    p999: round2(p(0.999)),
    mean: round2(sum / s.length),
    min: round2(s[0]),
    max: round2(s[s.length - 1]),
  };
}

/** Nest logger that counts warnings and errors and prints only the first few. */
class CountingLogger extends ConsoleLogger {
  warnings = 0;
  errors = 0;
  override warn(message: unknown, ...optionalParams: unknown[]): void {
    this.warnings += 1;
    if (this.warnings <= 5) super.warn(message, ...optionalParams);
    else if (this.warnings === 6) super.warn('further warnings counted, not printed');
  }
  override error(message: unknown, ...optionalParams: unknown[]): void {
    this.errors += 1;
    if (this.errors <= 5) super.error(message, ...optionalParams);
    else if (this.errors === 6) super.error('further errors counted, not printed');
  }
}

function version(bin: string, args: string[]): string {
  try {
    return execFileSync(bin, args, { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** Sampling interval of the event-loop monitors: a sample is the time between two such timer callbacks. */
const ELD_RESOLUTION_MS = 5;

/** Event-loop delay beyond the sampling interval (a sample minus ELD_RESOLUTION_MS, at least 0), in ms. */
function eventLoopStats(h: IntervalHistogram) {
  const ms = (ns: number) => round2(Math.max(0, ns / 1e6 - ELD_RESOLUTION_MS));
  return { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), mean: ms(h.mean) };
}
type EventLoopStats = ReturnType<typeof eventLoopStats>;

const LAG_TICK_MS = 10;

/** The node-postgres pool behind the app's TypeORM `DataSource`. */
interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}
const poolOf = (app: INestApplication) => (app.get(DataSource).driver as unknown as { master: PgPool }).master;

/**
 * Per second since `origin` (wall-clock ms, the same clock in both processes): the largest event-loop stall (how
 * late a 10 ms timer fired) and the most queries waiting for one of the app's 10 database connections. Shows
 * whether stalls and pool queues line up with latency spikes, and across processes.
 */
class LoopProbe {
  private readonly lag: number[] = [];
  private readonly poolWaiting: number[] = [];
  private readonly gcMs: number[] = [];
  private readonly gcMajorMs: number[] = [];
  private timer?: NodeJS.Timeout;
  private gc?: PerformanceObserver;

  constructor(private readonly pool: PgPool) {}

  start(origin: number): void {
    clearInterval(this.timer);
    this.gc?.disconnect();
    this.lag.length = 0;
    this.poolWaiting.length = 0;
    this.gcMs.length = 0;
    this.gcMajorMs.length = 0;
    // Garbage-collection pauses, by the second they started in.
    this.gc = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const sec = Math.floor((performance.timeOrigin + e.startTime - origin) / 1000);
        if (sec < 0) continue;
        this.gcMs[sec] = (this.gcMs[sec] ?? 0) + e.duration;
        if ((e as { detail?: { kind?: number } }).detail?.kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR)
          this.gcMajorMs[sec] = (this.gcMajorMs[sec] ?? 0) + e.duration;
      }
    });
    this.gc.observe({ entryTypes: ['gc'] });
    let expected = nowMs() + LAG_TICK_MS;
    this.timer = setInterval(() => {
      const t = nowMs();
      const sec = Math.floor((t - origin) / 1000);
      if (sec >= 0) {
        this.lag[sec] = Math.max(this.lag[sec] ?? 0, t - expected);
        this.poolWaiting[sec] = Math.max(this.poolWaiting[sec] ?? 0, this.pool.waitingCount);
      }
      expected = t + LAG_TICK_MS;
    }, LAG_TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.gc?.disconnect();
  }

  bySecond(): { lagMax: number[]; poolWaitingMax: number[]; gcMs: number[]; gcMajorMs: number[] } {
    return {
      gcMajorMs: Array.from({ length: this.gcMs.length }, (_, i) => round2(this.gcMajorMs[i] ?? 0)),
      lagMax: Array.from(this.lag, (x) => round2(Math.max(0, x ?? 0))),
      poolWaitingMax: Array.from(this.poolWaiting, (x) => x ?? 0),
      gcMs: Array.from(this.gcMs, (x) => round2(x ?? 0)),
    };
  }
}

// ---------------------------------------------------------------------------------------------------------
// CPU accounting from /proc: who used the two cores (this benchmark's processes, and everything else).

const CLK_TCK = Number(version('getconf', ['CLK_TCK'])) || 100;

interface ProcRow {
  ppid: number;
  comm: string;
  ticks: number; // utime + stime
}

interface CpuSnapshot {
  at: number;
  machineBusy: number;
  procs: Map<number, ProcRow>;
}

/** Every process's CPU ticks, and the machine's busy ticks (from /proc/stat). */
function cpuSnapshot(): CpuSnapshot {
  const procs = new Map<number, ProcRow>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = text.lastIndexOf(')');
      const f = text.slice(close + 2).split(' ');
      procs.set(Number(name), {
        ppid: Number(f[1]),
        comm: text.slice(text.indexOf('(') + 1, close),
        ticks: Number(f[11]) + Number(f[12]),
      });
    } catch {
      // exited meanwhile
    }
  }
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return { at: nowMs(), machineBusy: user + nice + system + irq + softirq + (steal || 0), procs };
}

/** This process and its descendants (the API process 2, PostgreSQL, Meilisearch, redis-server). */
function oursIn(procs: Map<number, ProcRow>): Set<number> {
  const children = new Map<number, number[]>();
  for (const [pid, r] of procs) children.set(r.ppid, [...(children.get(r.ppid) ?? []), pid]);
  const ours = new Set<number>();
  const walk = (pid: number) => {
    ours.add(pid);
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(process.pid);
  return ours;
}

/**
 * CPU used between two snapshots, in cores (1.0 = one core busy all the time): the machine, these processes by
 * kind, and other processes by name. A process that started in between counts whole; one that ended is missed.
 */
function cpuBetween(a: CpuSnapshot, b: CpuSnapshot, labels: Map<number, string>) {
  const seconds = (b.at - a.at) / 1000;
  const cores = (ticks: number) => round2(ticks / CLK_TCK / seconds);
  const ourPids = oursIn(b.procs);
  const byKind: Record<string, number> = {};
  const byOther: Record<string, number> = {};
  let ours = 0;
  for (const [pid, r] of b.procs) {
    const d = r.ticks - (a.procs.get(pid)?.ticks ?? 0);
    if (d <= 0) continue;
    if (ourPids.has(pid)) {
      ours += d;
      const kind = labels.get(pid) ?? r.comm;
      byKind[kind] = (byKind[kind] ?? 0) + d;
    } else byOther[r.comm] = (byOther[r.comm] ?? 0) + d;
  }
  const machineBusy = b.machineBusy - a.machineBusy;
  const sorted = (x: Record<string, number>, min: number) =>
    Object.fromEntries(
      Object.entries(x)
        .sort((p, q) => q[1] - p[1])
        .map(([k, v]) => [k, cores(v)] as const)
        .filter(([, v]) => v >= min),
    );
  return {
    windowS: round2(seconds),
    machineBusyCores: cores(machineBusy),
    oursCores: cores(ours),
    otherProcessesCores: cores(Math.max(0, machineBusy - ours)),
    byProcessCores: sorted(byKind, 0),
    otherProcessesByNameCores: sorted(byOther, 0.01),
  };
}

/**
 * The machine is shared: before starting anything, wait (up to `maxS`) for a 3-second window in which other
 * processes use less than QUIET_OTHERS_CORES, so that a run does not start in the middle of someone else's build.
 */
async function waitForQuietMachine(maxS: number): Promise<{ waitedS: number; otherCores: number; quiet: boolean }> {
  const t0 = nowMs();
  for (;;) {
    const a = cpuSnapshot();
    await sleep(3000);
    const other = cpuBetween(a, cpuSnapshot(), new Map());
    const waitedS = round2((nowMs() - t0) / 1000);
    if (other.otherProcessesCores < QUIET_OTHERS_CORES)
      return { waitedS, otherCores: other.otherProcessesCores, quiet: true };
    if (waitedS >= maxS) return { waitedS, otherCores: other.otherProcessesCores, quiet: false };
    log(
      `other processes use ${other.otherProcessesCores} cores (${Object.entries(other.otherProcessesByNameCores)
        .slice(0, 3)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}): waiting for a quieter moment …`,
    );
  }
}

/**
 * Samples `pg_stat_activity` every 100 ms: where the app's database sessions are (running, waiting for the WAL
 * flush of a commit, for a row lock, idle in a transaction waiting for the app, idle in the pool). The averages
 * are numbers of sessions.
 */
class WaitSampler {
  private samples = 0;
  private readonly counts = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(private readonly pg: Client) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.busy) return;
      this.busy = true;
      this.pg
        .query(
          `SELECT state || coalesce(' / ' || wait_event_type || ':' || wait_event, ' / running') AS w, count(*)::int AS n
           FROM pg_stat_activity
           WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND datname = current_database()
           GROUP BY 1`,
        )
        .then((r) => {
          this.samples += 1;
          for (const row of r.rows as { w: string; n: number }[])
            this.counts.set(row.w, (this.counts.get(row.w) ?? 0) + row.n);
        })
        .catch(() => undefined)
        .finally(() => (this.busy = false));
    }, 100);
  }

  stop(): { samples: number; averageSessions: Record<string, number> } {
    clearInterval(this.timer);
    return {
      samples: this.samples,
      averageSessions: Object.fromEntries(
        [...this.counts.entries()]
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => [k, Math.round((v / Math.max(1, this.samples)) * 1000) / 1000]),
      ),
    };
  }
}

// ---------------------------------------------------------------------------------------------------------
// The API processes. Both use the same explicit configuration (and token secret) on the same services.

const appConfig = (jwtSecret: string) =>
  loadConfig({
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    MEILI_INDEX_PREFIX: 'benchneg_',
    QUEUE_PREFIX: 'benchneg',
    JWT_SECRET: jwtSecret,
  });

interface ChildInit {
  endpoints: ServiceEndpoints;
  jwtSecret: string;
}
type ToChild =
  { type: 'timeline-start'; origin: number } | { type: 'window-start' } | { type: 'stats' } | { type: 'stop' };
interface ChildStats {
  type: 'stats';
  eventLoop: EventLoopStats;
  cpuUserMs: number;
  cpuSystemMs: number;
  sockets: number;
  warnings: number;
  errors: number;
  bySecond: { lagMax: number[]; poolWaitingMax: number[]; gcMs: number[]; gcMajorMs: number[] };
}
type FromChild = { type: 'ready'; url: string } | { type: 'failed'; error: string } | ChildStats;

/** The second API process: boots the app, listens on a free port, answers stats requests, stops on request. */
async function apiChild(): Promise<void> {
  const init = JSON.parse(process.env[CHILD_ENV] as string) as ChildInit;
  const send = (m: FromChild) => process.send?.(m);
  const logger = new CountingLogger({ logLevels: ['error', 'warn'] });
  const eld = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });
  let app: INestApplication | undefined;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app?.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('disconnect', () => void stop()); // the parent went away
  try {
    app = await createApplication(appConfig(init.jwtSecret), init.endpoints, logger);
    await app.listen(0, '127.0.0.1');
    const gateway = app.get(NegotiationsGateway);
    let cpu0 = process.cpuUsage();
    const probe = new LoopProbe(poolOf(app));
    eld.enable();
    process.on('message', (m: ToChild) => {
      if (m.type === 'timeline-start') probe.start(m.origin);
      else if (m.type === 'window-start') {
        eld.reset();
        cpu0 = process.cpuUsage();
      } else if (m.type === 'stats') {
        const cpu = process.cpuUsage(cpu0);
        send({
          type: 'stats',
          eventLoop: eventLoopStats(eld),
          cpuUserMs: round2(cpu.user / 1000),
          cpuSystemMs: round2(cpu.system / 1000),
          sockets: gateway.server.sockets.size,
          warnings: logger.warnings,
          errors: logger.errors,
          bySecond: probe.bySecond(),
        });
      } else if (m.type === 'stop') void stop();
    });
    send({ type: 'ready', url: await app.getUrl() });
  } catch (e) {
    send({ type: 'failed', error: (e as Error).stack ?? String(e) });
    await stop();
  }
}

function forkApi(init: ChildInit): { child: ChildProcess; ready: Promise<string> } {
  const child = fork(__filename, [], {
    execArgv: process.execArgv, // -r ts-node/register -r tsconfig-paths/register
    env: { ...process.env, [CHILD_ENV]: JSON.stringify(init) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = new Promise<string>((res, rej) => {
    child.on('message', (m: FromChild) => {
      if (m.type === 'ready') res(m.url);
      else if (m.type === 'failed') rej(new Error(`second API process failed: ${m.error}`));
    });
    child.once('exit', (code) => rej(new Error(`second API process exited (${code}) before it was ready`)));
  });
  return { child, ready };
}

function childStats(child: ChildProcess): Promise<ChildStats> {
  return new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error('no stats from the second API process')), 10_000);
    const on = (m: FromChild) => {
      if (m.type !== 'stats') return;
      clearTimeout(timer);
      child.off('message', on);
      res(m);
    };
    child.on('message', on);
    child.send({ type: 'stats' } satisfies ToChild);
  });
}

async function stopChild(child: ChildProcess): Promise<'exited' | 'killed'> {
  if (child.exitCode !== null || child.signalCode !== null) return 'exited';
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  if (child.connected) child.send({ type: 'stop' } satisfies ToChild);
  else child.kill('SIGTERM');
  const outcome = await Promise.race([exited.then(() => 'exited' as const), sleep(20_000).then(() => 'late' as const)]);
  if (outcome === 'exited') return 'exited';
  child.kill('SIGKILL');
  await exited;
  return 'killed';
}

// ---------------------------------------------------------------------------------------------------------
// Rooms, created in SQL: per room one poster enterprise and one applicant institute (verified, synthetic names),
// PER_ROOM/2 users in each, a published challenge, a recommended application and its negotiation.

interface Room {
  negotiationId: string;
  userIds: string[]; // PER_ROOM users: the first half poster users, the second half applicant users
}

async function createRooms(pg: Client): Promise<Room[]> {
  const perSide = Math.ceil(PER_ROOM / 2);
  const rooms: Room[] = [];
  await pg.query('BEGIN');
  for (let r = 1; r <= ROOMS; r++) {
    const n = String(r).padStart(3, '0');
    const [poster] = (
      await pg.query(
        `INSERT INTO organization (name, type, region_code, verified, fields, main_business)
         VALUES ($1, 'enterprise', '150203', true, ARRAY['hydrogen'], '氢能装备制造') RETURNING id, name`,
        [`合成洽谈发榜企业${n}`],
      )
    ).rows;
    const [applicant] = (
      await pg.query(
        `INSERT INTO organization (name, type, region_code, verified, fields, main_business)
         VALUES ($1, 'research_institute', '150105', true, ARRAY['hydrogen'], '碱性电解槽研发') RETURNING id`,
        [`合成洽谈揭榜院所${n}`],
      )
    ).rows;
    const users = async (org: string, role: string, tag: string, count: number) =>
      (
        await pg.query(
          `INSERT INTO app_user (username, password_hash, display_name, role, org_id)
           SELECT 'bench.neg.' || $1 || '.' || $2 || i, '!', '合成' || $3 || $1 || '-' || i, $4, $5
           FROM generate_series(1, $6) i ORDER BY i RETURNING id`,
          [n, tag, tag === 'p' ? '发榜用户' : '揭榜用户', role, org, count],
        )
      ).rows.map((u: { id: string }) => u.id);
    const posterUsers = await users(poster.id, 'enterprise', 'p', perSide);
    const applicantUsers = await users(applicant.id, 'institute', 'a', PER_ROOM - perSide);
    const [listing] = (
      await pg.query(
        `INSERT INTO listing (kind, field, title, status, poster_org_id, poster_name, published_at)
         VALUES ('challenge', 'hydrogen', $1, 'published', $2, $3, now()) RETURNING id`,
        [`合成洽谈榜单${n}:碱性电解槽关键技术攻关`, poster.id, poster.name],
      )
    ).rows;
    const [application] = (
      await pg.query(
        `INSERT INTO application (listing_id, applicant_org_id, status, plan, team, budget_fen, created_by)
         VALUES ($1, $2, 'recommended', '合成实施方案', '合成团队', 300000000, $3) RETURNING id`,
        [listing.id, applicant.id, applicantUsers[0]],
      )
    ).rows;
    const [negotiation] = (
      await pg.query(`INSERT INTO negotiation (application_id) VALUES ($1) RETURNING id`, [application.id])
    ).rows;
    rooms.push({ negotiationId: negotiation.id, userIds: [...posterUsers, ...applicantUsers] });
  }
  await pg.query('COMMIT');
  return rooms;
}

// ---------------------------------------------------------------------------------------------------------
// Clients

interface Member {
  idx: number;
  room: number;
  slot: number; // position in the room
  userId: string;
  token: string;
  server: 1 | 2;
  socket?: Socket;
  connectMs?: number;
  connectError?: string;
  joinMs?: number;
  joinError?: string;
  disconnectedAt?: number;
  disconnectReason?: string;
  seen: Set<string>; // message ids received
  lastSeq: number;
  outOfOrder: number;
  duplicates: number;
}

interface Sent {
  n: number;
  key: string;
  sender: number;
  room: number;
  t0: number;
  scheduledAt: number;
  measured: boolean;
  ackMs?: number;
  ok?: boolean;
  code?: string;
  id?: string;
  seq?: number;
  body: string;
  receivers: Set<number>;
  echoed: boolean;
  /** The id of the message as the members received it. */
  deliveredId?: string;
  /** Acked only when retried with the same key after the first ack timed out. */
  retried?: boolean;
}

function connectOne(m: Member, url: string): Promise<void> {
  const t0 = nowMs();
  const s = io(`${url}/negotiations`, {
    auth: { token: m.token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: CONNECT_TIMEOUT_MS,
  });
  return new Promise((res) => {
    s.once('connect', () => {
      m.socket = s;
      m.connectMs = nowMs() - t0;
      m.connectError = undefined;
      s.on('disconnect', (reason) => {
        m.disconnectedAt ??= nowMs();
        m.disconnectReason ??= reason;
      });
      res();
    });
    s.once('connect_error', (e) => {
      m.connectError = e.message;
      s.close();
      res();
    });
  });
}

async function inBatches<T>(items: T[], batch: number, fn: (x: T) => Promise<void>): Promise<number> {
  let batches = 0;
  for (let i = 0; i < items.length; i += batch) {
    await Promise.all(items.slice(i, i + batch).map(fn));
    batches += 1;
  }
  return batches;
}

function ack<T>(s: Socket, event: string, payload: object, timeoutMs: number): Promise<Ack<T>> {
  return new Promise((res) =>
    s
      .timeout(timeoutMs)
      .emit(event, payload, (err: Error | null, r: Ack<T>) =>
        res(err ? { ok: false, code: 'ACK_TIMEOUT', message: err.message } : r),
      ),
  );
}

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const startedAt = new Date();
  const loadAtStart = loadavg().map(round2);
  const jwtSecret = randomBytes(48).toString('base64url');
  let services: TestServices | undefined;
  let app: INestApplication | undefined;
  let pg: Client | undefined;
  let child: ChildProcess | undefined;
  let childOutcome: 'exited' | 'killed' | 'not started' = 'not started';
  const members: Member[] = [];
  let servicePids: number[] = [];
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    servicePids = [...new Set([...servicePids, ...descendants(process.pid)])];
    for (const m of members) m.socket?.disconnect();
    await pg?.end().catch(() => undefined);
    if (child) childOutcome = await stopChild(child).catch(() => 'killed' as const);
    await app?.close().catch(() => undefined);
    await services?.stop().catch(() => undefined);
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      log(`${sig}: stopping services`);
      void cleanup().finally(() => process.exit(130));
    });
  }

  try {
    const perSocketPerWindow = (RATE / SOCKETS) * (RATE_LIMIT.perMs / 1000);
    if (perSocketPerWindow > RATE_LIMIT.burst / 2)
      throw new Error(
        `BENCH_RATE ${RATE}/s over ${SOCKETS} sockets is ${perSocketPerWindow} messages per socket per ` +
          `${RATE_LIMIT.perMs} ms: keep it under half the gateway's limit (${RATE_LIMIT.burst})`,
      );
    log(
      `${ROOMS} rooms × ${PER_ROOM} sockets, ${RATE} messages/s for ${WARMUP_S} s warm-up + ${DURATION_S} s, ` +
        `${SECOND_API ? 'two API processes' : 'one API process'}`,
    );
    const quietBeforeStart = await waitForQuietMachine(QUIET_WAIT_S);
    log(`other processes at start: ${quietBeforeStart.otherCores} cores (waited ${quietBeforeStart.waitedS} s)`);
    let t0 = nowMs();
    services = await startTestServices();
    const servicesStartMs = nowMs() - t0;
    servicePids = descendants(process.pid);
    log(`services up in ${round2(servicesStartMs)} ms`);

    const endpoints: ServiceEndpoints = {
      databaseUrl: services.databaseUrl,
      databaseMode: 'external',
      meiliUrl: services.meiliUrl,
      meiliApiKey: services.meiliApiKey || undefined,
      meiliMode: 'external',
      redisUrl: services.redisUrl,
    };
    t0 = nowMs();
    const logger = new CountingLogger({ logLevels: ['error', 'warn'] });
    app = await createApplication(appConfig(jwtSecret), endpoints, logger);
    await app.listen(0, '127.0.0.1');
    const url1 = await app.getUrl();
    const appCreateMs = nowMs() - t0;
    log(`API process 1 (this process) listening on ${url1} after ${round2(appCreateMs)} ms`);

    let url2 = url1;
    let secondApiStartMs = 0;
    if (SECOND_API) {
      t0 = nowMs();
      const forked = forkApi({ endpoints, jwtSecret });
      child = forked.child;
      url2 = await forked.ready;
      secondApiStartMs = nowMs() - t0;
      log(`API process 2 (pid ${child.pid}) listening on ${url2} after ${round2(secondApiStartMs)} ms`);
    }

    pg = new Client({ connectionString: services.databaseUrl });
    await pg.connect();
    t0 = nowMs();
    const rooms = await createRooms(pg);
    const jwt = app.get(JwtService);
    for (const [r, room] of rooms.entries()) {
      for (const [slot, userId] of room.userIds.entries()) {
        members.push({
          idx: members.length,
          room: r,
          slot,
          userId,
          token: await jwt.signAsync({ sub: userId }),
          // Alternate: each room has poster and applicant users on both processes.
          server: SECOND_API && slot % 2 === 1 ? 2 : 1,
          seen: new Set(),
          lastSeq: 0,
          outOfOrder: 0,
          duplicates: 0,
        });
      }
    }
    const dataMs = nowMs() - t0;
    log(`${rooms.length} rooms, ${members.length} users and tokens in ${round2(dataMs)} ms`);

    // Connect.
    const urlOf = (m: Member) => (m.server === 1 ? url1 : url2);
    t0 = nowMs();
    const connectBatches = await inBatches(members, CONNECT_BATCH, (m) => connectOne(m, urlOf(m)));
    const firstPassFailures = members.filter((m) => !m.socket);
    const firstPassErrors: Record<string, number> = {};
    for (const m of firstPassFailures)
      firstPassErrors[m.connectError ?? 'unknown'] = (firstPassErrors[m.connectError ?? 'unknown'] ?? 0) + 1;
    let retryBatches = 0;
    if (firstPassFailures.length) {
      log(`${firstPassFailures.length} sockets failed to connect at once: retrying ${RETRY_BATCH} at a time`);
      retryBatches = await inBatches(firstPassFailures, RETRY_BATCH, (m) => connectOne(m, urlOf(m)));
    }
    const connectTotalMs = nowMs() - t0;
    const connected = members.filter((m) => m.socket);
    log(`${connected.length}/${members.length} sockets connected in ${round2(connectTotalMs)} ms`);
    if (connected.length !== members.length) throw new Error(`only ${connected.length} sockets connected`);

    // Listen, then join.
    const sentByKey = new Map<string, Sent>();
    let sendStart = 0;
    let foreignMessages = 0;
    let unknownKeys = 0;
    let sameKeyDifferentIds = 0;
    const deliveryMeasured: number[] = [];
    const deliveryAll: number[] = [];
    const deliveryByPath: Record<string, number[]> = {};
    const echoMeasured: number[] = [];
    for (const m of members) {
      m.socket?.on('message', (msg: MessageDto) => {
        const t = nowMs();
        if (m.seen.has(msg.id)) {
          m.duplicates += 1;
          return;
        }
        m.seen.add(msg.id);
        if (msg.seq <= m.lastSeq) m.outOfOrder += 1;
        m.lastSeq = Math.max(m.lastSeq, msg.seq);
        const match = BODY_RE.exec(msg.body);
        if (!match) {
          foreignMessages += 1;
          return;
        }
        const rec = sentByKey.get(match[1]);
        if (!rec) {
          unknownKeys += 1;
          return;
        }
        const latency = t - Number(match[2]);
        if (rec.deliveredId !== undefined && rec.deliveredId !== msg.id) sameKeyDifferentIds += 1;
        rec.deliveredId ??= msg.id;
        if (rec.sender === m.idx) {
          rec.echoed = true;
          if (rec.measured) echoMeasured.push(latency);
          return;
        }
        rec.receivers.add(m.idx);
        deliveryAll.push(latency);
        (deliveryBySecond[Math.floor((rec.t0 - sendStart) / 1000)] ??= []).push(latency);
        if (rec.measured) {
          deliveryMeasured.push(latency);
          const path = `api${members[rec.sender].server} → api${m.server}`;
          (deliveryByPath[path] ??= []).push(latency);
        }
      });
    }
    t0 = nowMs();
    const joinErrors: Record<string, number> = {};
    const joinBatches = await inBatches(members, JOIN_BATCH, async (m) => {
      const tj = nowMs();
      const r = await ack<JoinResult>(
        m.socket as Socket,
        'room:join',
        { negotiationId: rooms[m.room].negotiationId, lastSeq: 0 },
        30_000,
      );
      m.joinMs = nowMs() - tj;
      if (!r.ok) {
        m.joinError = r.code;
        joinErrors[r.code] = (joinErrors[r.code] ?? 0) + 1;
      }
    });
    const joinTotalMs = nowMs() - t0;
    const joined = members.filter((m) => m.joinMs !== undefined && !m.joinError).length;
    log(`${joined}/${members.length} sockets joined in ${round2(joinTotalMs)} ms`);
    if (joined !== members.length) throw new Error(`only ${joined} sockets joined: ${JSON.stringify(joinErrors)}`);
    await sleep(1000); // let the presence broadcasts of the joins settle

    // Send: message n at start + n / RATE, from the n-th socket of an order that interleaves the rooms, so each
    // socket sends once every SOCKETS / RATE seconds.
    const order = Array.from(
      { length: SOCKETS },
      (_, j) => (j % ROOMS) * PER_ROOM + (Math.floor(j / ROOMS) % PER_ROOM),
    );
    const total = Math.round(RATE * (WARMUP_S + DURATION_S));
    const warmupCount = Math.round(RATE * WARMUP_S);
    const ackMeasured: number[] = [];
    const ackAll: number[] = [];
    const sendErrors: Record<string, number> = {};
    const scheduleLag: number[] = [];
    let acksPending = 0;
    const eld = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });
    eld.enable();
    const labels = new Map<number, string>([[process.pid, API1_LABEL]]);
    if (child?.pid) labels.set(child.pid, API2_LABEL);
    let cpuAtWindowStart: CpuSnapshot | undefined;
    let cpuCpu0 = process.cpuUsage();
    const probe = new LoopProbe(poolOf(app));
    // Per second of sending (by send time): deliveries, and the CPU of the machine and of these processes.
    const deliveryBySecond: number[][] = [];
    const cpuBySecond: ReturnType<typeof cpuBetween>[] = [];

    const sendOne = (n: number, scheduledAt: number) => {
      const sender = members[order[n % SOCKETS]];
      const key = randomUUID();
      const t = nowMs();
      scheduleLag.push(t - scheduledAt);
      const body = `合成洽谈消息 #${n} key=${key} t=${t.toFixed(3)}`;
      const rec: Sent = {
        n,
        key,
        body,
        sender: sender.idx,
        room: sender.room,
        t0: t,
        scheduledAt,
        measured: n >= warmupCount,
        receivers: new Set(),
        echoed: false,
      };
      sentByKey.set(key, rec);
      acksPending += 1;
      void ack<SendResult>(
        sender.socket as Socket,
        'message:send',
        {
          negotiationId: rooms[sender.room].negotiationId,
          idempotencyKey: key,
          body,
        },
        ACK_TIMEOUT_MS,
      ).then((r) => {
        acksPending -= 1;
        rec.ackMs = nowMs() - rec.t0;
        rec.ok = r.ok;
        if (r.ok) {
          rec.id = r.id;
          rec.seq = r.seq;
          ackAll.push(rec.ackMs);
          if (rec.measured) ackMeasured.push(rec.ackMs);
        } else {
          rec.code = r.code;
          sendErrors[r.code] = (sendErrors[r.code] ?? 0) + 1;
        }
      });
    };

    log(`sending ${total} messages (${warmupCount} warm-up) …`);
    sendStart = nowMs();
    probe.start(sendStart);
    const waits = new WaitSampler(pg);
    waits.start();
    child?.send({ type: 'timeline-start', origin: sendStart } satisfies ToChild);
    let cpuPrev = cpuSnapshot();
    const cpuTimer = setInterval(() => {
      const cur = cpuSnapshot();
      cpuBySecond.push(cpuBetween(cpuPrev, cur, labels));
      cpuPrev = cur;
    }, 1000);
    let next = 0;
    await new Promise<void>((done) => {
      const tick = () => {
        const elapsed = nowMs() - sendStart;
        const due = Math.min(total, Math.floor((elapsed * RATE) / 1000) + 1);
        while (next < due) {
          if (next === warmupCount) {
            eld.reset();
            cpuCpu0 = process.cpuUsage();
            cpuAtWindowStart = cpuSnapshot();
            child?.send({ type: 'window-start' } satisfies ToChild);
          }
          sendOne(next, sendStart + (next * 1000) / RATE);
          next += 1;
        }
        if (next >= total) done();
        else setTimeout(tick, 1);
      };
      tick();
    });
    clearInterval(cpuTimer);
    const dbSessions = waits.stop();
    const sendPhaseMs = nowMs() - sendStart;
    const measuredSendMs = nowMs() - (cpuAtWindowStart?.at ?? sendStart);
    const cpuAtWindowEnd = cpuSnapshot();
    const mainEventLoop = eventLoopStats(eld);
    const mainCpu = process.cpuUsage(cpuCpu0);
    const loadAtWindowEnd = loadavg().map(round2);
    log(`sent ${total} in ${round2(sendPhaseMs)} ms; draining …`);

    // Drain: every ack back, and every acked message at every member still connected.
    const stillConnected = (m: Member) => m.disconnectedAt === undefined;
    const missing = () => {
      let n = 0;
      for (const rec of sentByKey.values()) {
        if (!rec.ok) continue;
        for (let k = 0; k < PER_ROOM; k++) {
          const idx = rec.room * PER_ROOM + k;
          if (idx !== rec.sender && stillConnected(members[idx]) && !rec.receivers.has(idx)) n += 1;
        }
      }
      return n;
    };
    const drain = async () => {
      const start = nowMs();
      while (nowMs() - start < DRAIN_TIMEOUT_MS && (acksPending > 0 || missing() > 0)) await sleep(50);
      return nowMs() - start;
    };
    const drainMs = await drain();

    // As a real client does, retry every send whose ack timed out, with the same idempotency key: the server
    // must answer with the message it stored (if it did) and neither store nor broadcast it twice.
    const timedOut = [...sentByKey.values()].filter((r) => r.code === 'ACK_TIMEOUT');
    const retryErrors: Record<string, number> = {};
    let retryAcked = 0;
    let retryReturnedTheDeliveredId = 0;
    let retryMs = 0;
    if (timedOut.length) {
      log(`${timedOut.length} acks timed out: retrying them with the same keys …`);
      const tr = nowMs();
      await inBatches(timedOut, RETRY_BATCH, async (rec) => {
        const r = await ack<SendResult>(
          members[rec.sender].socket as Socket,
          'message:send',
          { negotiationId: rooms[rec.room].negotiationId, idempotencyKey: rec.key, body: rec.body },
          30_000,
        );
        if (r.ok) {
          retryAcked += 1;
          Object.assign(rec, { ok: true, id: r.id, seq: r.seq, retried: true });
          if (rec.deliveredId === r.id) retryReturnedTheDeliveredId += 1;
        } else retryErrors[r.code] = (retryErrors[r.code] ?? 0) + 1;
      });
      await drain();
      retryMs = nowMs() - tr;
    }
    probe.stop();
    const main1 = probe.bySecond();

    // Tally.
    const recs = [...sentByKey.values()];
    const acked = recs.filter((r) => r.ok);
    let lostMessages = 0;
    let missingDeliveries = 0;
    let expectedDeliveries = 0;
    let echoMissing = 0;
    for (const rec of acked) {
      let lost = false;
      for (let k = 0; k < PER_ROOM; k++) {
        const idx = rec.room * PER_ROOM + k;
        if (idx === rec.sender || !stillConnected(members[idx])) continue;
        expectedDeliveries += 1;
        if (!rec.receivers.has(idx)) {
          missingDeliveries += 1;
          lost = true;
        }
      }
      if (lost) lostMessages += 1;
      if (stillConnected(members[rec.sender]) && !rec.echoed) echoMissing += 1;
    }
    const receivedNotAcked = recs.filter((r) => !r.ok && r.receivers.size > 0).length;
    const duplicates = members.reduce((a, m) => a + m.duplicates, 0);
    const outOfOrder = members.reduce((a, m) => a + m.outOfOrder, 0);
    const disconnected = members.filter((m) => !stillConnected(m));
    const disconnectReasons: Record<string, number> = {};
    for (const m of disconnected)
      disconnectReasons[m.disconnectReason ?? '?'] = (disconnectReasons[m.disconnectReason ?? '?'] ?? 0) + 1;

    // The database holds exactly the acked messages.
    const ackedIds = acked.map((r) => r.id as string);
    const db = (
      await pg.query(
        `SELECT (SELECT count(*) FROM negotiation_message)::int AS total,
                (SELECT count(*) FROM negotiation_message WHERE id = ANY($1::uuid[]))::int AS acked_present,
                (SELECT count(*) FROM negotiation n WHERE n.last_seq <>
                   (SELECT count(*) FROM negotiation_message m WHERE m.negotiation_id = n.id))::int AS rooms_seq_mismatch,
                (SELECT count(*) FROM (SELECT 1 FROM negotiation_message
                   GROUP BY negotiation_id, seq HAVING count(*) > 1) d)::int AS seq_duplicates`,
        [ackedIds],
      )
    ).rows[0] as { total: number; acked_present: number; rooms_seq_mismatch: number; seq_duplicates: number };
    const dbCheck = {
      rowsInNegotiationMessage: db.total,
      acked: acked.length,
      ackedIdsPresent: db.acked_present,
      roomsWhoseLastSeqDiffersFromTheirRowCount: db.rooms_seq_mismatch,
      duplicateSeqs: db.seq_duplicates,
      equal: db.total === acked.length && db.acked_present === acked.length,
    };
    log(`db: ${JSON.stringify(dbCheck)}`);

    const api2 = child ? await childStats(child) : undefined;
    const seconds = Math.ceil((total * 1000) / RATE / 1000);
    // Seconds of the measured window in which, and in the second before which, other processes on the machine
    // used less than QUIET_OTHERS_CORES: the latency this machine gives when the benchmark has it to itself.
    const othersAt = (sec: number) => cpuBySecond[sec]?.otherProcessesCores ?? Infinity;
    const quietSeconds = Array.from({ length: seconds }, (_, sec) => sec).filter(
      (sec) => sec >= WARMUP_S && othersAt(sec) < QUIET_OTHERS_CORES && othersAt(sec - 1) < QUIET_OTHERS_CORES,
    );
    const deliveryQuiet = quietSeconds.flatMap((sec) => deliveryBySecond[sec] ?? []);
    const timeline = Array.from({ length: seconds }, (_, sec) => {
      const inSec = recs.filter((r) => Math.floor((r.t0 - sendStart) / 1000) === sec);
      const acks = stats(inSec.filter((r) => r.ok).map((r) => r.ackMs as number));
      const del = stats(deliveryBySecond[sec] ?? []);
      return {
        second: sec,
        warmup: sec < WARMUP_S,
        sent: inSec.length,
        ackP50: acks.p50,
        ackP99: acks.p99,
        ackMax: acks.max,
        deliveryP50: del.p50,
        deliveryP99: del.p99,
        deliveryMax: del.max,
        lagMaxApi1AndClients: main1.lagMax[sec] ?? 0,
        lagMaxApi2: api2?.bySecond.lagMax[sec] ?? null,
        poolWaitingMaxApi1: main1.poolWaitingMax[sec] ?? 0,
        poolWaitingMaxApi2: api2?.bySecond.poolWaitingMax[sec] ?? null,
        gcMsApi1AndClients: main1.gcMs[sec] ?? 0,
        gcMsApi2: api2?.bySecond.gcMs[sec] ?? null,
        gcMajorMsApi1AndClients: main1.gcMajorMs[sec] ?? 0,
        gcMajorMsApi2: api2?.bySecond.gcMajorMs[sec] ?? null,
        cpuOursByProcess: cpuBySecond[sec]?.byProcessCores ?? null,
        cpuMachineCores: cpuBySecond[sec]?.machineBusyCores ?? null,
        cpuOursCores: cpuBySecond[sec]?.oursCores ?? null,
        cpuOthersTop: Object.entries(cpuBySecond[sec]?.otherProcessesByNameCores ?? {})
          .slice(0, 3)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
      };
    });
    const gateway1 = app.get(NegotiationsGateway);
    const serverSocketsBeforeClose = { api1: gateway1.server.sockets.size, api2: api2?.sockets ?? 0 };

    // Close every socket and wait until both servers see them gone.
    t0 = nowMs();
    for (const m of members) m.socket?.disconnect();
    let serverSocketsAfterClose = { api1: -1, api2: -1 };
    while (nowMs() - t0 < 15_000) {
      serverSocketsAfterClose = {
        api1: gateway1.server.sockets.size,
        api2: child ? (await childStats(child)).sockets : 0,
      };
      if (!serverSocketsAfterClose.api1 && !serverSocketsAfterClose.api2) break;
      await sleep(200);
    }
    const clientsStillConnected = members.filter((m) => m.socket?.connected).length;
    const closeMs = nowMs() - t0;
    log(`sockets closed in ${round2(closeMs)} ms: ${JSON.stringify(serverSocketsAfterClose)} left on the servers`);

    const pgVersion = (await pg.query(`SELECT current_setting('server_version') AS v`)).rows[0].v as string;
    const deliveryStats = stats(deliveryMeasured);
    const result = {
      benchmark: 'negotiation',
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      git: {
        head: git(['rev-parse', '--short', 'HEAD']),
        uncommitted: git(['status', '--porcelain', '--', 'apps/api/src', 'libs']).split('\n').filter(Boolean),
      },
      machine: {
        nproc: Number(version('nproc', [])),
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryGiB: round2(totalmem() / 2 ** 30),
        loadAverageAtStart: loadAtStart,
        otherProcessesBeforeStart: quietBeforeStart,
        loadAverageAtEndOfSending: loadAtWindowEnd,
        loadAverageAtEnd: loadavg().map(round2),
        node: process.version,
        postgres: pgVersion,
        redis: version('redis-server', ['--version']),
        socketIo: JSON.parse(readFileSync(require.resolve('socket.io/package.json'), 'utf8')).version as string,
        socketIoClient: JSON.parse(readFileSync(require.resolve('socket.io-client/package.json'), 'utf8'))
          .version as string,
        redisAdapter: JSON.parse(readFileSync(require.resolve('@socket.io/redis-adapter/package.json'), 'utf8'))
          .version as string,
      },
      parameters: {
        rooms: ROOMS,
        socketsPerRoom: PER_ROOM,
        sockets: SOCKETS,
        usersPerRoom: `${Math.ceil(PER_ROOM / 2)} poster + ${PER_ROOM - Math.ceil(PER_ROOM / 2)} applicant (one socket each)`,
        ratePerSecond: RATE,
        warmupS: WARMUP_S,
        measuredS: DURATION_S,
        messagesPerSocketPerSecond: round2(RATE / SOCKETS),
        gatewayRateLimit: RATE_LIMIT,
        openLoop: true,
        ackTimeoutMs: ACK_TIMEOUT_MS,
        redisAdapter: true,
        secondApiProcess: SECOND_API,
        socketsPerApiProcess: {
          api1: members.filter((m) => m.server === 1).length,
          api2: members.filter((m) => m.server === 2).length,
        },
        clientsRunIn: 'the benchmark process, which is also API process 1',
        connectBatch: CONNECT_BATCH,
        joinBatch: JOIN_BATCH,
      },
      setup: {
        servicesStartMs: round2(servicesStartMs),
        api1CreateAndListenMs: round2(appCreateMs),
        api2StartMs: round2(secondApiStartMs),
        roomsUsersTokensMs: round2(dataMs),
      },
      connect: {
        totalMs: round2(connectTotalMs),
        batches: connectBatches,
        batchSize: CONNECT_BATCH,
        firstPassFailures: firstPassFailures.length,
        firstPassErrors,
        retryBatches,
        retryBatchSize: RETRY_BATCH,
        connected: connected.length,
        perSocketMs: stats(members.map((m) => m.connectMs ?? NaN).filter(Number.isFinite)),
      },
      join: {
        totalMs: round2(joinTotalMs),
        batches: joinBatches,
        batchSize: JOIN_BATCH,
        joined,
        errors: joinErrors,
        perSocketMs: stats(members.map((m) => m.joinMs ?? NaN).filter(Number.isFinite)),
      },
      send: {
        messages: total,
        warmupMessages: warmupCount,
        sendPhaseMs: round2(sendPhaseMs),
        achievedRatePerSecond: round2((total * 1000) / sendPhaseMs),
        measuredWindowMs: round2(measuredSendMs),
        scheduleLagMs: stats(scheduleLag),
        drainMs: round2(drainMs),
      },
      latency: {
        ackMs: stats(ackMeasured),
        deliveryMs: deliveryStats,
        deliveryByPathMs: Object.fromEntries(
          Object.entries(deliveryByPath)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, v]) => [k, stats(v)]),
        ),
        echoToSenderMs: stats(echoMeasured),
        quietSeconds: {
          description:
            `messages sent in measured seconds in which, and in the second before which, other processes on the ` +
            `machine used < ${QUIET_OTHERS_CORES} cores`,
          seconds: quietSeconds.length,
          deliveryMs: stats(deliveryQuiet),
        },
        includingWarmup: { ackMs: stats(ackAll), deliveryMs: stats(deliveryAll) },
      },
      counts: {
        sent: total,
        acked: acked.length,
        ackedOnFirstAttempt: acked.filter((r) => !r.retried).length,
        refused: recs.filter((r) => r.code !== undefined).length,
        errorsByCode: sendErrors,
        retry: {
          retried: timedOut.length,
          acked: retryAcked,
          returnedTheIdTheMembersReceived: retryReturnedTheDeliveredId,
          errors: retryErrors,
          ms: round2(retryMs),
        },
        sameKeyDeliveredWithDifferentIds: sameKeyDifferentIds,
        expectedDeliveries,
        deliveries: deliveryAll.length,
        lostMessages,
        missingDeliveries,
        duplicates,
        outOfOrderReceipts: outOfOrder,
        echoMissing,
        receivedNotAcked,
        foreignMessages,
        unknownKeys,
        socketsDisconnectedDuringRun: disconnected.length,
        disconnectReasons,
      },
      db: dbCheck,
      timeline,
      databaseSessionsWhileSending: dbSessions,
      processes: {
        cpuDuringMeasuredWindow: cpuAtWindowStart ? cpuBetween(cpuAtWindowStart, cpuAtWindowEnd, labels) : null,
        eventLoopDelayMs: { api1AndClients: mainEventLoop, api2: api2?.eventLoop ?? null },
        nodeCpuMs: {
          api1AndClients: { user: round2(mainCpu.user / 1000), system: round2(mainCpu.system / 1000) },
          api2: api2 ? { user: api2.cpuUserMs, system: api2.cpuSystemMs } : null,
        },
        appWarnings: { api1: logger.warnings, api2: api2?.warnings ?? 0 },
        appErrors: { api1: logger.errors, api2: api2?.errors ?? 0 },
        serverSocketsBeforeClose,
        serverSocketsAfterClose,
        clientsStillConnected,
        closeMs: round2(closeMs),
      },
      target: { deliveryP99Ms: TARGET_DELIVERY_P99_MS, met: deliveryStats.p99 <= TARGET_DELIVERY_P99_MS },
      checks: {
        noLoss: lostMessages === 0,
        noDuplicates: duplicates === 0,
        dbEqualsAcked: dbCheck.equal,
        allAckedInTheEnd: acked.length === total,
        oneIdPerKey: sameKeyDifferentIds === 0,
      },
      secondApiProcessStop: 'not started' as string,
      leftoverProcesses: [] as string[],
    };

    log('stopping API processes and services …');
    await cleanup();
    await sleep(500);
    result.secondApiProcessStop = childOutcome;
    result.leftoverProcesses = alive([...servicePids, ...(child?.pid ? [child.pid] : [])]);

    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, 'negotiation.json'), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(join(RESULTS_DIR, 'negotiation.md'), markdown(result));
    process.stdout.write(`\n${markdown(result)}\n`);
    if (result.leftoverProcesses.length) {
      log(`processes left behind: ${result.leftoverProcesses.join('; ')}`);
      return 1;
    }
    const failed = Object.entries(result.checks).filter(([, ok]) => !ok);
    if (failed.length) {
      log(`checks failed: ${failed.map(([k]) => k).join(', ')}`);
      return 1;
    }
    log(`results in ${RESULTS_DIR}`);
    return 0;
  } catch (e) {
    process.stderr.write(`[bench] failed: ${(e as Error).stack ?? String(e)}\n`);
    await cleanup();
    const left = alive([...servicePids, ...(child?.pid ? [child.pid] : [])]);
    if (left.length) log(`processes left behind: ${left.join('; ')}`);
    return 1;
  }
}

// ---------------------------------------------------------------------------------------------------------

interface Result {
  startedAt: string;
  git: { head: string; uncommitted: string[] };
  machine: {
    nproc: number;
    cpuModel: string;
    node: string;
    postgres: string;
    redis: string;
    socketIo: string;
    loadAverageAtStart: number[];
    otherProcessesBeforeStart: { waitedS: number; otherCores: number; quiet: boolean };
    loadAverageAtEndOfSending: number[];
  };
  parameters: {
    rooms: number;
    socketsPerRoom: number;
    sockets: number;
    ratePerSecond: number;
    warmupS: number;
    measuredS: number;
    messagesPerSocketPerSecond: number;
    secondApiProcess: boolean;
    socketsPerApiProcess: { api1: number; api2: number };
  };
  setup: Record<string, number>;
  connect: {
    totalMs: number;
    batches: number;
    batchSize: number;
    firstPassFailures: number;
    retryBatches: number;
    connected: number;
    perSocketMs: Stats;
  };
  join: { totalMs: number; batches: number; batchSize: number; joined: number; perSocketMs: Stats };
  send: {
    messages: number;
    warmupMessages: number;
    achievedRatePerSecond: number;
    scheduleLagMs: Stats;
    drainMs: number;
  };
  latency: {
    ackMs: Stats;
    deliveryMs: Stats;
    deliveryByPathMs: Record<string, Stats>;
    echoToSenderMs: Stats;
    quietSeconds: { description: string; seconds: number; deliveryMs: Stats };
    includingWarmup: { ackMs: Stats; deliveryMs: Stats };
  };
  counts: {
    sent: number;
    acked: number;
    ackedOnFirstAttempt: number;
    refused: number;
    errorsByCode: Record<string, number>;
    retry: {
      retried: number;
      acked: number;
      returnedTheIdTheMembersReceived: number;
      errors: Record<string, number>;
      ms: number;
    };
    sameKeyDeliveredWithDifferentIds: number;
    expectedDeliveries: number;
    lostMessages: number;
    missingDeliveries: number;
    duplicates: number;
    outOfOrderReceipts: number;
    echoMissing: number;
    receivedNotAcked: number;
    socketsDisconnectedDuringRun: number;
  };
  db: {
    rowsInNegotiationMessage: number;
    acked: number;
    ackedIdsPresent: number;
    roomsWhoseLastSeqDiffersFromTheirRowCount: number;
    duplicateSeqs: number;
    equal: boolean;
  };
  timeline: {
    second: number;
    warmup: boolean;
    sent: number;
    ackP50: number;
    ackP99: number;
    ackMax: number;
    deliveryP50: number;
    deliveryP99: number;
    deliveryMax: number;
    lagMaxApi1AndClients: number;
    lagMaxApi2: number | null;
    poolWaitingMaxApi1: number;
    poolWaitingMaxApi2: number | null;
    gcMsApi1AndClients: number;
    gcMsApi2: number | null;
    gcMajorMsApi1AndClients: number;
    gcMajorMsApi2: number | null;
    cpuOursByProcess: Record<string, number> | null;
    cpuMachineCores: number | null;
    cpuOursCores: number | null;
    cpuOthersTop: string;
  }[];
  databaseSessionsWhileSending: { samples: number; averageSessions: Record<string, number> };
  processes: {
    cpuDuringMeasuredWindow: ReturnType<typeof cpuBetween> | null;
    eventLoopDelayMs: { api1AndClients: EventLoopStats; api2: EventLoopStats | null };
    appWarnings: { api1: number; api2: number };
    appErrors: { api1: number; api2: number };
    serverSocketsAfterClose: { api1: number; api2: number };
    clientsStillConnected: number;
  };
  target: { deliveryP99Ms: number; met: boolean };
  secondApiProcessStop: string;
  leftoverProcesses: string[];
}

function markdown(r: Result): string {
  const row = (name: string, s: Stats) =>
    `| ${name} | ${s.samples} | ${s.p50} | ${s.p90} | ${s.p99} | ${s.p999} | ${s.mean} | ${s.max} |`;
  const head = [
    '| measurement | samples | p50 ms | p90 ms | p99 ms | p99.9 ms | mean ms | max ms |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const p = r.parameters;
  const c = r.counts;
  const cpu = r.processes.cpuDuringMeasuredWindow;
  const el = r.processes.eventLoopDelayMs;
  const errs = Object.entries(c.errorsByCode);
  return [
    '# Negotiation socket benchmark',
    '',
    `Run ${r.startedAt} on ${r.machine.nproc} cores (${r.machine.cpuModel}), Node ${r.machine.node}, PostgreSQL ` +
      `${r.machine.postgres}, ${r.machine.redis.split(' ').slice(0, 3).join(' ')}, socket.io ${r.machine.socketIo}; ` +
      `git ${r.git.head}${r.git.uncommitted.length ? ` + ${r.git.uncommitted.length} uncommitted files in apps/api/src, libs` : ''}. ` +
      `Load average at start ${r.machine.loadAverageAtStart.join(' / ')}, at the end of sending ` +
      `${r.machine.loadAverageAtEndOfSending.join(' / ')}. The machine is shared: other processes used ` +
      `${r.machine.otherProcessesBeforeStart.otherCores} cores just before the start (after waiting ` +
      `${r.machine.otherProcessesBeforeStart.waitedS} s for < ${QUIET_OTHERS_CORES}${r.machine.otherProcessesBeforeStart.quiet ? '' : ', in vain'}).`,
    '',
    `${p.rooms} rooms × ${p.socketsPerRoom} sockets = ${p.sockets} sockets, Redis adapter, ` +
      (p.secondApiProcess
        ? `two API processes (${p.socketsPerApiProcess.api1} sockets on API process 1, ${p.socketsPerApiProcess.api2} on ` +
          `API process 2, both sides of every room on both)`
        : 'one API process') +
      `; the clients run in the benchmark process, which is also API process 1. ` +
      `${p.ratePerSecond} messages/s open loop (${p.messagesPerSocketPerSecond} per socket per second), ` +
      `${p.warmupS} s warm-up + ${p.measuredS} s measured; latencies below are from the measured part.`,
    '',
    '## Latency',
    '',
    ...head,
    row('ack (send → ack, committed)', r.latency.ackMs),
    row('delivery (send → other members)', r.latency.deliveryMs),
    ...Object.entries(r.latency.deliveryByPathMs).map(([k, s]) => row(`delivery ${k}`, s)),
    row('echo to the sender', r.latency.echoToSenderMs),
    row(`delivery in the ${r.latency.quietSeconds.seconds} quiet seconds¹`, r.latency.quietSeconds.deliveryMs),
    row('ack, including warm-up', r.latency.includingWarmup.ackMs),
    row('delivery, including warm-up', r.latency.includingWarmup.deliveryMs),
    row('sender schedule lag', r.send.scheduleLagMs),
    '',
    `**Target: delivery p99 ≤ ${r.target.deliveryP99Ms} ms → ${r.target.met ? 'met' : 'missed'}** ` +
      `(p99 ${r.latency.deliveryMs.p99} ms).`,
    '',
    `¹ ${r.latency.quietSeconds.description} (the machine is shared; see the timeline).`,
    '',
    '## Correctness',
    '',
    '| count | value |',
    '|---|---:|',
    `| sent | ${c.sent} |`,
    `| acked (in the end) | ${c.acked} |`,
    `| acked on the first attempt | ${c.ackedOnFirstAttempt} |`,
    `| refused or timed out on the first attempt | ${c.refused} |`,
    `| errors by code (first attempt) | ${errs.length ? errs.map(([k, v]) => `${k} ${v}`).join(', ') : 'none'} |`,
    `| ack timeouts retried with the same key / acked / answered with the id the members had received | ` +
      `${c.retry.retried} / ${c.retry.acked} / ${c.retry.returnedTheIdTheMembersReceived}` +
      `${Object.keys(c.retry.errors).length ? ` (errors: ${JSON.stringify(c.retry.errors)})` : ''} |`,
    `| one key delivered with two different ids | ${c.sameKeyDeliveredWithDifferentIds} |`,
    `| expected deliveries (acked × other members still connected) | ${c.expectedDeliveries} |`,
    `| lost messages (acked, missing at a member that stayed connected) | ${c.lostMessages} |`,
    `| missing deliveries | ${c.missingDeliveries} |`,
    `| duplicated (one message twice at one socket) | ${c.duplicates} |`,
    `| out-of-order receipts (seq lower than one already seen) | ${c.outOfOrderReceipts} |`,
    `| acked but no echo to the sender | ${c.echoMissing} |`,
    `| received but not acked (in the end) | ${c.receivedNotAcked} |`,
    `| sockets disconnected during the run | ${c.socketsDisconnectedDuringRun} |`,
    `| rows in negotiation_message / acked / acked ids present | ${r.db.rowsInNegotiationMessage} / ${r.db.acked} / ${r.db.ackedIdsPresent} → ${r.db.equal ? 'equal' : '**differ**'} |`,
    `| rooms whose last_seq ≠ their row count; duplicate seqs | ${r.db.roomsWhoseLastSeqDiffersFromTheirRowCount}; ${r.db.duplicateSeqs} |`,
    '',
    '## Connect and join',
    '',
    ...head,
    row('connect (per socket)', r.connect.perSocketMs),
    row('room:join (per socket)', r.join.perSocketMs),
    '',
    `${r.connect.connected} sockets connected in ${r.connect.totalMs} ms ` +
      (r.connect.batches === 1 ? 'all at once' : `in ${r.connect.batches} batches of ${r.connect.batchSize}`) +
      (r.connect.firstPassFailures
        ? ` (${r.connect.firstPassFailures} failed the first pass and were retried in ${r.connect.retryBatches} batches)`
        : ', none failed') +
      `; joined in ${r.join.totalMs} ms (${r.join.batches} batches of ${r.join.batchSize}).`,
    '',
    '## Processes',
    '',
    cpu
      ? `CPU during the measured ${cpu.windowS} s (cores; 2 = both cores busy): machine ${cpu.machineBusyCores}, ` +
        `these processes ${cpu.oursCores}, other processes on the machine ${cpu.otherProcessesCores}. By process: ` +
        `${Object.entries(cpu.byProcessCores)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}. Busiest other processes: ${Object.entries(cpu.otherProcessesByNameCores)
          .slice(0, 5)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}.`
      : '',
    '',
    `Event-loop delay beyond the ${ELD_RESOLUTION_MS} ms sampling timer (p50 / p99 / max ms): API process 1 + clients ${el.api1AndClients.p50} / ${el.api1AndClients.p99} / ` +
      `${el.api1AndClients.max}` +
      (el.api2 ? `; API process 2 ${el.api2.p50} / ${el.api2.p99} / ${el.api2.max}` : '') +
      `. App warnings ${r.processes.appWarnings.api1} + ${r.processes.appWarnings.api2}, errors ` +
      `${r.processes.appErrors.api1} + ${r.processes.appErrors.api2}.`,
    '',
    `Database sessions while sending (average number, from ${r.databaseSessionsWhileSending.samples} samples of ` +
      `pg_stat_activity): ${Object.entries(r.databaseSessionsWhileSending.averageSessions)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}.`,
    '',
    `Every socket closed (server-side sockets left: ${r.processes.serverSocketsAfterClose.api1} + ` +
      `${r.processes.serverSocketsAfterClose.api2}; clients still connected: ${r.processes.clientsStillConnected}); ` +
      `second API process ${r.secondApiProcessStop}; processes left behind: ` +
      `${r.leftoverProcesses.length ? r.leftoverProcesses.join('; ') : 'none'}.`,
    '',
    '## Timeline',
    '',
    'Per second of sending (messages grouped by the second they were sent in; stall = the longest event-loop ' +
      'stall in that second; GC = garbage-collection pauses starting in that second, summed; pool queue = the most ' +
      'queries waiting for one of the 10 database connections of the process; CPU in cores, 2 = both cores busy).',
    '',
    '| s | sent | ack p50 / p99 / max ms | delivery p50 / p99 / max ms | stall ms API 1 + clients / API 2 | GC ms API 1 + clients / API 2 | pool queue max API 1 / API 2 | CPU machine / ours (API 1 + clients, API 2, postgres) | busiest other processes |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...r.timeline.map(
      (t) =>
        `| ${t.second}${t.warmup ? ' (warm-up)' : ''} | ${t.sent} | ${t.ackP50} / ${t.ackP99} / ${t.ackMax} | ` +
        `${t.deliveryP50} / ${t.deliveryP99} / ${t.deliveryMax} | ${t.lagMaxApi1AndClients} / ${t.lagMaxApi2 ?? '–'} | ` +
        `${t.gcMsApi1AndClients}${t.gcMajorMsApi1AndClients ? ` (major ${t.gcMajorMsApi1AndClients})` : ''} / ` +
        `${t.gcMsApi2 ?? '–'}${t.gcMajorMsApi2 ? ` (major ${t.gcMajorMsApi2})` : ''} | ` +
        `${t.poolWaitingMaxApi1} / ${t.poolWaitingMaxApi2 ?? '–'} | ${t.cpuMachineCores ?? '–'} / ${t.cpuOursCores ?? '–'}` +
        (t.cpuOursByProcess
          ? ` (${[API1_LABEL, API2_LABEL, 'postgres'].map((k) => t.cpuOursByProcess?.[k] ?? 0).join(', ')})`
          : '') +
        ` | ` +
        `${t.cpuOthersTop || '–'} |`,
    ),
    '',
    '## Setup (ms)',
    '',
    '| step | ms |',
    '|---|---:|',
    ...Object.entries(r.setup).map(([k, v]) => `| ${k} | ${v} |`),
    '',
  ].join('\n');
}

if (require.main === module) {
  if (process.env[CHILD_ENV]) void apiChild();
  else void main().then((code) => process.exit(code));
}
