import { INestApplication, Logger, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { randomUUID } from 'node:crypto';
import { io, Socket } from 'socket.io-client';
import request from 'supertest';
import {
  Ack,
  JoinDto,
  ProposeDto,
  ReadDto,
  RespondDto,
  RetractDto,
  RoomRefDto,
  SendDto,
  usccCheckChar,
} from '@jiebang/contracts';
import { bootApp, demoData, importAndIndex, seedAccounts, tokenFor } from '../helpers/app';
import { changedTables, deepJson, tableSnapshot } from '../helpers/edge';

/*
 * Issue 11, item 2: a fuzz suite over every HTTP route and every socket event. Routes are enumerated from the
 * running Nest app (controllers' path and method metadata); the bad inputs of each are derived from its DTO
 * classes (class-validator's metadata for every property, class-transformer's for nested classes), on top of a
 * best-effort valid body: missing required nested objects, impossible calendar dates, NUL and other control
 * characters, blank required text, wrong types, unknown fields, bad uuids in paths; and for every JSON route
 * malformed, 3,000-deep, non-object and oversized bodies. The suite fails on any 5xx, on any 2xx, and on any
 * write made by a refused request (a fingerprint of every table before and after each route's corpus).
 */

// class-transformer keeps its metadata storage (the @Type of nested properties) outside its typed entry point.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const storage: typeof import('class-transformer/types/storage') = require('class-transformer/cjs/storage');
const { defaultMetadataStorage } = storage;

type Cls = new () => object;
type Prop = { name: string; c: Map<string, unknown[]>; optional: boolean; each: boolean; nested?: Cls };
type Case = { label: string; value: unknown };

const PASSWORD = 'Fuzz-Test-Pa55-word!';
let usccSeq = 0;
const freshUscc = () => {
  const body = `91150602MAFUX${String(usccSeq++).padStart(4, '0')}`;
  return body + usccCheckChar(body);
};

/** Every validated property of a DTO class, with its constraints by name. */
function propsOf(cls: Cls): Prop[] {
  const storage = getMetadataStorage();
  const metas: ValidationMetadata[] = storage.getTargetValidationMetadatas(cls, '', true, false);
  const byName = new Map<string, Prop>();
  for (const m of metas) {
    const p: Prop = byName.get(m.propertyName) ?? {
      name: m.propertyName,
      c: new Map<string, unknown[]>(),
      optional: false,
      each: false,
    };
    byName.set(m.propertyName, p);
    if (m.type === 'conditionalValidation') p.optional = true;
    else if (m.type === 'nestedValidation') {
      const t = defaultMetadataStorage.findTypeMetadata(cls, m.propertyName);
      p.nested = t?.typeFunction() as Cls | undefined;
      p.each ||= !!m.each;
    } else {
      const name =
        m.type === 'customValidation'
          ? (storage.getTargetValidatorConstraints(m.constraintCls)[0]?.name ?? 'custom')
          : m.type;
      p.c.set(name, m.constraints ?? []);
      p.each ||= !!m.each;
    }
  }
  return [...byName.values()];
}

const MATCH_CANDIDATES = ['1000.00', '100', '150602', '13800000000', 'fuzz.user', '1502002026000123', '123456'];

/** A value that passes the property's constraints as far as they can be read (best effort). */
function validValue(p: Prop): unknown {
  const has = (n: string) => p.c.has(n);
  const arg = (n: string) => p.c.get(n)?.[0];
  if (p.nested) {
    const inner = validBody(p.nested);
    return p.each || has('isArray') ? [inner] : inner;
  }
  let v: unknown;
  if (has('isUuid')) v = randomUUID();
  else if (has('isCalendarDate')) v = '2026-06-01';
  else if (has('isIn')) v = (arg('isIn') as unknown[])[0];
  else if (has('isEnum')) v = Object.values(arg('isEnum') as object)[0];
  else if (has('isInt') || has('isNumber') || has('min') || has('max')) v = has('min') ? Number(arg('min')) : 1;
  else if (has('isBoolean')) v = true;
  else if (has('isUscc')) v = freshUscc();
  else if (has('isEmail')) v = 'fuzz@example.com';
  else if (has('isAcceptablePassword')) v = PASSWORD;
  else if (has('matches')) {
    const re = arg('matches') as RegExp;
    v = MATCH_CANDIDATES.find((x) => re.test(x)) ?? 'x';
  } else {
    const min = Math.max(Number(arg('isNotBlank') ?? 0), Number(arg('minLength') ?? 0), 4);
    const max = Number(arg('maxLength') ?? 200);
    v = '模糊测试文本'.repeat(Math.ceil(min / 6) + 1).slice(0, Math.min(Math.max(min, 12), max));
  }
  return p.each || has('isArray') ? [v] : v;
}

/** A best-effort valid body of a DTO class (every property, optional ones included). */
function validBody(cls: Cls): Record<string, unknown> {
  return Object.fromEntries(propsOf(cls).map((p) => [p.name, validValue(p)]));
}

/** Bad values for one property, each of which must be refused whatever the other properties hold. */
function badValues(p: Prop, base: unknown): Case[] {
  const out: Case[] = [];
  const wrap = (v: unknown) => (p.each || p.c.has('isArray') ? [v] : v);
  if (p.nested) {
    if (!p.optional) out.push({ label: 'missing', value: undefined }, { label: 'null', value: null });
    out.push({ label: 'a string', value: 'x' }, { label: 'a number', value: 7 });
    if (!(p.each || p.c.has('isArray'))) out.push({ label: 'an array', value: [] });
    else out.push({ label: 'an object for an array', value: {} });
    const innerBase = Array.isArray(base) ? base[0] : base;
    for (const inner of casesOf(p.nested, innerBase as Record<string, unknown>)) {
      out.push({ label: `.${inner.label}`, value: wrap(inner.value) });
    }
    return out;
  }
  if (!p.optional) out.push({ label: 'missing', value: undefined });
  const sample = Array.isArray(base) ? base[0] : base;
  if (typeof sample === 'string') {
    out.push(
      { label: 'NUL', value: wrap(`${sample}\u0000`) },
      { label: 'ESC', value: wrap(`\u001b${sample}`) },
      { label: 'a number', value: wrap(12345) },
      { label: 'an object', value: wrap({ a: 1 }) },
    );
    if (p.c.has('isNotBlank')) out.push({ label: 'blank', value: wrap('     \t ') });
    if (p.c.has('isCalendarDate')) {
      for (const d of ['2026-02-30', '2026-02-29', '2027-13-01', '2026-6-1', '2026-06-01T00:00:00Z'])
        out.push({ label: d, value: wrap(d) });
    }
    if (p.c.has('isUuid')) out.push({ label: 'bad uuid', value: wrap('not-a-uuid') });
  } else if (typeof sample === 'number') {
    out.push({ label: 'a string', value: wrap('abc') }, { label: 'an object', value: wrap({}) });
    out.push({ label: '1e308', value: wrap(1e308) });
  } else if (typeof sample === 'boolean') {
    out.push({ label: 'a string', value: wrap('yes') });
  }
  if (p.each || p.c.has('isArray')) out.push({ label: 'an object for an array', value: { a: 1 } });
  return out;
}

/** The corpus of bad bodies of a DTO class, each a full body with one defect. */
function casesOf(cls: Cls, base: Record<string, unknown> = validBody(cls)): Case[] {
  const out: Case[] = [
    { label: 'unknown field', value: { ...base, zzUnknown: 'x' } },
    { label: 'NUL in a key', value: { ...base, ['k\u0000']: 1 } },
  ];
  for (const p of propsOf(cls)) {
    for (const b of badValues(p, base[p.name])) {
      const body = { ...base };
      if (b.value === undefined) delete body[p.name];
      else body[p.name] = b.value;
      out.push({ label: `${p.name} ${b.label}`, value: body });
    }
  }
  return out;
}

type Route = {
  method: 'get' | 'post' | 'put' | 'delete' | 'patch';
  path: string;
  params: string[];
  body?: Cls;
  bodyField?: string;
  query?: Cls;
};

const METHODS: Partial<Record<RequestMethod, Route['method']>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.DELETE]: 'delete',
  [RequestMethod.PATCH]: 'patch',
};
const join = (...parts: string[]) =>
  `/${parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/')}`;

