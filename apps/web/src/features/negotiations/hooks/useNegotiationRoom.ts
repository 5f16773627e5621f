/**
 * The live state of one negotiation room over socket.io (`/negotiations`): join with the last seq held (also
 * after every reconnect, so the server replays what was missed), messages merged by seq, pending messages with
 * their idempotency keys (a retry resends the same key), offers (a counter-offer supersedes the version it
 * answers), presence, typing and read marks. Server events that change what the HTTP queries show (`offer`,
 * `room:status`, `agreement:drafted`) invalidate those queries (`invalidateRoomQueries`).
 */
import {
  NEGOTIATION_NAMESPACE,
  type Ack,
  type CurrentUser,
  type MessageDto,
  type NegotiationClientEvents,
  type NegotiationDto,
  type NegotiationServerEvents,
  type OfferDto,
  type OfferTerms,
  type RespondPayload,
} from '@jiebang/contracts';
import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef } from 'react';
import { io, type Socket } from 'socket.io-client';
import { ApiError } from '../../../api/errors';
import { invalidate } from '../../../api/query';
import { refreshSession, reportUnauthorized } from '../../../api/session';
import { getToken } from '../../../auth/token';
import { applyOffer, ClientCode, maxSeq, mergeMessages, refusalStatus, refusalText } from '../lib/negotiation';

/** The typed socket of the namespace. */
export type NegotiationSocket = Socket<NegotiationServerEvents, NegotiationClientEvents>;

/** How long an acknowledgement may take before the call counts as failed. */
const ACK_TIMEOUT_MS = 10_000;
/** How long a typing notice is shown. */
const TYPING_SHOW_MS = 4_000;
/** At most one `room:typing` per this interval. */
const TYPING_THROTTLE_MS = 2_000;

/** A message typed here that the server has not acknowledged yet (or whose sending failed). */
export interface PendingMessage {
  /** The idempotency key, kept for every retry. */
  key: string;
  body: string;
  state: 'sending' | 'failed';
  error?: string;
  createdAt: string;
}

/**
 * `connecting` until the first join; `live` while joined; `reconnecting` after a drop (until re-joined);
 * `unauthorized` when the server refused the token; `failed` when the room cannot be joined.
 */
export type RoomConnection = 'connecting' | 'live' | 'reconnecting' | 'unauthorized' | 'failed';

/** State of the room. */
export interface RoomState {
  connection: RoomConnection;
  /** Why the room could not be joined (`failed`). */
  failure?: { code: string; message: string };
  negotiation?: NegotiationDto;
  messages: MessageDto[];
  pending: PendingMessage[];
  offers: OfferDto[];
  online: string[];
  /** userId → display name of everyone seen online in this room. */
  names: Record<string, string>;
  /** userId → when their typing notice expires (epoch ms). */
  typing: Record<string, number>;
  /** userId → highest seq they have read. */
  reads: Record<string, number>;
  /** Set when both sides accepted the same version. */
  agreement?: { agreementDraftId: string; offerId: string };
}

/** What changes the room's state (socket events, acknowledgements, local actions). */
export type RoomAction =
  | { type: 'connecting' }
  | { type: 'dropped' }
  | { type: 'unauthorized' }
  | { type: 'failed'; code: string; message: string }
  | {
      type: 'joined';
      negotiation: NegotiationDto;
      messages: MessageDto[];
      offers: OfferDto[];
      online: string[];
      names?: Record<string, string>;
    }
  | { type: 'messages'; messages: MessageDto[] }
  | { type: 'retracted'; seq: number; id: string }
  | { type: 'pending'; pending: PendingMessage }
  | { type: 'acked'; key: string; message: MessageDto }
  | { type: 'uploaded'; message: MessageDto }
  | { type: 'sendFailed'; key: string; error: string }
  | { type: 'discard'; key: string }
  | { type: 'presence'; online: string[]; names?: Record<string, string> }
  | { type: 'typing'; userId: string; until: number }
  | { type: 'typingExpire'; now: number }
  | { type: 'read'; userId: string; seq: number }
  | { type: 'offer'; offer: OfferDto }
  | { type: 'status'; status: NegotiationDto['status']; reason: string | null }
  | { type: 'agreement'; agreementDraftId: string; offerId: string };

