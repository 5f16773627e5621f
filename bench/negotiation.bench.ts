/**
 * Negotiation socket benchmark (`npm run bench:negotiation`): 1,000 socket.io clients in 100 negotiation rooms
 * (10 members each) exchanging a steady stream of messages through the real `/negotiations` gateway, with the
 * socket.io Redis adapter and two API processes sharing the rooms.
 *
 * This process is only the coordinator: it starts its own embedded PostgreSQL, Meilisearch and redis-server
 * (`test/setup/services.ts`), forks the two API processes (`negotiation-api.ts`, each the real application with
 * `REDIS_URL`, so the Redis adapter is on) and the client processes (`negotiation-client.ts`, BENCH_CLIENT_PROCESSES,
 * default 2, the rooms split between them), creates the organisations, users, listings, applications and rooms
 * in SQL, has API process 1 sign each user's token with the app's `JwtService`, and drives the phases over IPC:
 * connect (half the sockets of every room on each API process), join, then send at a fixed rate, open loop (a
 * send never waits for an earlier ack), spread over every socket, from a common start time. Each message has a
 * UUID idempotency key and its send time in its body; every member records when it receives it (one clock for
 * all processes, `negotiation-common.ts`). Measures ack latency (send → ack, i.e. committed), delivery latency
 * (send → `message` at each other member), losses (acked but missing at a member that stayed connected),
 * duplicates (one message twice at one socket), errors by code, checks PostgreSQL holds exactly the acked
 * messages, and records per process (API 1, API 2, each client process, the coordinator) the event-loop delay,
 * the longest stalls and the GC pauses. Writes `bench/results/negotiation.{json,md}`, closes every socket, stops
 * every process it started and checks with `ps` that none is left.
 *
 * Knobs (environment): BENCH_ROOMS (100), BENCH_SOCKETS_PER_ROOM (10, half poster users, half applicant
 * users), BENCH_RATE (200 messages/s in total), BENCH_DURATION_S (30, measured), BENCH_WARMUP_S (5, sent and
 * checked like the rest but left out of the latency statistics), BENCH_CONNECT_BATCH (sockets connecting at once
 * per client process; 0 = all), BENCH_JOIN_BATCH (200 per client process), BENCH_SECOND_API (1; 0 = one API
 * process), BENCH_CLIENT_PROCESSES (2), BENCH_ACK_TIMEOUT_MS (10000), BENCH_QUIET_WAIT_S (60: how long to wait at
 * most for other processes to leave the machine mostly idle), BENCH_CPU_PROF (a directory: the API processes run
 * with `--cpu-prof` and write their profiles there).
 */
