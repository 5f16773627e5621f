/**
 * Shared by the negotiation benchmark's processes (`negotiation.bench.ts` the coordinator, `negotiation-api.ts`
 * the API processes, `negotiation-client.ts` the client processes): the knobs, the clock, percentiles and the
 * per-process probe of event-loop stalls and garbage collection.
 *
 * The clock: every process measures with `nowMs()` = `performance.timeOrigin + performance.now()`, wall-clock
 * milliseconds with sub-millisecond resolution, monotonic within a process and consistent between the processes
 * of one machine (the origin of each is the same system clock, read at its start). A message carries its send
 * time in its body; the receiver subtracts it from its own `nowMs()`. Schedules (the start of sending, of the
 * measured window) are passed between processes as such absolute times.
 */
import {
  constants as perfConstants,
  IntervalHistogram,
  monitorEventLoopDelay,
  performance,
  PerformanceObserver,
} from 'node:perf_hooks';

export const ROOMS = Number(process.env.BENCH_ROOMS ?? 100);
export const PER_ROOM = Number(process.env.BENCH_SOCKETS_PER_ROOM ?? 10);
export const SOCKETS = ROOMS * PER_ROOM;
export const RATE = Number(process.env.BENCH_RATE ?? 200);
export const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 30);
export const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 5);
export const CONNECT_BATCH = Number(process.env.BENCH_CONNECT_BATCH ?? 0) || SOCKETS;
export const JOIN_BATCH = Number(process.env.BENCH_JOIN_BATCH ?? 200) || SOCKETS;
export const SECOND_API = (process.env.BENCH_SECOND_API ?? '1') !== '0';
/** Client processes (the 1,000 sockets are split between them by room). */
export const CLIENT_PROCESSES = Math.max(1, Number(process.env.BENCH_CLIENT_PROCESSES ?? 2));
export const ACK_TIMEOUT_MS = Number(process.env.BENCH_ACK_TIMEOUT_MS ?? 10_000);
export const QUIET_WAIT_S = Number(process.env.BENCH_QUIET_WAIT_S ?? 60);
/** A directory: the API processes run with `--cpu-prof` and write their profiles there. */
export const CPU_PROF_DIR = process.env.BENCH_CPU_PROF ?? '';
export const CONNECT_TIMEOUT_MS = 20_000;
export const DRAIN_TIMEOUT_MS = 15_000;
/** Sockets that failed to connect, and timed-out sends, are retried this many at a time. */
export const RETRY_BATCH = 50;
/** `合成洽谈消息 #12 key=<uuid> t=<epoch ms>` — the key and the client's send time travel in the body. */
export const BODY_RE = /key=([0-9a-f-]{36}) t=(\d+\.\d+)$/;
/** Messages in all, and in the warm-up. */
export const TOTAL = Math.round(RATE * (WARMUP_S + DURATION_S));
export const WARMUP_COUNT = Math.round(RATE * WARMUP_S);

/**
 * Message n is sent by member `order[n % SOCKETS]`: an order that interleaves the rooms, so each socket sends
 * once every SOCKETS / RATE seconds. Members are numbered room × PER_ROOM + slot.
 */
export const SEND_ORDER = Array.from(
  { length: SOCKETS },
  (_, j) => (j % ROOMS) * PER_ROOM + (Math.floor(j / ROOMS) % PER_ROOM),
);
/** The API process of a member's socket: odd slots on API 2, so both sides of every room are on both. */
export const serverOf = (slot: number): 1 | 2 => (SECOND_API && slot % 2 === 1 ? 2 : 1);
/** The client process (0-based) that holds a room's sockets: all members of a room share one process. */
export const clientOf = (room: number): number => room % CLIENT_PROCESSES;