/** Every route of the running app, from its controllers' metadata. */
function routesOf(app: INestApplication): Route[] {
  const routes: Route[] = [];
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const ctrl = wrapper.metatype as Cls | undefined;
      if (!ctrl) continue;
      const base = [Reflect.getMetadata(PATH_METADATA, ctrl) ?? ''].flat()[0] as string;
      for (const key of Object.getOwnPropertyNames(ctrl.prototype)) {
        const handler = (ctrl.prototype as Record<string, unknown>)[key];
        if (key === 'constructor' || typeof handler !== 'function') continue;
        const m = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        const method = m === undefined ? undefined : METHODS[m];
        if (!method) continue;
        for (const sub of [Reflect.getMetadata(PATH_METADATA, handler) ?? '/'].flat() as string[]) {
          const path = join('api', 'v1', base, sub);
          const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, ctrl, key) ?? {}) as Record<
            string,
            { index: number; data?: string }
          >;
          const types = (Reflect.getMetadata('design:paramtypes', ctrl.prototype, key) ?? []) as Cls[];
          const route: Route = { method, path, params: [...path.matchAll(/:(\w+)/g)].map((x) => x[1]) };
          for (const [k, a] of Object.entries(args)) {
            const kind = Number(k.split(':')[0]);
            const t = types[a.index];
            const isDto =
              typeof t === 'function' &&
              getMetadataStorage().getTargetValidationMetadatas(t, '', true, false).length > 0;
            if (kind === RouteParamtypes.BODY && a.data) route.bodyField = a.data;
            else if (kind === RouteParamtypes.BODY && isDto) route.body = t;
            else if (kind === RouteParamtypes.QUERY && !a.data && isDto) route.query = t;
          }
          routes.push(route);
        }
      }
    }
  }
  return routes;
}

