/**
 * A client process of the negotiation benchmark (forked by `negotiation.bench.ts`): holds the socket.io clients
 * of some rooms (every member of a room is in the same client process, so a message's senders and receivers
 * share a process) and, on the coordinator's commands over IPC, connects them (`connect`), joins them to their
 * rooms (`join`), sends its share of the open-loop schedule from the common start time (`send`: message n at
 * origin + n / RATE, by member SEND_ORDER[n % SOCKETS]), waits for every ack and delivery, retries timed-out
 * sends with the same key, and answers with its counts, latencies and its own event-loop/GC probe (`done`);
 * then `close` (disconnect every socket) and `stop`.
 *
 * Latency: the body carries the send time (`nowMs()`, see `negotiation-common.ts`); a receiver subtracts it
 * from its own `nowMs()`. The client processes run apart from the API processes, so the servers' stalls show
 * in the latencies and the clients' own stalls are reported per process.
 */
import { randomUUID } from 'node:crypto';
import { io, Socket } from 'socket.io-client';
import type { Ack, JoinResult, MessageDto, SendResult } from '@jiebang/contracts';
import {
  ACK_TIMEOUT_MS,
  BODY_RE,
  clientOf,
  CONNECT_BATCH,
  CONNECT_TIMEOUT_MS,
  DRAIN_TIMEOUT_MS,
  JOIN_BATCH,
  LoopProbe,
  nowMs,
  PER_ROOM,
  ProbeCommand,
  ProcessProbe,
  RATE,
  RETRY_BATCH,
  round2,
  SEND_ORDER,
  SOCKETS,
  sleep,
  TOTAL,
  WARMUP_COUNT,
  WARMUP_S,
} from './negotiation-common';

export const CLIENT_ENV = 'BENCH_NEGOTIATION_CLIENT';

/** A member as the coordinator describes it: its global index (room × PER_ROOM + slot), token and server. */
export interface MemberInit {
  idx: number;
  room: number;
  slot: number;
  token: string;
  server: 1 | 2;
  negotiationId: string;
}

export type ToClient =
  | ProbeCommand
  | { type: 'init'; members: MemberInit[]; urls: Record<1 | 2, string> }
  | { type: 'connect' }
  | { type: 'join' }
  | { type: 'send'; origin: number }
  | { type: 'close' };

export interface ClientReport {
  sentBySecond: number[];
  ackBySecond: number[][];
  deliveryBySecond: number[][];
  ackMeasured: number[];
  ackAll: number[];
  deliveryMeasured: number[];
  deliveryAll: number[];
  deliveryByPath: Record<string, number[]>;
  echoMeasured: number[];
  scheduleLag: number[];
  sendErrors: Record<string, number>;
  retry: {
    retried: number;
    acked: number;
    returnedTheIdTheMembersReceived: number;
    errors: Record<string, number>;
    ms: number;
  };
  counts: {
    sent: number;
    acked: number;
    ackedOnFirstAttempt: number;
    refused: number;
    sameKeyDifferentIds: number;
    expectedDeliveries: number;
    deliveries: number;
    lostMessages: number;
    missingDeliveries: number;
    duplicates: number;
    outOfOrder: number;
    echoMissing: number;
    receivedNotAcked: number;
    foreignMessages: number;
    unknownKeys: number;
    disconnected: number;
  };
  disconnectReasons: Record<string, number>;
  ackedIds: string[];
  sendPhaseMs: number;
  drainMs: number;
  probe: ProcessProbe;
}

export type FromClient =
  | { type: 'ready' }
  | {
      type: 'connected';
      connectMs: number[];
      firstPassFailures: number;
      firstPassErrors: Record<string, number>;
      retryBatches: number;
      connected: number;
      connectBatches: number;
      totalMs: number;
    }
  | {
      type: 'joined';
      joinMs: number[];
      errors: Record<string, number>;
      joined: number;
      batches: number;
      totalMs: number;
    }
  | { type: 'done'; report: ClientReport }
  | { type: 'closed'; stillConnected: number }
  | { type: 'probe'; probe: ProcessProbe };

