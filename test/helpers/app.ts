import { INestApplication } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import request from 'supertest';
import type { Response as SuperagentResponse } from 'superagent';
import { DataSource } from 'typeorm';
import { generate } from 'otplib';
import { DEMO_PASSWORD, DEMO_TOTP_SECRETS, seedDemoAccounts } from '../../apps/api/src/auth/demo-accounts';
import { TotpService } from '../../apps/api/src/auth/totp.service';
import { createApplication, DEMO_DATA_FILE } from '../../apps/api/src/app/bootstrap';
import { loadConfig } from '../../apps/api/src/config/env.config';
import { runMigrations } from '../../apps/api/src/database/data-source';
import { ImportReport, ImportService, splitImportFile } from '../../apps/api/src/import/import.service';
import { ServiceEndpoints } from '../../apps/api/src/runtime/runtime';

/** The endpoints of the real services started by the e2e globalSetup. */
export function e2eEndpoints(overrides: Partial<ServiceEndpoints> = {}): ServiceEndpoints {
  const need = (k: string) => {
    const v = process.env[k];
    if (!v) throw new Error(`${k} missing: run the e2e suites through jest (globalSetup starts the services)`);
    return v;
  };
  return {
    databaseUrl: need('E2E_DATABASE_URL'),
    databaseMode: 'external',
    meiliUrl: need('E2E_MEILI_URL'),
    meiliApiKey: process.env.E2E_MEILI_KEY || undefined,
    meiliMode: 'external',
    redisUrl: undefined,
    ...overrides,
  };
}

/**
 * Boots the real `AppModule` (migrations included) against the e2e services, with an index prefix of its
 * own so that suites do not see each other's search documents, on emptied database tables.
 */
export async function bootApp(
  prefix: string,
  opts: { redis?: boolean; endpoints?: Partial<ServiceEndpoints>; env?: Record<string, string> } = {},
): Promise<INestApplication> {
  const config = loadConfig({
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    MEILI_INDEX_PREFIX: `${prefix}_`,
    QUEUE_PREFIX: `test_${prefix}`,
    ...opts.env,
  });
  const endpoints = e2eEndpoints({
    redisUrl: opts.redis ? process.env.E2E_REDIS_URL : undefined,
    ...opts.endpoints,
  });
  // Empty the tables before the app checks its index against them (the index is per suite, the database shared).
  await runMigrations(endpoints.databaseUrl);
  const client = new Client({ connectionString: endpoints.databaseUrl });
  await client.connect();
  await client.query(TRUNCATE_ALL).finally(() => client.end());
  return createApplication(config, endpoints);
}

const TRUNCATE_ALL =
  'TRUNCATE agreement_draft, offer, negotiation_read, negotiation_message, negotiation, attachment, audit_log, notification, review_score, screening_opinion, expert_assignment, application_member, ' +
  'application, listing, announcement, control_edge, credit_record, auth_refresh_token, auth_session, login_throttle, app_user, organization CASCADE';

/** The shipped demo dataset (real organisations and listings with their sources). */
export function demoData(): unknown {
  return JSON.parse(readFileSync(DEMO_DATA_FILE, 'utf8'));
}

/** Imports data through the real import service and waits until the search index shows it. */
export async function importAndIndex(app: INestApplication, data: unknown): Promise<ImportReport> {
  const report = await app.get(ImportService).import(splitImportFile(data));
  await Promise.all(report.indexJobs.map((j) => j.finished()));
  return report;
}

/**
 * Creates the demo accounts (one per role, password `DEMO_PASSWORD`) on the imported demo organisations; the
 * approver and the admin get their `DEMO_TOTP_SECRETS` second factor.
 */
export async function seedAccounts(app: INestApplication): Promise<void> {
  await seedDemoAccounts(app.get(DataSource), app.get(TotpService));
}

/** RFC 6238 time steps already spent per app and demo user (the API refuses a code of a used step: replay). */
const spentSteps = new WeakMap<INestApplication, Map<string, number>>();

/**
 * A fresh TOTP code for a demo account with a fixed secret (`DEMO_TOTP_SECRETS`), or undefined for the others.
 * Never repeats a time step for the same app and user: after the current step was used it takes the next one
 * (the API accepts ±1 step), and beyond that waits for the clock.
 */
export async function demoTotpCode(app: INestApplication, username: string): Promise<string | undefined> {
  const secret = DEMO_TOTP_SECRETS[username];
  if (!secret) return undefined;
  const spent = spentSteps.get(app) ?? new Map<string, number>();
  spentSteps.set(app, spent);
  const now = () => Math.floor(Date.now() / 1000 / 30);
  const step = Math.max(now(), (spent.get(username) ?? -1) + 1);
  while (step > now() + 1) await new Promise((r) => setTimeout(r, 1000));
  spent.set(username, step);
  return generate({ secret, epoch: step * 30 });
}

/** Login body for a demo account, with a TOTP code when the account has a demo second factor. */
export async function loginBody(
  app: INestApplication,
  username: string,
  password = DEMO_PASSWORD,
): Promise<{ username: string; password: string; totpCode?: string }> {
  const totpCode = await demoTotpCode(app, username);
  return totpCode ? { username, password, totpCode } : { username, password };
}

/** Cached tokens of accounts with a second factor, per app: a code can be used once, so log them in once. */
const totpTokens = new WeakMap<INestApplication, Map<string, string>>();

/**
 * Logs in through the real endpoint and returns the bearer token. Accounts with a demo second factor (approver,
 * admin) log in once per app and reuse their token while `/auth/me` still accepts it.
 */
export async function tokenFor(app: INestApplication, username: string, password = DEMO_PASSWORD): Promise<string> {
  const cache = DEMO_TOTP_SECRETS[username] ? (totpTokens.get(app) ?? new Map<string, string>()) : undefined;
  if (cache) totpTokens.set(app, cache);
  const cached = cache?.get(`${username}\n${password}`);
  if (cached) {
    const me = await request(app.getHttpServer()).get('/api/v1/auth/me').set('Authorization', `Bearer ${cached}`);
    if (me.status === 200 && me.body.username === username) return cached;
  }
  const res = await request(app.getHttpServer())
    .post('/api/v1/auth/login')
    .send(await loginBody(app, username, password));
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  cache?.set(`${username}\n${password}`, res.body.accessToken as string);
  return res.body.accessToken as string;
}

/** The id of the organisation with this exact name. */
export async function orgId(app: INestApplication, name: string): Promise<string> {
  const rows: { id: string }[] = await app.get(DataSource).query('SELECT id FROM organization WHERE name = $1', [name]);
  if (rows.length !== 1) throw new Error(`expected one organisation named ${name}, found ${rows.length}`);
  return rows[0].id;
}

/** supertest parser that keeps a binary response body as a Buffer (for downloads). */
export function bufferBody(res: SuperagentResponse, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}