/** The state before the room is joined. */
export const INITIAL_ROOM: RoomState = {
  connection: 'connecting',
  messages: [],
  pending: [],
  offers: [],
  online: [],
  names: {},
  typing: {},
  reads: {},
};

/** The room's state after `action` (pure; exported for tests). */
export function roomReducer(state: RoomState, action: RoomAction): RoomState {
  switch (action.type) {
    case 'connecting':
      return { ...state, connection: state.negotiation ? 'reconnecting' : 'connecting' };
    case 'dropped':
      return state.connection === 'live' || state.connection === 'connecting'
        ? { ...state, connection: state.negotiation ? 'reconnecting' : 'connecting', online: [], typing: {} }
        : state;
    case 'unauthorized':
      return { ...state, connection: 'unauthorized' };
    case 'failed':
      return { ...state, connection: 'failed', failure: { code: action.code, message: action.message } };
    case 'joined':
      return {
        ...state,
        connection: 'live',
        failure: undefined,
        negotiation: action.negotiation,
        messages: mergeMessages(state.messages, action.messages),
        offers: [...action.offers].sort((a, b) => a.version - b.version),
        online: action.online,
        names: { ...state.names, ...action.names },
      };
    case 'messages':
      return { ...state, messages: mergeMessages(state.messages, action.messages) };
    case 'retracted':
      return {
        ...state,
        messages: state.messages.map((m) =>
          m.seq === action.seq || m.id === action.id ? { ...m, retracted: true, body: '' } : m,
        ),
      };
    case 'pending':
      return { ...state, pending: [...state.pending.filter((p) => p.key !== action.pending.key), action.pending] };
    case 'acked': {
      // The broadcast `message` may have arrived first: the server's copy (same seq) wins.
      const known = state.messages.some((m) => m.seq === action.message.seq);
      return {
        ...state,
        pending: state.pending.filter((p) => p.key !== action.key),
        messages: known ? state.messages : mergeMessages(state.messages, [action.message]),
      };
    }
    case 'uploaded':
      // The broadcast copy (same seq) may already be here, possibly retracted since: it wins.
      return state.messages.some((m) => m.seq === action.message.seq)
        ? state
        : { ...state, messages: mergeMessages(state.messages, [action.message]) };
    case 'sendFailed':
      return {
        ...state,
        pending: state.pending.map((p) => (p.key === action.key ? { ...p, state: 'failed', error: action.error } : p)),
      };
    case 'discard':
      return { ...state, pending: state.pending.filter((p) => p.key !== action.key) };
    case 'presence':
      return { ...state, online: action.online, names: { ...state.names, ...action.names } };
    case 'typing':
      return { ...state, typing: { ...state.typing, [action.userId]: action.until } };
    case 'typingExpire': {
      const typing = Object.fromEntries(Object.entries(state.typing).filter(([, until]) => until > action.now));
      return Object.keys(typing).length === Object.keys(state.typing).length ? state : { ...state, typing };
    }
    case 'read':
      return (state.reads[action.userId] ?? 0) >= action.seq
        ? state
        : { ...state, reads: { ...state.reads, [action.userId]: action.seq } };
    case 'offer':
      return { ...state, offers: applyOffer(state.offers, action.offer) };
    case 'status':
      return state.negotiation
        ? { ...state, negotiation: { ...state.negotiation, status: action.status, statusReason: action.reason } }
        : state;
    case 'agreement':
      return {
        ...state,
        agreement: { agreementDraftId: action.agreementDraftId, offerId: action.offerId },
        negotiation: state.negotiation
          ? { ...state.negotiation, status: 'closed', agreementDraftId: action.agreementDraftId }
          : state.negotiation,
      };
    default:
      return state;
  }
}

/**
 * Marks stale the HTTP queries a room event changes: the room lists (`/my/negotiations`: status, unread) and the
 * room looked up by application; an agreement draft also changes the applications and opens a deal.
 */