interface Member extends MemberInit {
  socket?: Socket;
  connectMs?: number;
  connectError?: string;
  joinMs?: number;
  joinError?: string;
  disconnectedAt?: number;
  disconnectReason?: string;
  seen: Set<string>;
  lastSeq: number;
  outOfOrder: number;
  duplicates: number;
}

interface Sent {
  key: string;
  sender: number;
  room: number;
  t0: number;
  measured: boolean;
  ackMs?: number;
  ok?: boolean;
  code?: string;
  id?: string;
  body: string;
  receivers: Set<number>;
  echoed: boolean;
  deliveredId?: string;
  retried?: boolean;
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

async function inBatches<T>(items: T[], batch: number, fn: (x: T) => Promise<void>): Promise<number> {
  let batches = 0;
  for (let i = 0; i < items.length; i += batch) {
    await Promise.all(items.slice(i, i + batch).map(fn));
    batches += 1;
  }
  return batches;
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

const bump = (o: Record<string, number>, k: string) => (o[k] = (o[k] ?? 0) + 1);

async function clientProcess(): Promise<void> {
  const me = Number(process.env[CLIENT_ENV]);
  const send = (m: FromClient) => process.send?.(m);
  const probe = new LoopProbe(`node: client process ${me + 1}`);
  const byIdx = new Map<number, Member>();
  let members: Member[] = [];
  let urls: Record<1 | 2, string> = { 1: '', 2: '' };
  const sentByKey = new Map<string, Sent>();
  const r: Omit<
    ClientReport,
    'retry' | 'counts' | 'disconnectReasons' | 'ackedIds' | 'sendPhaseMs' | 'drainMs' | 'probe'
  > = {
    sentBySecond: [],
    ackBySecond: [],
    deliveryBySecond: [],
    ackMeasured: [],
    ackAll: [],
    deliveryMeasured: [],
    deliveryAll: [],
    deliveryByPath: {},
    echoMeasured: [],
    scheduleLag: [],
    sendErrors: {},
  };
  let origin = 0;
  let foreignMessages = 0;
  let unknownKeys = 0;
  let sameKeyDifferentIds = 0;
  let acksPending = 0;
  const secondOf = (t: number) => Math.floor((t - origin) / 1000);

  const onMessage = (m: Member, msg: MessageDto) => {
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
    const latency = round2(t - Number(match[2]));
    if (rec.deliveredId !== undefined && rec.deliveredId !== msg.id) sameKeyDifferentIds += 1;
    rec.deliveredId ??= msg.id;
    if (rec.sender === m.idx) {
      rec.echoed = true;
      if (rec.measured) r.echoMeasured.push(latency);
      return;
    }
    rec.receivers.add(m.idx);
    r.deliveryAll.push(latency);
    (r.deliveryBySecond[secondOf(rec.t0)] ??= []).push(latency);
    if (rec.measured) {
      r.deliveryMeasured.push(latency);
      (r.deliveryByPath[`api${(byIdx.get(rec.sender) as Member).server} → api${m.server}`] ??= []).push(latency);
    }
  };

  const sendOne = (n: number, scheduledAt: number) => {
    const sender = byIdx.get(SEND_ORDER[n % SOCKETS]) as Member;
    const key = randomUUID();
    const t = nowMs();
    r.scheduleLag.push(round2(t - scheduledAt));
    const body = `合成洽谈消息 #${n} key=${key} t=${t.toFixed(3)}`;
    const rec: Sent = {
      key,
      body,
      sender: sender.idx,
      room: sender.room,
      t0: t,
      measured: n >= WARMUP_COUNT,
      receivers: new Set(),
      echoed: false,
    };
    sentByKey.set(key, rec);
    const sec = secondOf(t);
    r.sentBySecond[sec] = (r.sentBySecond[sec] ?? 0) + 1;
    acksPending += 1;
    void ack<SendResult>(
      sender.socket as Socket,
      'message:send',
      { negotiationId: sender.negotiationId, idempotencyKey: key, body },
      ACK_TIMEOUT_MS,
    ).then((a) => {
      acksPending -= 1;
      rec.ackMs = round2(nowMs() - rec.t0);
      rec.ok = a.ok;
      if (a.ok) {
        rec.id = a.id;
        r.ackAll.push(rec.ackMs);
        (r.ackBySecond[secondOf(rec.t0)] ??= []).push(rec.ackMs);
        if (rec.measured) r.ackMeasured.push(rec.ackMs);
      } else {
        rec.code = a.code;
        bump(r.sendErrors, a.code);
      }
    });
  };

  const stillConnected = (m: Member) => m.disconnectedAt === undefined;
  const membersOf = (room: number) =>
    Array.from({ length: PER_ROOM }, (_, k) => byIdx.get(room * PER_ROOM + k) as Member);
  const missing = () => {
    let n = 0;
    for (const rec of sentByKey.values()) {
      if (!rec.ok) continue;
      for (const m of membersOf(rec.room))
        if (m.idx !== rec.sender && stillConnected(m) && !rec.receivers.has(m.idx)) n += 1;
    }
    return n;
  };
  const drain = async () => {
    const start = nowMs();
    while (nowMs() - start < DRAIN_TIMEOUT_MS && (acksPending > 0 || missing() > 0)) await sleep(50);
    return nowMs() - start;
  };

  const runSchedule = async () => {
    const mine: number[] = [];
    for (let n = 0; n < TOTAL; n++) if (clientOf(Math.floor(SEND_ORDER[n % SOCKETS] / PER_ROOM)) === me) mine.push(n);
    probe.start(origin, origin + WARMUP_S * 1000);
    await sleep(Math.max(0, origin - nowMs()));
    let i = 0;
    await new Promise<void>((done) => {
      const tick = () => {
        const due = Math.min(TOTAL, Math.floor(((nowMs() - origin) * RATE) / 1000) + 1);
        while (i < mine.length && mine[i] < due) {
          sendOne(mine[i], origin + (mine[i] * 1000) / RATE);
          i += 1;
        }
        if (i >= mine.length) done();
        else setTimeout(tick, 1);
      };
      tick();
    });
    const sendPhaseMs = nowMs() - origin;
    const drainMs = await drain();

    // As a real client does, retry every send whose ack timed out, with the same idempotency key: the server
    // must answer with the message it stored (if it did) and neither store nor broadcast it twice.
    const timedOut = [...sentByKey.values()].filter((x) => x.code === 'ACK_TIMEOUT');
    const retry = {
      retried: timedOut.length,
      acked: 0,
      returnedTheIdTheMembersReceived: 0,
      errors: {} as Record<string, number>,
      ms: 0,
    };
    if (timedOut.length) {
      const tr = nowMs();
      await inBatches(timedOut, RETRY_BATCH, async (rec) => {
        const sender = byIdx.get(rec.sender) as Member;
        const a = await ack<SendResult>(
          sender.socket as Socket,
          'message:send',
          { negotiationId: sender.negotiationId, idempotencyKey: rec.key, body: rec.body },
          30_000,
        );
        if (a.ok) {
          retry.acked += 1;
          Object.assign(rec, { ok: true, id: a.id, retried: true });
          if (rec.deliveredId === a.id) retry.returnedTheIdTheMembersReceived += 1;
        } else bump(retry.errors, a.code);
      });
      await drain();
      retry.ms = round2(nowMs() - tr);
    }
    probe.stop();

    const recs = [...sentByKey.values()];
    const acked = recs.filter((x) => x.ok);
    let lostMessages = 0;
    let missingDeliveries = 0;
    let expectedDeliveries = 0;
    let echoMissing = 0;
    for (const rec of acked) {
      let lost = false;
      for (const m of membersOf(rec.room)) {
        if (m.idx === rec.sender || !stillConnected(m)) continue;
        expectedDeliveries += 1;
        if (!rec.receivers.has(m.idx)) {
          missingDeliveries += 1;
          lost = true;
        }
      }
      if (lost) lostMessages += 1;
      if (stillConnected(byIdx.get(rec.sender) as Member) && !rec.echoed) echoMissing += 1;
    }
    const disconnected = members.filter((m) => !stillConnected(m));
    const disconnectReasons: Record<string, number> = {};
    for (const m of disconnected) bump(disconnectReasons, m.disconnectReason ?? '?');
    send({
      type: 'done',
      report: {
        ...r,
        retry,
        counts: {
          sent: recs.length,
          acked: acked.length,
          ackedOnFirstAttempt: acked.filter((x) => !x.retried).length,
          refused: recs.filter((x) => x.code !== undefined).length,
          sameKeyDifferentIds,
          expectedDeliveries,
          deliveries: r.deliveryAll.length,
          lostMessages,
          missingDeliveries,
          duplicates: members.reduce((a, m) => a + m.duplicates, 0),
          outOfOrder: members.reduce((a, m) => a + m.outOfOrder, 0),
          echoMissing,
          receivedNotAcked: recs.filter((x) => !x.ok && x.receivers.size > 0).length,
          foreignMessages,
          unknownKeys,
          disconnected: disconnected.length,
        },
        disconnectReasons,
        ackedIds: acked.map((x) => x.id as string),
        sendPhaseMs: round2(sendPhaseMs),
        drainMs: round2(drainMs),
        probe: probe.report(),
      },
    });
  };

  process.on('disconnect', () => process.exit(0)); // the coordinator went away
  process.on('message', (m: ToClient) => {
    if (m.type === 'init') {
      urls = m.urls;
      members = m.members.map((x) => ({ ...x, seen: new Set(), lastSeq: 0, outOfOrder: 0, duplicates: 0 }));
      for (const x of members) byIdx.set(x.idx, x);
      for (const x of members) if (x.idx % PER_ROOM === 0 && clientOf(x.room) !== me) throw new Error('room split');
    } else if (m.type === 'connect') {
      void (async () => {
        const t0 = nowMs();
        const connectBatches = await inBatches(members, CONNECT_BATCH, (x) => connectOne(x, urls[x.server]));
        const failures = members.filter((x) => !x.socket);
        const firstPassErrors: Record<string, number> = {};
        for (const x of failures) bump(firstPassErrors, x.connectError ?? 'unknown');
        const retryBatches = failures.length
          ? await inBatches(failures, RETRY_BATCH, (x) => connectOne(x, urls[x.server]))
          : 0;
        for (const x of members) x.socket?.on('message', (msg: MessageDto) => onMessage(x, msg));
        send({
          type: 'connected',
          connectMs: members.flatMap((x) => (x.connectMs === undefined ? [] : [round2(x.connectMs)])),
          firstPassFailures: failures.length,
          firstPassErrors,
          retryBatches,
          connectBatches,
          connected: members.filter((x) => x.socket).length,
          totalMs: round2(nowMs() - t0),
        });
      })();
    } else if (m.type === 'join') {
      void (async () => {
        const t0 = nowMs();
        const errors: Record<string, number> = {};
        const batches = await inBatches(members, JOIN_BATCH, async (x) => {
          const tj = nowMs();
          const a = await ack<JoinResult>(
            x.socket as Socket,
            'room:join',
            { negotiationId: x.negotiationId, lastSeq: 0 },
            30_000,
          );
          x.joinMs = nowMs() - tj;
          if (!a.ok) {
            x.joinError = a.code;
            bump(errors, a.code);
          }
        });
        send({
          type: 'joined',
          joinMs: members.flatMap((x) => (x.joinMs === undefined ? [] : [round2(x.joinMs)])),
          errors,
          joined: members.filter((x) => x.joinMs !== undefined && !x.joinError).length,
          batches,
          totalMs: round2(nowMs() - t0),
        });
      })();
    } else if (m.type === 'send') {
      origin = m.origin;
      void runSchedule();
    } else if (m.type === 'close') {
      for (const x of members) x.socket?.disconnect();
      void sleep(200).then(() =>
        send({ type: 'closed', stillConnected: members.filter((x) => x.socket?.connected).length }),
      );
    } else if (m.type === 'probe') send({ type: 'probe', probe: probe.report() });
    else if (m.type === 'stop') {
      for (const x of members) x.socket?.disconnect();
      process.exit(0);
    }
  });
  send({ type: 'ready' });
}

if (require.main === module) void clientProcess();