export const round2 = (x: number) => Math.round(x * 100) / 100;
/** Wall-clock milliseconds with sub-millisecond resolution (see the file's docstring). */
export const nowMs = () => performance.timeOrigin + performance.now();
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Stats {
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
export function stats(xs: ArrayLike<number>): Stats {
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

/** Sampling interval of the event-loop monitors: a sample is the time between two such timer callbacks. */
export const ELD_RESOLUTION_MS = 5;

/** Event-loop delay beyond the sampling interval (a sample minus ELD_RESOLUTION_MS, at least 0), in ms. */
export function eventLoopStats(h: IntervalHistogram) {
  const ms = (ns: number) => round2(Math.max(0, ns / 1e6 - ELD_RESOLUTION_MS));
  return { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), mean: ms(h.mean) };
}
export type EventLoopStats = ReturnType<typeof eventLoopStats>;

const LAG_TICK_MS = 10;
/** How many of the longest stalls each process reports. */
const LONGEST_STALLS = 5;

/** What one process reports about itself: measured window (after the warm-up) unless said otherwise. */
export interface ProcessProbe {
  label: string;
  pid: number;
  /** `monitorEventLoopDelay` over the measured window. */
  eventLoop: EventLoopStats;
  /** The longest gaps of a 10 ms timer (how late it fired), from the start of sending, with their second. */
  longestStalls: { second: number; ms: number }[];
  /** GC pauses in the measured window (`PerformanceObserver` 'gc' entries). */
  gc: { count: number; totalMs: number; maxMs: number; majorCount: number; majorMs: number };
  cpuUserMs: number;
  cpuSystemMs: number;
  /** Per second since the start of sending: longest stall, GC pauses (all, major), most queries waiting. */
  bySecond: { lagMax: number[]; gcMs: number[]; gcMajorMs: number[]; poolWaitingMax: number[] };
}

/**
 * Per process: the event-loop delay histogram, the longest gaps of a 10 ms timer and GC pauses, by the second
 * since `origin` (the start of sending, wall-clock ms, the same in every process), and optionally the most
 * queries waiting for a database connection (`waiting()`). The histogram, GC totals and CPU restart at
 * `windowStartAt` (the end of the warm-up).
 */
export class LoopProbe {
  private readonly lag: number[] = [];
  private readonly poolWaiting: number[] = [];
  private readonly gcMs: number[] = [];
  private readonly gcMajorMs: number[] = [];
  private readonly stalls: { second: number; ms: number }[] = [];
  private gcWindow = { count: 0, totalMs: 0, maxMs: 0, majorCount: 0, majorMs: 0 };
  private windowStartAt = Infinity;
  private cpu0 = process.cpuUsage();
  private timer?: NodeJS.Timeout;
  private windowTimer?: NodeJS.Timeout;
  private gc?: PerformanceObserver;
  private readonly eld = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });

  constructor(
    private readonly label: string,
    private readonly waiting?: () => number,
  ) {}

  start(origin: number, windowStartAt: number): void {
    this.stop();
    this.windowStartAt = windowStartAt;
    this.eld.enable();
    this.windowTimer = setTimeout(
      () => {
        this.eld.reset();
        this.cpu0 = process.cpuUsage();
      },
      Math.max(0, windowStartAt - nowMs()),
    );
    this.gc = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const at = performance.timeOrigin + e.startTime;
        const sec = Math.floor((at - origin) / 1000);
        if (sec < 0) continue;
        const major = (e as { detail?: { kind?: number } }).detail?.kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR;
        this.gcMs[sec] = (this.gcMs[sec] ?? 0) + e.duration;
        if (major) this.gcMajorMs[sec] = (this.gcMajorMs[sec] ?? 0) + e.duration;
        if (at >= this.windowStartAt) {
          const w = this.gcWindow;
          w.count += 1;
          w.totalMs += e.duration;
          w.maxMs = Math.max(w.maxMs, e.duration);
          if (major) {
            w.majorCount += 1;
            w.majorMs += e.duration;
          }
        }
      }
    });
    this.gc.observe({ entryTypes: ['gc'] });
    let expected = nowMs() + LAG_TICK_MS;
    this.timer = setInterval(() => {
      const t = nowMs();
      const sec = Math.floor((t - origin) / 1000);
      const gap = t - expected;
      if (sec >= 0) {
        this.lag[sec] = Math.max(this.lag[sec] ?? 0, gap);
        if (this.waiting) this.poolWaiting[sec] = Math.max(this.poolWaiting[sec] ?? 0, this.waiting());
        if (gap > 1 && (this.stalls.length < LONGEST_STALLS || gap > this.stalls[this.stalls.length - 1].ms)) {
          this.stalls.push({ second: sec, ms: round2(gap) });
          this.stalls.sort((a, b) => b.ms - a.ms);
          this.stalls.length = Math.min(this.stalls.length, LONGEST_STALLS);
        }
      }
      expected = t + LAG_TICK_MS;
    }, LAG_TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    clearTimeout(this.windowTimer);
    this.gc?.disconnect();
    this.eld.disable();
  }

  report(): ProcessProbe {
    const cpu = process.cpuUsage(this.cpu0);
    const w = this.gcWindow;
    return {
      label: this.label,
      pid: process.pid,
      eventLoop: eventLoopStats(this.eld),
      longestStalls: [...this.stalls],
      gc: {
        count: w.count,
        totalMs: round2(w.totalMs),
        maxMs: round2(w.maxMs),
        majorCount: w.majorCount,
        majorMs: round2(w.majorMs),
      },
      cpuUserMs: round2(cpu.user / 1000),
      cpuSystemMs: round2(cpu.system / 1000),
      bySecond: {
        lagMax: Array.from(this.lag, (x) => round2(Math.max(0, x ?? 0))),
        gcMs: Array.from(this.gcMs, (x) => round2(x ?? 0)),
        gcMajorMs: Array.from(this.gcMajorMs, (x) => round2(x ?? 0)),
        poolWaitingMax: Array.from(this.poolWaiting, (x) => x ?? 0),
      },
    };
  }
}

/** The part of the coordinator ⇄ child protocol every child understands. */
export type ProbeCommand =
  | { type: 'timeline-start'; origin: number; windowStartAt: number; endAt: number }
  | { type: 'probe' }
  | { type: 'stop' };