export function invalidateRoomQueries(event: 'offer' | 'status' | 'agreement'): Promise<void> {
  if (event === 'agreement') {
    return invalidate(
      '/api/v1/my/negotiations',
      '/api/v1/applications/{id}/negotiation',
      '/api/v1/my/applications',
      '/api/v1/deals',
      '/api/v1/deals/{id}',
    );
  }
  if (event === 'status') return invalidate('/api/v1/my/negotiations', '/api/v1/applications/{id}/negotiation');
  return invalidate('/api/v1/my/negotiations');
}

/** A fresh idempotency key (`crypto.randomUUID`, with a fallback for non-secure origins). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** An `ApiError` for a refused or failed acknowledgement (so forms and modals show it like HTTP errors). */
function ackError(code: string, message?: string, rule?: string): ApiError {
  return new ApiError({ statusCode: refusalStatus(code), code, message: refusalText(code, message, rule), rule });
}

/**
 * Emits through `register` and resolves with the acknowledged payload; rejects with an `ApiError` when the
 * server refuses, the acknowledgement times out or the socket is not connected.
 */
function ackCall<T>(
  socket: NegotiationSocket | null,
  register: (s: NegotiationSocket, cb: (err: Error | null, res: Ack<T>) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (!socket?.connected) {
      reject(ackError(ClientCode.DISCONNECTED));
      return;
    }
    register(socket, (err, res) => {
      if (err) reject(ackError(ClientCode.TIMEOUT));
      else if (res.ok) resolve(res);
      else reject(ackError(res.code, res.message, res.rule));
    });
  });
}

/** What `useNegotiationRoom` returns. */
export interface NegotiationRoom {
  state: RoomState;
  /** Sends a new message (shown as pending until acknowledged). */
  send: (body: string) => void;
  /** Resends a failed message with the same idempotency key. */
  retry: (pending: PendingMessage) => void;
  /** Drops a failed message from the list. */
  discard: (key: string) => void;
  retract: (messageId: string) => Promise<void>;
  /** Tells the server that everything up to `seq` has been read. */
  markRead: (seq: number) => void;
  /** Tells the others that I am typing (throttled). */
  notifyTyping: () => void;
  propose: (terms: OfferTerms, idempotencyKey: string) => Promise<OfferDto>;
  respond: (p: Omit<RespondPayload, 'negotiationId'>) => Promise<{ offer: OfferDto; agreementDraftId: string | null }>;
  /** Applies a room status learnt elsewhere (a staff action's HTTP answer). */
  applyStatus: (n: Pick<NegotiationDto, 'status' | 'statusReason'>) => void;
  /** Adds the message of an uploaded attachment (deduplicated by seq with its broadcast). */
  addUploaded: (message: MessageDto) => void;
}