import 'reflect-metadata';
import { alive, descendants, git, log } from './common';
import { ChildProcess, execFileSync, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { RATE_LIMIT } from '../apps/api/src/negotiations/negotiations.gateway';
import type { ServiceEndpoints } from '../apps/api/src/runtime/runtime';
import { startTestServices, TestServices } from '../test/setup/services';
import { API_ENV, ApiInit, FromApi, ToApi } from './negotiation-api';
import { CLIENT_ENV, ClientReport, FromClient, MemberInit, ToClient } from './negotiation-client';
import {
  ACK_TIMEOUT_MS,
  CLIENT_PROCESSES,
  clientOf,
  CONNECT_BATCH,
  CPU_PROF_DIR,
  DURATION_S,
  ELD_RESOLUTION_MS,
  JOIN_BATCH,
  LoopProbe,
  nowMs,
  PER_ROOM,
  ProcessProbe,
  QUIET_WAIT_S,
  RATE,
  RETRY_BATCH,
  ROOMS,
  round2,
  SECOND_API,
  serverOf,
  sleep,
  SOCKETS,
  Stats,
  stats,
  TOTAL,
  WARMUP_COUNT,
  WARMUP_S,
} from './negotiation-common';

const RESULTS_DIR = resolve(__dirname, 'results');
const TARGET_DELIVERY_P99_MS = 50;
/** "Quiet" seconds: other processes on the machine used less than this many cores (see `latency.quietSeconds`). */
const QUIET_OTHERS_CORES = 0.25;
const COORDINATOR_LABEL = 'node: coordinator';
const apiLabel = (k: number) => `node: API process ${k}`;
const clientLabel = (k: number) => `node: client process ${k + 1}`;

function version(bin: string, args: string[]): string {
  try {
    return execFileSync(bin, args, { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
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
// Child processes: API processes and client processes, driven over IPC.

/** Forks `file` (TypeScript, with this process's `-r ts-node/register …`), with `env` added. */
function forkChild(file: string, env: Record<string, string>, extraExecArgv: string[] = []): ChildProcess {
  return fork(resolve(__dirname, file), [], {
    execArgv: [...process.execArgv, ...extraExecArgv],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Sends `msg` (if any) and resolves with the child's next message of type `type`. */
function request<M extends { type: string }, T extends M['type']>(
  child: ChildProcess,
  msg: object | null,
  type: T,
  timeoutMs = 120_000,
): Promise<Extract<M, { type: T }>> {
  return new Promise((res, rej) => {
    const timer = setTimeout(() => {
      cleanup();
      rej(new Error(`no '${type}' from process ${child.pid} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onExit = (code: number | null) => {
      cleanup();
      rej(new Error(`process ${child.pid} exited (${code}) while waiting for '${type}'`));
    };
    const on = (m: M) => {
      if ((m as { type: string }).type === 'failed') {
        cleanup();
        rej(new Error(`process ${child.pid} failed: ${(m as unknown as { error: string }).error}`));
      } else if (m.type === type) {
        cleanup();
        res(m as Extract<M, { type: T }>);
      }
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', on);
      child.off('exit', onExit);
    };
    child.on('message', on);
    child.once('exit', onExit);
    if (msg) child.send(msg);
  });
}

async function stopChild(child: ChildProcess): Promise<'exited' | 'killed'> {
  if (child.exitCode !== null || child.signalCode !== null) return 'exited';
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  if (child.connected) child.send({ type: 'stop' });
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

/** Concatenates the clients' arrays (by second: element-wise). */
const concat = (xs: number[][]) => xs.flat();
function bySecond(xs: number[][][]): number[][] {
  const out: number[][] = [];
  for (const x of xs) x.forEach((v, i) => (out[i] ??= []).push(...(v ?? [])));
  return out;
}
const sumBy = (rs: ClientReport[], f: (c: ClientReport) => number) => rs.reduce((a, r) => a + f(r), 0);
function mergeCounts(xs: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) for (const [k, v] of Object.entries(x)) out[k] = (out[k] ?? 0) + v;
  return out;
}

async function main(): Promise<number> {
  const startedAt = new Date();
  const loadAtStart = loadavg().map(round2);
  const jwtSecret = randomBytes(48).toString('base64url');
  let services: TestServices | undefined;
  let pg: Client | undefined;
  const apis: ChildProcess[] = [];
  const clients: ChildProcess[] = [];
  const childOutcomes: Record<string, string> = {};
  let servicePids: number[] = [];
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    servicePids = [...new Set([...servicePids, ...descendants(process.pid)])];
    await pg?.end().catch(() => undefined);
    for (const [k, c] of clients.entries())
      childOutcomes[clientLabel(k)] = await stopChild(c).catch(() => 'killed' as const);
    for (const [k, c] of apis.entries())
      childOutcomes[apiLabel(k + 1)] = await stopChild(c).catch(() => 'killed' as const);
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
        `${SECOND_API ? 'two API processes' : 'one API process'}, ${CLIENT_PROCESSES} client processes`,
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
    // The API processes, one after the other (they migrate the same database at start).
    t0 = nowMs();
    const urls: Record<1 | 2, string> = { 1: '', 2: '' };
    const apiStartMs: number[] = [];
    if (CPU_PROF_DIR) mkdirSync(CPU_PROF_DIR, { recursive: true });
    for (const k of SECOND_API ? [1, 2] : [1]) {
      const ta = nowMs();
      const init: ApiInit = { endpoints, jwtSecret, label: apiLabel(k) };
      const child = forkChild(
        'negotiation-api.ts',
        { [API_ENV]: JSON.stringify(init) },
        CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`, `--cpu-prof-name=api${k}.cpuprofile`] : [],
      );
      apis.push(child);
      urls[k as 1 | 2] = (await request<FromApi, 'ready'>(child, null, 'ready')).url;
      apiStartMs.push(round2(nowMs() - ta));
      log(`API process ${k} (pid ${child.pid}) listening on ${urls[k as 1 | 2]} after ${round2(nowMs() - ta)} ms`);
    }
    if (!SECOND_API) urls[2] = urls[1];

    pg = new Client({ connectionString: services.databaseUrl });
    await pg.connect();
    t0 = nowMs();
    const rooms = await createRooms(pg);
    const userIds = rooms.flatMap((r) => r.userIds);
    const { tokens } = await request<FromApi, 'signed'>(apis[0], { type: 'sign', userIds } satisfies ToApi, 'signed');
    const members: MemberInit[] = rooms.flatMap((r, room) =>
      r.userIds.map((_, slot) => ({
        idx: room * PER_ROOM + slot,
        room,
        slot,
        token: tokens[room * PER_ROOM + slot],
        server: serverOf(slot),
        negotiationId: r.negotiationId,
      })),
    );
    const dataMs = nowMs() - t0;
    log(`${rooms.length} rooms, ${members.length} users and tokens in ${round2(dataMs)} ms`);

    // The client processes, each with its rooms.
    t0 = nowMs();
    for (let k = 0; k < CLIENT_PROCESSES; k++) {
      // A larger young generation: fewer scavenges in the load generator (the benchmark measures the server).
      const child = forkChild('negotiation-client.ts', { [CLIENT_ENV]: String(k) }, ['--max-semi-space-size=32']);
      clients.push(child);
      await request<FromClient, 'ready'>(child, null, 'ready');
      child.send({ type: 'init', members: members.filter((m) => clientOf(m.room) === k), urls } satisfies ToClient);
    }
    const clientsStartMs = nowMs() - t0;
    const all = <T extends FromClient['type']>(msg: ToClient, type: T, timeoutMs?: number) =>
      Promise.all(clients.map((c) => request<FromClient, T>(c, msg, type, timeoutMs)));

    // Connect, then join.
    t0 = nowMs();
    const conn = await all({ type: 'connect' }, 'connected');
    const connectTotalMs = nowMs() - t0;
    const connected = conn.reduce((a, c) => a + c.connected, 0);
    log(`${connected}/${members.length} sockets connected in ${round2(connectTotalMs)} ms`);
    if (connected !== members.length)
      throw new Error(
        `only ${connected} sockets connected: ${JSON.stringify(mergeCounts(conn.map((c) => c.firstPassErrors)))}`,
      );
    t0 = nowMs();
    const joins = await all({ type: 'join' }, 'joined');
    const joinTotalMs = nowMs() - t0;
    const joined = joins.reduce((a, j) => a + j.joined, 0);
    const joinErrors = mergeCounts(joins.map((j) => j.errors));
    log(`${joined}/${members.length} sockets joined in ${round2(joinTotalMs)} ms`);
    if (joined !== members.length) throw new Error(`only ${joined} sockets joined: ${JSON.stringify(joinErrors)}`);
    await sleep(1000); // let the presence broadcasts of the joins settle

    // Send, from a common start time a second ahead (every process schedules against it).
    const origin = nowMs() + 1000;
    const windowStartAt = origin + WARMUP_S * 1000;
    const sendEndAt = origin + (TOTAL * 1000) / RATE;
    const labels = new Map<number, string>([[process.pid, COORDINATOR_LABEL]]);
    apis.forEach((c, k) => c.pid && labels.set(c.pid, apiLabel(k + 1)));
    clients.forEach((c, k) => c.pid && labels.set(c.pid, clientLabel(k)));
    const coordinatorProbe = new LoopProbe(COORDINATOR_LABEL);
    coordinatorProbe.start(origin, windowStartAt);
    for (const c of apis) c.send({ type: 'timeline-start', origin, windowStartAt, endAt: sendEndAt } satisfies ToApi);
    const done = all({ type: 'send', origin }, 'done', 600_000);
    log(`sending ${TOTAL} messages (${WARMUP_COUNT} warm-up) from ${CLIENT_PROCESSES} client processes …`);
    await sleep(origin - nowMs());
    const waits = new WaitSampler(pg);
    waits.start();
    const cpuBySecond: ReturnType<typeof cpuBetween>[] = [];
    let cpuPrev = cpuSnapshot();
    const cpuTimer = setInterval(() => {
      const cur = cpuSnapshot();
      cpuBySecond.push(cpuBetween(cpuPrev, cur, labels));
      cpuPrev = cur;
    }, 1000);
    await sleep(windowStartAt - nowMs());
    const cpuAtWindowStart = cpuSnapshot();
    await sleep(sendEndAt - nowMs());
    const cpuAtWindowEnd = cpuSnapshot();
    const loadAtWindowEnd = loadavg().map(round2);
    clearInterval(cpuTimer);
    const dbSessions = waits.stop();
    log(`sending done; draining …`);
    const reports = (await done).map((d) => d.report);
    coordinatorProbe.stop();

    const sendErrors = mergeCounts(reports.map((r) => r.sendErrors));
    const retry = {
      retried: sumBy(reports, (r) => r.retry.retried),
      acked: sumBy(reports, (r) => r.retry.acked),
      returnedTheIdTheMembersReceived: sumBy(reports, (r) => r.retry.returnedTheIdTheMembersReceived),
      errors: mergeCounts(reports.map((r) => r.retry.errors)),
      ms: Math.max(...reports.map((r) => r.retry.ms)),
    };
    const count = (f: (c: ClientReport['counts']) => number) => sumBy(reports, (r) => f(r.counts));
    const ackedIds = reports.flatMap((r) => r.ackedIds);

    // The database holds exactly the acked messages.
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
      acked: ackedIds.length,
      ackedIdsPresent: db.acked_present,
      roomsWhoseLastSeqDiffersFromTheirRowCount: db.rooms_seq_mismatch,
      duplicateSeqs: db.seq_duplicates,
      equal: db.total === ackedIds.length && db.acked_present === ackedIds.length,
    };
    log(`db: ${JSON.stringify(dbCheck)}`);

    const apiProbes = await Promise.all(apis.map((c) => request<FromApi, 'probe'>(c, { type: 'probe' }, 'probe')));
    const probes: ProcessProbe[] = [
      ...apiProbes.map((p) => p.probe),
      ...reports.map((r) => r.probe),
      coordinatorProbe.report(),
    ];
    const deliveryMeasured = concat(reports.map((r) => r.deliveryMeasured));
    const deliveryBySecond = bySecond(reports.map((r) => r.deliveryBySecond));
    const ackBySecond = bySecond(reports.map((r) => r.ackBySecond));
    const seconds = Math.ceil(TOTAL / RATE);
    // Seconds of the measured window in which, and in the second before which, other processes on the machine
    // used less than QUIET_OTHERS_CORES: the latency this machine gives when the benchmark has it to itself.
    const othersAt = (sec: number) => cpuBySecond[sec]?.otherProcessesCores ?? Infinity;
    const quietSeconds = Array.from({ length: seconds }, (_, sec) => sec).filter(
      (sec) => sec >= WARMUP_S && othersAt(sec) < QUIET_OTHERS_CORES && othersAt(sec - 1) < QUIET_OTHERS_CORES,
    );
    const deliveryQuiet = quietSeconds.flatMap((sec) => deliveryBySecond[sec] ?? []);
    const timeline = Array.from({ length: seconds }, (_, sec) => {
      const acks = stats(ackBySecond[sec] ?? []);
      const del = stats(deliveryBySecond[sec] ?? []);
      return {
        second: sec,
        warmup: sec < WARMUP_S,
        sent: sumBy(reports, (r) => r.sentBySecond[sec] ?? 0),
        ackP50: acks.p50,
        ackP99: acks.p99,
        ackMax: acks.max,
        deliveryP50: del.p50,
        deliveryP99: del.p99,
        deliveryMax: del.max,
        stallMs: probes.map((p) => p.bySecond.lagMax[sec] ?? 0),
        gcMs: probes.map((p) => p.bySecond.gcMs[sec] ?? 0),
        gcMajorMs: probes.map((p) => p.bySecond.gcMajorMs[sec] ?? 0),
        poolWaitingMax: apiProbes.map((p) => p.probe.bySecond.poolWaitingMax[sec] ?? 0),
        cpuOursByProcess: cpuBySecond[sec]?.byProcessCores ?? null,
        cpuMachineCores: cpuBySecond[sec]?.machineBusyCores ?? null,
        cpuOursCores: cpuBySecond[sec]?.oursCores ?? null,
        cpuOthersTop: Object.entries(cpuBySecond[sec]?.otherProcessesByNameCores ?? {})
          .slice(0, 3)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
      };
    });
    const serverSocketsBeforeClose = apiProbes.map((p) => p.sockets);

    // Close every socket and wait until the servers see them gone.
    t0 = nowMs();
    const closed = await all({ type: 'close' }, 'closed');
    let serverSocketsAfterClose: number[] = [];
    while (nowMs() - t0 < 15_000) {
      serverSocketsAfterClose = (
        await Promise.all(apis.map((c) => request<FromApi, 'probe'>(c, { type: 'probe' }, 'probe')))
      ).map((p) => p.sockets);
      if (serverSocketsAfterClose.every((n) => n === 0)) break;
      await sleep(200);
    }
    const clientsStillConnected = closed.reduce((a, c) => a + c.stillConnected, 0);
    const closeMs = nowMs() - t0;
    log(`sockets closed in ${round2(closeMs)} ms: ${JSON.stringify(serverSocketsAfterClose)} left on the servers`);

    const pgVersion = (await pg.query(`SELECT current_setting('server_version') AS v`)).rows[0].v as string;
    const deliveryStats = stats(deliveryMeasured);
    const lostMessages = count((c) => c.lostMessages);
    const duplicates = count((c) => c.duplicates);
    const sameKeyDifferentIds = count((c) => c.sameKeyDifferentIds);
    const acked = count((c) => c.acked);
    const deliveryByPath: Record<string, number[]> = {};
    for (const r of reports)
      for (const [k, v] of Object.entries(r.deliveryByPath)) (deliveryByPath[k] ??= []).push(...v);
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
        clientProcesses: CLIENT_PROCESSES,
        clientsRunIn: `${CLIENT_PROCESSES} client processes of their own (rooms split between them), apart from the API processes`,
        cpuProfiles: CPU_PROF_DIR || null,
        connectBatch: CONNECT_BATCH,
        joinBatch: JOIN_BATCH,
      },
      setup: {
        servicesStartMs: round2(servicesStartMs),
        ...Object.fromEntries(apiStartMs.map((ms, i) => [`api${i + 1}StartMs`, ms])),
        roomsUsersTokensMs: round2(dataMs),
        clientProcessesStartMs: round2(clientsStartMs),
      },
      connect: {
        totalMs: round2(connectTotalMs),
        batches: Math.max(...conn.map((c) => c.connectBatches)),
        batchSize: CONNECT_BATCH,
        firstPassFailures: conn.reduce((a, c) => a + c.firstPassFailures, 0),
        firstPassErrors: mergeCounts(conn.map((c) => c.firstPassErrors)),
        retryBatches: Math.max(...conn.map((c) => c.retryBatches)),
        retryBatchSize: RETRY_BATCH,
        connected,
        perSocketMs: stats(conn.flatMap((c) => c.connectMs)),
      },
      join: {
        totalMs: round2(joinTotalMs),
        batches: Math.max(...joins.map((j) => j.batches)),
        batchSize: JOIN_BATCH,
        joined,
        errors: joinErrors,
        perSocketMs: stats(joins.flatMap((j) => j.joinMs)),
      },
      send: {
        messages: TOTAL,
        warmupMessages: WARMUP_COUNT,
        sendPhaseMs: Math.max(...reports.map((r) => r.sendPhaseMs)),
        achievedRatePerSecond: round2((TOTAL * 1000) / Math.max(...reports.map((r) => r.sendPhaseMs))),
        measuredWindowMs: round2(cpuAtWindowEnd.at - cpuAtWindowStart.at),
        scheduleLagMs: stats(concat(reports.map((r) => r.scheduleLag))),
        drainMs: Math.max(...reports.map((r) => r.drainMs)),
      },
      latency: {
        ackMs: stats(concat(reports.map((r) => r.ackMeasured))),
        deliveryMs: deliveryStats,
        deliveryByPathMs: Object.fromEntries(
          Object.entries(deliveryByPath)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, v]) => [k, stats(v)]),
        ),
        echoToSenderMs: stats(concat(reports.map((r) => r.echoMeasured))),
        quietSeconds: {
          description:
            `messages sent in measured seconds in which, and in the second before which, other processes on the ` +
            `machine used < ${QUIET_OTHERS_CORES} cores`,
          seconds: quietSeconds.length,
          deliveryMs: stats(deliveryQuiet),
        },
        includingWarmup: {
          ackMs: stats(concat(reports.map((r) => r.ackAll))),
          deliveryMs: stats(concat(reports.map((r) => r.deliveryAll))),
        },
      },
      counts: {
        sent: count((c) => c.sent),
        acked,
        ackedOnFirstAttempt: count((c) => c.ackedOnFirstAttempt),
        refused: count((c) => c.refused),
        errorsByCode: sendErrors,
        retry,
        sameKeyDeliveredWithDifferentIds: sameKeyDifferentIds,
        expectedDeliveries: count((c) => c.expectedDeliveries),
        deliveries: count((c) => c.deliveries),
        lostMessages,
        missingDeliveries: count((c) => c.missingDeliveries),
        duplicates,
        outOfOrderReceipts: count((c) => c.outOfOrder),
        echoMissing: count((c) => c.echoMissing),
        receivedNotAcked: count((c) => c.receivedNotAcked),
        foreignMessages: count((c) => c.foreignMessages),
        unknownKeys: count((c) => c.unknownKeys),
        socketsDisconnectedDuringRun: count((c) => c.disconnected),
        disconnectReasons: mergeCounts(reports.map((r) => r.disconnectReasons)),
      },
      db: dbCheck,
      timeline,
      databaseSessionsWhileSending: dbSessions,
      processes: {
        cpuDuringMeasuredWindow: cpuBetween(cpuAtWindowStart, cpuAtWindowEnd, labels),
        /** Per process (API 1, API 2, client processes, coordinator): event loop, longest stalls, GC, CPU. */
        probes: probes.map(({ bySecond: _, ...p }) => p),
        appWarnings: apiProbes.map((p) => p.warnings),
        appErrors: apiProbes.map((p) => p.errors),
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
        allAckedInTheEnd: acked === TOTAL,
        oneIdPerKey: sameKeyDifferentIds === 0,
      },
      childProcessesStop: {} as Record<string, string>,
      leftoverProcesses: [] as string[],
    };

    log('stopping the client and API processes and the services …');
    const childPids = [...apis, ...clients].flatMap((c) => (c.pid ? [c.pid] : []));
    await cleanup();
    await sleep(500);
    result.childProcessesStop = childOutcomes;
    result.leftoverProcesses = alive([...servicePids, ...childPids]);

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
    const childPids = [...apis, ...clients].flatMap((c) => (c.pid ? [c.pid] : []));
    await cleanup();
    const left = alive([...servicePids, ...childPids]);
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
    clientProcesses: number;
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
    stallMs: number[];
    gcMs: number[];
    gcMajorMs: number[];
    poolWaitingMax: number[];
    cpuOursByProcess: Record<string, number> | null;
    cpuMachineCores: number | null;
    cpuOursCores: number | null;
    cpuOthersTop: string;
  }[];
  databaseSessionsWhileSending: { samples: number; averageSessions: Record<string, number> };
  processes: {
    cpuDuringMeasuredWindow: ReturnType<typeof cpuBetween> | null;
    probes: Omit<ProcessProbe, 'bySecond'>[];
    appWarnings: number[];
    appErrors: number[];
    serverSocketsAfterClose: number[];
    clientsStillConnected: number;
  };
  target: { deliveryP99Ms: number; met: boolean };
  childProcessesStop: Record<string, string>;
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
  const probes = r.processes.probes;
  const cpuColumns = [...probes.map((q) => q.label).filter((l) => l !== COORDINATOR_LABEL), 'postgres'];
  const short = (label: string) => label.replace(/^node: /, '');
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
      `; the clients run in ${p.clientProcesses} client processes of their own (the rooms split between them; ` +
      `every process sends and receives on one clock, see bench/README.md), apart from the API processes. ` +
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
    `Per process, over the measured window: event-loop delay beyond the ${ELD_RESOLUTION_MS} ms sampling timer ` +
      '(`monitorEventLoopDelay`), the longest stalls of a 10 ms timer since the start of sending (ms @ second), ' +
      'GC pauses (`PerformanceObserver` gc entries) and CPU.',
    '',
    '| process | pid | loop delay p50 / p99 / max ms | longest stalls ms @ s | GC count / total / max ms | major GC count / ms | CPU user + system ms |',
    '|---|---:|---:|---|---:|---:|---:|',
    ...probes.map(
      (q) =>
        `| ${short(q.label)} | ${q.pid} | ${q.eventLoop.p50} / ${q.eventLoop.p99} / ${q.eventLoop.max} | ` +
        `${q.longestStalls.map((s) => `${s.ms} @ ${s.second}`).join(', ') || '–'} | ` +
        `${q.gc.count} / ${q.gc.totalMs} / ${q.gc.maxMs} | ${q.gc.majorCount} / ${q.gc.majorMs} | ` +
        `${q.cpuUserMs} + ${q.cpuSystemMs} |`,
    ),
    '',
    `App warnings ${r.processes.appWarnings.join(' + ')}, errors ${r.processes.appErrors.join(' + ')} (API processes).`,
    '',
    `Database sessions while sending (average number, from ${r.databaseSessionsWhileSending.samples} samples of ` +
      `pg_stat_activity): ${Object.entries(r.databaseSessionsWhileSending.averageSessions)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}.`,
    '',
    `Every socket closed (server-side sockets left: ${r.processes.serverSocketsAfterClose.join(' + ')}; clients ` +
      `still connected: ${r.processes.clientsStillConnected}); child processes: ` +
      `${Object.entries(r.childProcessesStop)
        .map(([k, v]) => `${short(k)} ${v}`)
        .join(', ')}; processes left behind: ` +
      `${r.leftoverProcesses.length ? r.leftoverProcesses.join('; ') : 'none'}.`,
    '',
    '## Timeline',
    '',
    'Per second of sending (messages grouped by the second they were sent in; stall = the longest event-loop ' +
      'stall in that second, per process; GC = garbage-collection pauses starting in that second, summed; pool queue = the most ' +
      'queries waiting for one of the 10 database connections of the process; CPU in cores, 2 = both cores busy).',
    '',
    `| s | sent | ack p50 / p99 / max ms | delivery p50 / p99 / max ms | stall ms ${probes.map((q) => short(q.label)).join(' / ')} | GC ms (same order) | pool queue max per API process | CPU machine / ours (${cpuColumns.map(short).join(', ')}) | busiest other processes |`,
    '|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...r.timeline.map(
      (t) =>
        `| ${t.second}${t.warmup ? ' (warm-up)' : ''} | ${t.sent} | ${t.ackP50} / ${t.ackP99} / ${t.ackMax} | ` +
        `${t.deliveryP50} / ${t.deliveryP99} / ${t.deliveryMax} | ${t.stallMs.join(' / ')} | ` +
        `${t.gcMs.map((g, i) => (t.gcMajorMs[i] ? `${g} (major ${t.gcMajorMs[i]})` : `${g}`)).join(' / ')} | ` +
        `${t.poolWaitingMax.join(' / ')} | ${t.cpuMachineCores ?? '–'} / ${t.cpuOursCores ?? '–'}` +
        (t.cpuOursByProcess ? ` (${cpuColumns.map((k) => t.cpuOursByProcess?.[k] ?? 0).join(', ')})` : '') +
        ` | ${t.cpuOthersTop || '–'} |`,
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

if (require.main === module) void main().then((code) => process.exit(code));
