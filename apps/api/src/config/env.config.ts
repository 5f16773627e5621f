import { plainToInstance, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';
import { DEFAULT_NOTICE_WORKING_DAYS } from '@jiebang/policy';

/**
 * Environment of the API, validated at boot (ARCHITECTURE practice 3).
 * Every variable is optional: unset services are started embedded (PostgreSQL, Meilisearch) or replaced by
 * in-process job handling (Redis). See the README "Configuration" table.
 */
export class EnvConfig {
  /** PostgreSQL URL, e.g. `postgres://user:pass@127.0.0.1:5432/jiebang`. Unset → embedded PostgreSQL. */
  @IsOptional()
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true })
  DATABASE_URL?: string;

  /** Meilisearch URL, e.g. `http://127.0.0.1:7700`. Unset → the pinned embedded binary. */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  MEILI_URL?: string;

  /** Meilisearch API key (master key or an admin key); required by most non-development servers. */
  @IsOptional()
  @IsString()
  @MinLength(16)
  MEILI_MASTER_KEY?: string;

  /** Prefix of every Meilisearch index this process uses (lets tests and tenants share one server). */
  @IsOptional()
  @Matches(/^[a-z0-9_]{0,32}$/)
  MEILI_INDEX_PREFIX = '';

  /** Redis URL for BullMQ, e.g. `redis://127.0.0.1:6379`. Unset → the same job handlers run in-process. */
  @IsOptional()
  @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false, require_protocol: true })
  REDIS_URL?: string;

  /** Prefix of BullMQ keys in Redis. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_:-]{1,64}$/)
  QUEUE_PREFIX = 'jiebang';

  /** HTTP port of the API and the web app. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Interface to listen on. */
  @IsString()
  HOST = '0.0.0.0';

  /** Folder for embedded services' data (`postgres/`, `meili/`) and uploads. */
  @IsString()
  DATA_DIR = '.data';

  /** Folder of the built web app served at `/`. */
  @IsString()
  WEB_DIST_DIR = 'dist/web';

  /**
   * `true`: load the demo dataset, the demo accounts and the 【演示】 deals into an empty database at start.
   * Always `false` when `NODE_ENV=production`, whatever the variable says (see `loadConfig`).
   */
  @IsIn(['true', 'false'])
  SEED_DEMO: 'true' | 'false' = 'true';

  /** Node environment; `production` turns demo seeding off for good (`SEED_DEMO` is then ignored). */
  @IsOptional()
  @IsString()
  NODE_ENV?: string;

  /**
   * `true`: every process applies pending migrations at start (serialised by a PostgreSQL advisory lock).
   * `false`: the process only checks that none is pending and refuses to start otherwise — for deployments where
   * a single migration job (`node dist/api/apps/api/src/cli/migrate.js`) migrates before the replicas roll out.
   */
  @IsIn(['true', 'false'])
  MIGRATE_ON_START: 'true' | 'false' = 'true';

  /** Secret for signing access tokens (≥ 32 chars). Unset → generated once and kept in `DATA_DIR/jwt-secret`. */
  @IsOptional()
  @IsString()
  @MinLength(32)
  JWT_SECRET?: string;

  /**
   * Access-token lifetime in seconds (15 minutes): short, because the web client renews it with the refresh token
   * (`POST /api/v1/auth/refresh`); a revoked session is refused at once anyway (the guard checks it on every call).
   */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(7 * 24 * 3600)
  JWT_TTL_SECONDS = 15 * 60;

  /** Absolute lifetime of a login session (its refresh tokens), seconds; refreshing does not extend it. */
  @Type(() => Number)
  @IsInt()
  @Min(300)
  @Max(30 * 24 * 3600)
  SESSION_TTL_SECONDS = 12 * 3600;

  /**
   * Express `trust proxy`: how the client address used by login throttling is derived. `false` (default): the
   * TCP peer's address; `true`, a hop count (`1`) or a list of proxy addresses/subnets: from `X-Forwarded-For`
   * as far as those proxies are trusted. Set it only behind a reverse proxy that overwrites the header.
   */
  @IsOptional()
  @Matches(/^(true|false|\d{1,2}|[0-9a-fA-F.:/, ]+|loopback|linklocal|uniquelocal)$/)
  TRUST_PROXY = 'false';

  /**
   * Default length of a public notice (公示期) in Chinese working days; default the rule's 5 (`DURATIONS.notice` of
   * `@jiebang/policy`: `000` 四.3, `001 §10(三)`).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(30)
  NOTICE_WORKING_DAYS = DEFAULT_NOTICE_WORKING_DAYS;

  /**
   * Work-queue periods (Chinese working days) replacing the defaults of `WORK_QUEUES` (`@jiebang/policy`), e.g.
   * `subsidyApproval=3,screening=15`: queue names of that table, 1–60 days each. Unset → the table's defaults
   * (most are `configuration`: the policy texts name no period). Read with `parseQueueDayOverrides`.
   */
  @IsOptional()
  @Matches(/^\s*([A-Za-z]+\s*[=:]\s*\d{1,2}\s*)(,\s*[A-Za-z]+\s*[=:]\s*\d{1,2}\s*)*$/)
  WORK_QUEUE_DAYS?: string;

  /**
   * Failed logins for one account from one client address before that pair waits between attempts (429
   * `LOGIN_THROTTLED` with `Retry-After`). No account is ever locked: the same account from another address is
   * not slowed down (policy in `apps/api/src/auth/login-throttle.ts`).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_MAX_FAILURES = 5;

  /** Failed logins (any accounts) from one client address before that address waits between attempts. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  LOGIN_ADDRESS_MAX_FAILURES = 100;

  /** First wait after the allowance is spent, seconds; each further failure doubles it. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  LOGIN_DELAY_BASE_SECONDS = 1;

  /** Longest wait between attempts, minutes (the doubling stops there). Formerly the lock-out length. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  LOGIN_LOCK_MINUTES = 15;

  /** Where attachments are stored: `local` (under `DATA_DIR/uploads`) or `s3` (an S3-compatible store, e.g. MinIO). */
  @IsIn(['local', 's3'])
  STORAGE_DRIVER: 'local' | 's3' = 'local';

  /** S3 endpoint URL, e.g. `http://minio:9000` (required with `STORAGE_DRIVER=s3`). */
  @ValidateIf((c: EnvConfig) => c.STORAGE_DRIVER === 's3')
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  S3_ENDPOINT?: string;

  @ValidateIf((c: EnvConfig) => c.STORAGE_DRIVER === 's3')
  @Matches(/^[a-z0-9][a-z0-9.-]{2,62}$/)
  S3_BUCKET?: string;

  @ValidateIf((c: EnvConfig) => c.STORAGE_DRIVER === 's3')
  @IsString()
  @MinLength(3)
  S3_ACCESS_KEY?: string;

  @ValidateIf((c: EnvConfig) => c.STORAGE_DRIVER === 's3')
  @IsString()
  @MinLength(3)
  S3_SECRET_KEY?: string;

  @IsString()
  S3_REGION = 'us-east-1';

  /**
   * SMTP server for e-mailed notifications, e.g. `smtp://user:pass@mail.example.org:587` (`smtps://` for implicit
   * TLS). Unset → no e-mail is sent (logged once at start); in-app notifications are unaffected.
   */
  @IsOptional()
  @IsUrl({ protocols: ['smtp', 'smtps'], require_tld: false, require_protocol: true })
  SMTP_URL?: string;

  /** Sender of notification e-mails, e.g. `揭榜挂帅平台 <noreply@example.org>`. */
  @IsString()
  @MinLength(3)
  MAIL_FROM = '揭榜挂帅平台 <noreply@jiebang.example.org>';

  /** SMS gateway driver: `log` (writes each SMS to the log, development) or `none` (no SMS). */
  @IsIn(['log', 'none'])
  SMS_DRIVER: 'log' | 'none' = 'log';

  /** When the daily notification digest is e-mailed, Beijing time `HH:MM` (24 h). */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'DIGEST_AT must be HH:MM (24 h, Beijing time)' })
  DIGEST_AT = '08:00';

  /** Public address of the web app, used for links in e-mails (no trailing slash), e.g. `https://jiebang.example.org`. */
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  PUBLIC_URL = 'http://localhost:3000';

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';
}

/** Thrown when the environment is invalid; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; problem: string }[]) {
    super(`Invalid configuration: ${problems.map((p) => `${p.variable}: ${p.problem}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the environment into a typed `EnvConfig`; empty strings count as unset.
 * With `NODE_ENV=production`, `SEED_DEMO` is forced to `false` (a valid `SEED_DEMO=true` is ignored, not an error).
 * @throws ConfigError naming each invalid variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): EnvConfig {
  const raw: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') raw[k] = v;
  const config = plainToInstance(EnvConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, forbidUnknownValues: false });
  if (errors.length) {
    throw new ConfigError(
      errors.map((e) => ({
        variable: e.property,
        problem: Object.values(e.constraints ?? {}).join(', '),
      })),
    );
  }
  // The one refusal of demo data in production (issue 18): no demo accounts, organisations or 【演示】 deals.
  if (config.NODE_ENV === 'production') config.SEED_DEMO = 'false';
  return config;
}