/** Connects to the room `negotiationId` for the signed-in `user`. */
export function useNegotiationRoom(negotiationId: string, user: CurrentUser | null): NegotiationRoom {
  const [state, dispatch] = useReducer(roomReducer, INITIAL_ROOM);
  const socketRef = useRef<NegotiationSocket | null>(null);
  // The highest seq held, read when (re-)joining; kept in step with every merge.
  const lastSeqRef = useRef(0);
  const readSentRef = useRef(0);
  const typingSentRef = useRef(0);
  const userRef = useRef(user);
  useLayoutEffect(() => {
    userRef.current = user;
  }, [user]);

  const applyMessages = useCallback((messages: MessageDto[]) => {
    lastSeqRef.current = Math.max(lastSeqRef.current, maxSeq(messages));
    dispatch({ type: 'messages', messages });
  }, []);

  useEffect(() => {
    lastSeqRef.current = 0;
    readSentRef.current = 0;
    const socket: NegotiationSocket = io(`${window.location.origin}${NEGOTIATION_NAMESPACE}`, {
      // A function, so that every reconnect presents the current token (renewed first when it has expired).
      auth: (cb) =>
        void (getToken() ? Promise.resolve(getToken()) : refreshSession()).then((t) => cb({ token: t ?? '' })),
      transports: ['websocket'],
    });
    socketRef.current = socket;
    let disposed = false;

    const join = () => {
      dispatch({ type: 'connecting' });
      socket.timeout(ACK_TIMEOUT_MS).emit('room:join', { negotiationId, lastSeq: lastSeqRef.current }, (err, res) => {
        if (disposed) return;
        if (err) {
          // No answer: start over with a fresh connection (which joins again).
          socket.disconnect().connect();
          return;
        }
        if (!res.ok) {
          dispatch({ type: 'failed', code: res.code, message: refusalText(res.code, res.message, res.rule) });
          return;
        }
        lastSeqRef.current = Math.max(lastSeqRef.current, maxSeq(res.messages));
        dispatch({
          type: 'joined',
          negotiation: res.negotiation,
          messages: res.messages,
          offers: res.offers,
          online: res.online,
          names: res.names,
        });
      });
    };

    socket.on('connect', join);
    socket.on('disconnect', (reason) => {
      if (disposed) return;
      dispatch({ type: 'dropped' });
      // The server hung up: socket.io does not reconnect by itself then.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (err) => {
      if (disposed) return;
      if (err.message === 'UNAUTHORIZED') {
        dispatch({ type: 'unauthorized' });
        socket.disconnect();
        reportUnauthorized(getToken());
      } else if (!socket.active) {
        dispatch({
          type: 'failed',
          code: ClientCode.CONNECT_FAILED,
          message: refusalText(ClientCode.CONNECT_FAILED, err.message),
        });
      } else {
        dispatch({ type: 'dropped' });
      }
    });

    const mine = (p: { negotiationId: string }) => p.negotiationId === negotiationId;
    socket.on('message', (m) => {
      if (mine(m)) applyMessages([m]);
    });
    socket.on('message:retracted', (p) => {
      if (mine(p)) dispatch({ type: 'retracted', seq: p.seq, id: p.id });
    });
    socket.on('presence', (p) => {
      if (mine(p)) dispatch({ type: 'presence', online: p.online, names: p.names });
    });
    socket.on('typing', (p) => {
      if (mine(p) && p.userId !== userRef.current?.id) {
        dispatch({ type: 'typing', userId: p.userId, until: Date.now() + TYPING_SHOW_MS });
      }
    });
    socket.on('read', (p) => {
      if (mine(p)) dispatch({ type: 'read', userId: p.userId, seq: p.seq });
    });
    socket.on('offer', (o) => {
      if (!mine(o)) return;
      dispatch({ type: 'offer', offer: o });
      void invalidateRoomQueries('offer');
    });
    socket.on('room:status', (p) => {
      if (!mine(p)) return;
      dispatch({ type: 'status', status: p.status, reason: p.reason });
      void invalidateRoomQueries('status');
    });
    socket.on('agreement:drafted', (p) => {
      if (!mine(p)) return;
      dispatch({ type: 'agreement', agreementDraftId: p.agreementDraftId, offerId: p.offerId });
      void invalidateRoomQueries('agreement');
    });

    const expiry = window.setInterval(() => dispatch({ type: 'typingExpire', now: Date.now() }), 1_000);
    return () => {
      disposed = true;
      window.clearInterval(expiry);
      socket.removeAllListeners();
      socket.disconnect();
      if (socketRef.current === socket) socketRef.current = null;
    };
  }, [negotiationId, applyMessages]);

  const deliver = useCallback(
    (key: string, body: string) => {
      ackCall<{ id: string; seq: number }>(socketRef.current, (s, cb) =>
        s.timeout(ACK_TIMEOUT_MS).emit('message:send', { negotiationId, idempotencyKey: key, body }, cb),
      ).then(
        ({ id, seq }) => {
          const me = userRef.current;
          lastSeqRef.current = Math.max(lastSeqRef.current, seq);
          dispatch({
            type: 'acked',
            key,
            message: {
              id,
              seq,
              negotiationId,
              senderUserId: me?.id ?? '',
              senderName: me?.displayName ?? '',
              body,
              retracted: false,
              createdAt: new Date().toISOString(),
            },
          });
        },
        (err: unknown) => dispatch({ type: 'sendFailed', key, error: err instanceof Error ? err.message : '发送失败' }),
      );
    },
    [negotiationId],
  );

  const send = useCallback(
    (body: string) => {
      const key = newIdempotencyKey();
      dispatch({ type: 'pending', pending: { key, body, state: 'sending', createdAt: new Date().toISOString() } });
      deliver(key, body);
    },
    [deliver],
  );

  const retry = useCallback(
    (p: PendingMessage) => {
      dispatch({ type: 'pending', pending: { ...p, state: 'sending', error: undefined } });
      deliver(p.key, p.body);
    },
    [deliver],
  );

  const discard = useCallback((key: string) => dispatch({ type: 'discard', key }), []);

  const retract = useCallback(
    async (messageId: string) => {
      await ackCall<object>(socketRef.current, (s, cb) =>
        s.timeout(ACK_TIMEOUT_MS).emit('message:retract', { negotiationId, messageId }, cb),
      );
    },
    [negotiationId],
  );

  const markRead = useCallback(
    (seq: number) => {
      if (seq <= readSentRef.current || !socketRef.current?.connected) return;
      const previous = readSentRef.current;
      readSentRef.current = seq;
      ackCall<object>(socketRef.current, (s, cb) =>
        s.timeout(ACK_TIMEOUT_MS).emit('room:read', { negotiationId, seq }, cb),
      ).catch(() => {
        // Try again with the next render that calls `markRead`.
        if (readSentRef.current === seq) readSentRef.current = previous;
      });
    },
    [negotiationId],
  );

  const notifyTyping = useCallback(() => {
    const now = Date.now();
    if (now - typingSentRef.current < TYPING_THROTTLE_MS || !socketRef.current?.connected) return;
    typingSentRef.current = now;
    socketRef.current.emit('room:typing', { negotiationId });
  }, [negotiationId]);

  const propose = useCallback(
    async (terms: OfferTerms, idempotencyKey: string) => {
      const { offer } = await ackCall<{ offer: OfferDto }>(socketRef.current, (s, cb) =>
        s.timeout(ACK_TIMEOUT_MS).emit('offer:propose', { negotiationId, idempotencyKey, terms }, cb),
      );
      dispatch({ type: 'offer', offer });
      return offer;
    },
    [negotiationId],
  );

  const respond = useCallback(
    async (p: Omit<RespondPayload, 'negotiationId'>) => {
      const res = await ackCall<{ offer: OfferDto; agreementDraftId: string | null }>(socketRef.current, (s, cb) =>
        s.timeout(ACK_TIMEOUT_MS).emit('offer:respond', { ...p, negotiationId }, cb),
      );
      dispatch({ type: 'offer', offer: res.offer });
      if (res.agreementDraftId) {
        dispatch({ type: 'agreement', agreementDraftId: res.agreementDraftId, offerId: res.offer.id });
      }
      return { offer: res.offer, agreementDraftId: res.agreementDraftId };
    },
    [negotiationId],
  );

  /**
   * Adds the message of an uploaded attachment (the HTTP answer; the room broadcast is deduplicated by seq).
   * `lastSeq` is left alone so that a re-join still replays any message missed before this one.
   */
  const addUploaded = useCallback((message: MessageDto) => dispatch({ type: 'uploaded', message }), []);

  const applyStatus = useCallback(
    (n: Pick<NegotiationDto, 'status' | 'statusReason'>) =>
      dispatch({ type: 'status', status: n.status, reason: n.statusReason }),
    [],
  );

  return useMemo(
    () => ({
      state,
      send,
      retry,
      discard,
      retract,
      markRead,
      notifyTyping,
      propose,
      respond,
      applyStatus,
      addUploaded,
    }),
    [state, send, retry, discard, retract, markRead, notifyTyping, propose, respond, applyStatus, addUploaded],
  );
}
