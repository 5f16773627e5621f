import { Logger, OnModuleDestroy } from '@nestjs/common';
import {
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import {
  Ack,
  CurrentUser,
  JoinPayload,
  JoinResult,
  NEGOTIATION_NAMESPACE,
  NegotiationClientEvents,
  NegotiationServerEvents,
  JoinDto,
  MessageDto,
  OfferDto,
  ProposeDto,
  ReadDto,
  RespondDto,
  RetractDto,
  SendDto,
  ProposePayload,
  RespondPayload,
  RoomRefDto,
  inspectInput,
  SendPayload,
  SendResult,
} from '@jiebang/contracts';
import { randomUUID } from 'node:crypto';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { SessionsService } from '../auth/sessions.service';
import { DomainError } from '../common/domain-error';
import { databaseRefusal } from '../common/global-exception.filter';
import { validationCode } from '../common/validation';
import { NegotiationsService } from './negotiations.service';

type NegSocket = Socket<
  NegotiationClientEvents,
  NegotiationServerEvents,
  Record<string, never>,
  { user?: CurrentUser; sessionId?: string; tokens?: number; refill?: number }
>;

/** Messages a socket may send per window, and the window (a token bucket per socket). */
export const RATE_LIMIT = { burst: 30, perMs: 10_000 };

const room = (id: string) => `negotiation:${id}`;
/** Every socket of a user / of one login session (see `SessionsService.onRevoked`). */
const userRoom = (userId: string) => `user:${userId}`;
const sessionRoom = (sessionId: string) => `session:${sessionId}`;

/**
 * Validates a client payload against its class (the gateway's own pipe: global pipes do not reach gateways),
 * after the input rules of `@jiebang/contracts` that the HTTP pipe applies too.
 * @throws DomainError 400 `BODY_NOT_OBJECT` (an array, number or string), `INPUT_TOO_DEEP` (nested deeper than
 *   `MAX_INPUT_DEPTH`), `INVALID_CHARACTERS` (NUL or another control character in a string) or
 *   `VALIDATION_FAILED` naming the properties to fix.
 */
export function valid<T extends object>(cls: ClassConstructor<T>, payload: unknown): T {
  if (payload !== undefined && payload !== null && (typeof payload !== 'object' || Array.isArray(payload))) {
    throw new DomainError(400, 'BODY_NOT_OBJECT', '消息内容应为对象 {…}(不能是数组、数字或字符串)');
  }
  const defect = inspectInput(payload);
  if (defect) throw new DomainError(400, defect.code, `请求参数有误 — ${defect.message}`);
  const obj = plainToInstance(cls, payload ?? {});
  const errors = validateSync(obj, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    const flat = (es: ValidationError[], prefix = ''): { property: string; message: string }[] =>
      es.flatMap((e) => [
        ...Object.values(e.constraints ?? {}).map((message) => ({ property: `${prefix}${e.property}`, message })),
        ...flat(e.children ?? [], `${prefix}${e.property}.`),
      ]);
    const all = flat(errors);
    throw new DomainError(
      400,
      validationCode(all.map((x) => x.message)),
      `请求参数有误 — ${all.map((x) => `${x.property}: ${x.message}`).join(' | ')}`,
    );
  }
  return obj;
}

type Refusal = { ok: false; code: string; message: string; rule?: string; correlationId: string };

/**
 * The refusal ack of a failed socket event, logged with a correlation id as HTTP errors are (ARCHITECTURE
 * practice 8): a `DomainError` keeps its code; a database refusal (`databaseRefusal`: a unique race, a bad
 * reference or value) gets its 4xx code; anything else is `INTERNAL_ERROR`, logged with its stack.
 */
function fail(logger: Logger, event: string, socket: NegSocket, e: unknown): Refusal {
  const correlationId = randomUUID();
  const who = socket.data.user?.id ?? 'anonymous';
  const db = databaseRefusal(e);
  let refusal: Omit<Refusal, 'correlationId'> | null = null;
  if (e instanceof DomainError) refusal = { ok: false, code: e.code, message: e.message, rule: e.rule };
  else if ((e as { status?: number } | null)?.status === 404)
    refusal = { ok: false, code: 'NOT_FOUND', message: (e as Error).message };
  else if (db) refusal = { ok: false, code: db.code, message: db.message };
  if (refusal) {
    logger.log(`[${correlationId}] ${event} by ${who} refused: ${refusal.code} ${refusal.message}`);
    return { ...refusal, correlationId };
  }
  logger.error(`[${correlationId}] ${event} by ${who}: ${(e as Error)?.stack ?? String(e)}`);
  return {
    ok: false,
    code: 'INTERNAL_ERROR',
    message: '服务器内部错误,请稍后重试;如持续出现,请联系管理员并提供编号',
    correlationId,
  };
}

/**
 * The negotiation socket (namespace `/negotiations`, ARCHITECTURE practice 7): authenticates once at connection
 * with the JWT in `handshake.auth.token`, authorises every room join against the database, validates every
 * payload in the service (global pipes do not reach gateways), acknowledges a message only after it is committed,
 * and rate-limits each socket. With `REDIS_URL` the socket.io Redis adapter shares rooms between API processes.
 */
@WebSocketGateway({ namespace: NEGOTIATION_NAMESPACE, maxHttpBufferSize: 64 * 1024 })
export class NegotiationsGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  private readonly logger = new Logger(NegotiationsGateway.name);
  @WebSocketServer() server!: Namespace<NegotiationClientEvents, NegotiationServerEvents>;

  constructor(
    private readonly negotiations: NegotiationsService,
    private readonly sessions: SessionsService,
  ) {}

  /**
   * Authenticates every socket once, before it is connected (a namespace middleware, so no event can arrive
   * before the user is known): the JWT in `handshake.auth.token`; a bad or missing token is refused with a
   * `connect_error` whose message is `UNAUTHORIZED`.
   */
  afterInit(nsp: Namespace<NegotiationClientEvents, NegotiationServerEvents>): void {
    // Logout, a password change or a disabled account: the sessions' sockets go at once (on every replica with
    // the Redis adapter, since the rooms are shared).
    this.sessions.onRevoked((e) => {
      for (const sid of e.sessionIds) nsp.in(sessionRoom(sid)).disconnectSockets(true);
    });
    nsp.use((socket, next) => {
      void this.authenticate(socket as unknown as NegSocket).then(
        () => next(),
        () => next(new Error('UNAUTHORIZED')),
      );
    });
  }

  /** The token must be valid and its session open (`SessionsService.verifyAccessToken`, as the HTTP guard). */
  private async authenticate(socket: NegSocket): Promise<void> {
    const token = (socket.handshake.auth as { token?: unknown })?.token;
    if (typeof token !== 'string') throw new Error('no token');
    const auth = await this.sessions.verifyAccessToken(token);
    if (!auth) throw new Error('invalid token or revoked session');
    socket.data.user = auth.user;
    socket.data.sessionId = auth.sessionId;
    socket.data.tokens = RATE_LIMIT.burst;
    socket.data.refill = Date.now();
  }

  /** Joins the socket to its user's and its session's rooms, through which revocations disconnect it. */
  async handleConnection(socket: NegSocket): Promise<void> {
    if (!socket.data.user || !socket.data.sessionId) {
      socket.disconnect(true);
      return;
    }
    await socket.join([userRoom(socket.data.user.id), sessionRoom(socket.data.sessionId)]);
  }

  async handleDisconnect(socket: NegSocket): Promise<void> {
    for (const r of socket.rooms)
      if (r.startsWith('negotiation:')) await this.broadcastPresence(r.slice('negotiation:'.length));
  }

  onModuleDestroy(): void {
    this.server?.disconnectSockets(true);
  }

  private user(socket: NegSocket): CurrentUser {
    const u = socket.data.user;
    if (!u) throw new DomainError(401, 'UNAUTHORIZED', '请先登录');
    return u;
  }

  private takeToken(socket: NegSocket): void {
    const now = Date.now();
    const refill = Math.floor(((now - (socket.data.refill ?? now)) / RATE_LIMIT.perMs) * RATE_LIMIT.burst);
    if (refill > 0) {
      socket.data.tokens = Math.min(RATE_LIMIT.burst, (socket.data.tokens ?? 0) + refill);
      socket.data.refill = now;
    }
    if ((socket.data.tokens ?? 0) <= 0) throw new DomainError(429, 'RATE_LIMITED', '发送过于频繁,请稍后再试');
    socket.data.tokens = (socket.data.tokens ?? 1) - 1;
  }

  private assertJoined(socket: NegSocket, negotiationId: string): void {
    if (typeof negotiationId !== 'string' || !socket.rooms.has(room(negotiationId))) {
      throw new DomainError(403, 'NOT_JOINED', '请先加入洽谈');
    }
  }

  /** Who is online in a room (across API processes with the Redis adapter), with display names. */
  private async presence(negotiationId: string): Promise<{ online: string[]; names: Record<string, string> }> {
    const sockets = await this.server.in(room(negotiationId)).fetchSockets();
    const names: Record<string, string> = {};
    for (const s of sockets) {
      const u = (s.data as { user?: CurrentUser }).user;
      if (u) names[u.id] = u.displayName;
    }
    return { online: Object.keys(names), names };
  }

  private async broadcastPresence(negotiationId: string): Promise<void> {
    this.server.to(room(negotiationId)).emit('presence', { negotiationId, ...(await this.presence(negotiationId)) });
  }

  /** `room:join` `{ negotiationId, lastSeq }` → everything after `lastSeq`, in order, the offers and who is online. */
  @SubscribeMessage('room:join')
  async join(socket: NegSocket, p: JoinPayload): Promise<Ack<JoinResult>> {
    try {
      const user = this.user(socket);
      p = valid(JoinDto, p);
      const { ctx } = await this.negotiations.authorize(user, p.negotiationId);
      await socket.join(room(ctx.negotiation.id));
      const [messages, offers, draft] = await Promise.all([
        this.negotiations.messagesAfter(ctx.negotiation.id, Number(p.lastSeq) || 0),
        this.negotiations.offers(ctx.negotiation.id),
        this.negotiations.agreement(ctx.application.id),
      ]);
      await this.broadcastPresence(ctx.negotiation.id);
      const { online, names } = await this.presence(ctx.negotiation.id);
      return { ok: true, negotiation: this.negotiations.toDto(ctx, draft), messages, offers, online, names };
    } catch (e) {
      return fail(this.logger, 'room:join', socket, e);
    }
  }

  @SubscribeMessage('room:leave')
  async leave(socket: NegSocket, p: { negotiationId: string }): Promise<Ack<object>> {
    try {
      p = valid(RoomRefDto, p);
      await socket.leave(room(p.negotiationId));
      await this.broadcastPresence(p.negotiationId);
      return { ok: true };
    } catch (e) {
      return fail(this.logger, 'room:leave', socket, e);
    }
  }

  /** `message:send` → ack `{ id, seq }` after the commit; the room receives `message`. Retries are stored once. */
  @SubscribeMessage('message:send')
  async send(socket: NegSocket, p: SendPayload): Promise<Ack<SendResult>> {
    try {
      p = valid(SendDto, p);
      this.assertJoined(socket, p?.negotiationId);
      this.takeToken(socket);
      const { message, duplicate } = await this.negotiations.send(
        this.user(socket),
        p.negotiationId,
        p.idempotencyKey,
        p.body,
      );
      if (!duplicate) this.server.to(room(p.negotiationId)).emit('message', message);
      return { ok: true, id: message.id, seq: message.seq };
    } catch (e) {
      return fail(this.logger, 'message:send', socket, e);
    }
  }

  @SubscribeMessage('message:retract')
  async retract(socket: NegSocket, p: { negotiationId: string; messageId: string }): Promise<Ack<object>> {
    try {
      p = valid(RetractDto, p);
      this.assertJoined(socket, p?.negotiationId);
      const m = await this.negotiations.retract(this.user(socket), p.negotiationId, p.messageId);
      this.server
        .to(room(p.negotiationId))
        .emit('message:retracted', { negotiationId: p.negotiationId, id: m.id, seq: m.seq });
      return { ok: true };
    } catch (e) {
      return fail(this.logger, 'message:retract', socket, e);
    }
  }

  @SubscribeMessage('room:read')
  async read(socket: NegSocket, p: { negotiationId: string; seq: number }): Promise<Ack<object>> {
    try {
      p = valid(ReadDto, p);
      this.assertJoined(socket, p?.negotiationId);
      const user = this.user(socket);
      await this.negotiations.markRead(user, p.negotiationId, p.seq);
      socket
        .to(room(p.negotiationId))
        .emit('read', { negotiationId: p.negotiationId, userId: user.id, seq: Number(p.seq) || 0 });
      return { ok: true };
    } catch (e) {
      return fail(this.logger, 'room:read', socket, e);
    }
  }

  @SubscribeMessage('room:typing')
  typing(socket: NegSocket, p: { negotiationId: string }): void {
    try {
      p = valid(RoomRefDto, p);
      this.assertJoined(socket, p.negotiationId);
      socket.to(room(p.negotiationId)).emit('typing', { negotiationId: p.negotiationId, userId: this.user(socket).id });
    } catch {
      // typing is best-effort
    }
  }

  @SubscribeMessage('offer:propose')
  async propose(socket: NegSocket, p: ProposePayload): Promise<Ack<{ offer: OfferDto }>> {
    try {
      p = valid(ProposeDto, p);
      this.assertJoined(socket, p?.negotiationId);
      this.takeToken(socket);
      const offer = await this.negotiations.propose(this.user(socket), p.negotiationId, p.idempotencyKey, p.terms);
      this.server.to(room(p.negotiationId)).emit('offer', offer);
      return { ok: true, offer };
    } catch (e) {
      return fail(this.logger, 'offer:propose', socket, e);
    }
  }

  @SubscribeMessage('offer:respond')
  async respond(
    socket: NegSocket,
    p: RespondPayload,
  ): Promise<Ack<{ offer: OfferDto; agreementDraftId: string | null }>> {
    try {
      p = valid(RespondDto, p);
      this.assertJoined(socket, p?.negotiationId);
      const r = await this.negotiations.respond(this.user(socket), p.negotiationId, p.offerId, p.action, p.reason);
      this.server.to(room(p.negotiationId)).emit('offer', r.offer);
      if (r.agreementDraftId) {
        this.server.to(room(p.negotiationId)).emit('agreement:drafted', {
          negotiationId: p.negotiationId,
          agreementDraftId: r.agreementDraftId,
          offerId: r.offer.id,
        });
        this.server.to(room(p.negotiationId)).emit('room:status', {
          negotiationId: p.negotiationId,
          status: 'closed',
          reason: '双方已就同一版本达成一致',
        });
      }
      return { ok: true, ...r };
    } catch (e) {
      return fail(this.logger, 'offer:respond', socket, e);
    }
  }

  /** Lets REST actions (a shared file) reach the room as a normal message. */
  emitMessage(message: MessageDto): void {
    this.server?.to(room(message.negotiationId)).emit('message', message);
  }

  /** Lets REST actions (pause / close) reach the room. */
  emitStatus(negotiationId: string, status: 'open' | 'paused' | 'closed', reason: string | null): void {
    this.server?.to(room(negotiationId)).emit('room:status', { negotiationId, status, reason });
  }
}