const USERS = ['staff.broker', 'staff.approver', 'staff.admin', 'enterprise.demo', 'institute.demo', 'expert.demo'];

describe('fuzz: bad input on every route and socket event gets a 4xx with a code and writes nothing', () => {
  let app: INestApplication;
  let url: string;
  const tokens: Record<string, string> = {};
  let routes: Route[];

  beforeAll(async () => {
    app = await bootApp('fuzz');
    const data = demoData() as { organizations: unknown[]; listings: unknown[] };
    await importAndIndex(app, { organizations: data.organizations, listings: data.listings.slice(0, 3) });
    await seedAccounts(app);
    for (const u of USERS) tokens[u] = await tokenFor(app, u);
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
    routes = routesOf(app);
  });
  afterAll(() => app?.close());

  it('enumerates the routes of every controller', () => {
    expect(routes.length).toBeGreaterThanOrEqual(80);
    expect(routes.filter((r) => r.body).length).toBeGreaterThanOrEqual(30);
    expect(routes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ method: 'post', path: '/api/v1/organizations' }),
        expect.objectContaining({ method: 'post', path: '/api/v1/deals/:id/sign' }),
      ]),
    );
  });

  it('every route: no 5xx, no 2xx and no write for any bad input', async () => {
    const failures: string[] = [];
    let sent = 0;
    const pathWith = (r: Route, value: (param: string) => string) =>
      r.path.replace(/:(\w+)/g, (_, p: string) => encodeURIComponent(value(p)));

    for (const r of routes) {
      const ids: Record<string, string> = Object.fromEntries(r.params.map((p) => [p, randomUUID()]));
      const goodPath = pathWith(r, (p) => ids[p]);
      type Sent = { label: string; send: (token: string) => request.Test };
      const call = (token: string, path: string) => {
        const req = request(app.getHttpServer())[r.method](path);
        return token ? req.set('Authorization', `Bearer ${token}`) : req;
      };
      const cases: Sent[] = [];
      const raw = (label: string, body: string) =>
        cases.push({
          label,
          send: (tk) => call(tk, goodPath).set('Content-Type', 'application/json').send(body),
        });
      if (r.method !== 'get') {
        raw('malformed JSON', '{"a":');
        raw('3,000-deep JSON', deepJson(3000));
        for (const b of ['[]', '[{}]', '42', '"text"', 'null', 'true']) raw(`non-object ${b}`, b);
        raw('oversized', JSON.stringify({ a: 'x'.repeat(150_000) }));
      }
      for (const p of r.params) {
        for (const bad of ['not-a-uuid', '\u0000', '12345678-1234-1234-1234-1234567890123', "' OR 1=1 --"]) {
          const path = pathWith(r, (q) => (q === p ? bad : ids[q]));
          cases.push({
            label: `path :${p} = ${JSON.stringify(bad)}`,
            send: (tk) => (r.body ? call(tk, path).send(validBody(r.body)) : call(tk, path)),
          });
        }
      }
      if (r.body) {
        for (const c of casesOf(r.body)) {
          cases.push({ label: `body ${c.label}`, send: (tk) => call(tk, goodPath).send(c.value as object) });
        }
      }
      if (r.bodyField) {
        for (const v of ['\u0000', 12345, { a: 1 }]) {
          cases.push({
            label: `body.${r.bodyField} = ${JSON.stringify(v)}`,
            send: (tk) => call(tk, goodPath).send({ [r.bodyField!]: v }),
          });
        }
      }
      if (r.query) {
        const base = validBody(r.query);
        const flat = (o: Record<string, unknown>) =>
          Object.fromEntries(Object.entries(o).filter(([, v]) => typeof v !== 'object'));
        cases.push({
          label: 'query unknown field',
          send: (tk) => call(tk, goodPath).query({ ...flat(base), zzUnknown: 'x' }),
        });
        for (const p of propsOf(r.query)) {
          const v = base[p.name];
          const bads =
            typeof v === 'number' ? ['abc', '-1e999', '1.5'] : typeof v === 'string' ? [`${v}\u0000`, `\u001b`] : [];
          for (const b of bads) {
            cases.push({
              label: `query ${p.name} = ${JSON.stringify(b)}`,
              send: (tk) => call(tk, goodPath).query({ ...flat(base), [p.name]: b }),
            });
          }
        }
      }
      if (!cases.length) continue;

      // A user the route's guards admit: the first whose answer to a bad input is not 401/403.
      let token = '';
      for (const u of USERS) {
        const probe = await cases[cases.length - 1].send(tokens[u]);
        if (probe.status !== 401 && probe.status !== 403) {
          token = tokens[u];
          break;
        }
      }
      const before = await tableSnapshot(app);
      for (const c of cases) {
        const res = await c.send(token);
        sent++;
        const where = `${r.method.toUpperCase()} ${r.path} ${c.label}`;
        if (res.status >= 500) failures.push(`${where}: ${res.status} ${JSON.stringify(res.body)}`);
        else if (res.status < 400) failures.push(`${where}: accepted with ${res.status}`);
        else if (typeof res.body?.code !== 'string') failures.push(`${where}: ${res.status} without a code`);
        else if (res.body.code === 'INVALID_VALUE')
          failures.push(`${where}: refused by PostgreSQL (the safety net), not by validation at the edge`);
        else if (res.status === 404 && String(res.body.message).startsWith('Cannot '))
          failures.push(`${where}: the route does not exist (${res.body.message})`);
      }
      const changed = changedTables(before, await tableSnapshot(app));
      if (changed.length) failures.push(`${r.method.toUpperCase()} ${r.path}: refused requests wrote to ${changed}`);
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(1000);
  });

  it('every socket event: a refusal ack with a code, logged with a correlation id; the socket stays usable', async () => {
    const socket: Socket = io(`${url}/negotiations`, {
      auth: { token: tokens['enterprise.demo'] },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    await new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(undefined));
      socket.once('connect_error', reject);
    });
    const exceptions: unknown[] = [];
    socket.on('exception', (e: unknown) => exceptions.push(e));
    const logged = jest.spyOn(Logger.prototype, 'log');
    const errors = jest.spyOn(Logger.prototype, 'error');
    const call = (event: string, payload: unknown) =>
      new Promise<Ack<object>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ack for ${event}`)), 5000);
        socket.emit(event, payload, (r: Ack<object>) => {
          clearTimeout(timer);
          resolve(r);
        });
      });
    const events: [string, Cls][] = [
      ['room:join', JoinDto],
      ['room:leave', RoomRefDto],
      ['message:send', SendDto],
      ['message:retract', RetractDto],
      ['room:read', ReadDto],
      ['offer:propose', ProposeDto],
      ['offer:respond', RespondDto],
    ];
    const failures: string[] = [];
    const before = await tableSnapshot(app);
    for (const [event, cls] of events) {
      const payloads: Case[] = [
        ...casesOf(cls),
        { label: 'an array', value: [validBody(cls)] },
        { label: 'a number', value: 42 },
        { label: 'a string', value: 'text' },
        { label: 'null', value: null },
        { label: '3,000-deep', value: JSON.parse(deepJson(3000)) },
      ];
      for (const p of payloads) {
        const r = await call(event, p.value);
        const where = `${event} ${p.label}`;
        if (r.ok) {
          failures.push(`${where}: accepted`);
          continue;
        }
        const correlationId = (r as { correlationId?: string }).correlationId;
        if (!r.code || r.code === 'INTERNAL_ERROR') failures.push(`${where}: ${JSON.stringify(r)}`);
        else if (!correlationId || !logged.mock.calls.some(([m]) => String(m).includes(correlationId)))
          failures.push(`${where}: refusal not logged with its correlation id`);
      }
      socket.emit('room:typing', null);
      socket.emit('room:typing', { negotiationId: '\u0000' });
    }
    expect(failures).toEqual([]);
    expect(errors.mock.calls.filter(([m]) => /room:|message:|offer:/.test(String(m)))).toEqual([]);
    expect(exceptions).toEqual([]);
    expect(changedTables(before, await tableSnapshot(app))).toEqual([]);
    // Still connected and answering.
    expect(socket.connected).toBe(true);
    const still = await call('room:join', { negotiationId: randomUUID(), lastSeq: 0 });
    expect(still).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    logged.mockRestore();
    errors.mockRestore();
    socket.close();
  });
});
