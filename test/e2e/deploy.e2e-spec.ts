import { INestApplication } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { parse, parseAllDocuments } from 'yaml';
import { createApplication, PendingMigrationsError } from '../../apps/api/src/app/bootstrap';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../apps/api/src/auth/demo-accounts';
import { loadConfig } from '../../apps/api/src/config/env.config';
import { MIGRATIONS, pendingMigrations, runMigrations } from '../../apps/api/src/database/data-source';
import { e2eEndpoints } from '../helpers/app';

/**
 * Issue 18 item 4, production topology. Offline checks of `docker/docker-compose.yml` + `docker/nginx.conf` and of
 * the Kubernetes manifests under `deploy/k8s` (rendered by the small kustomize below, and compared with
 * `kubectl kustomize` when kubectl is installed); then the production boot path on a fresh database: no demo data
 * with NODE_ENV=production whatever SEED_DEMO says, MIGRATE_ON_START=false refusing a schema that is behind, and
 * concurrent migrators serialised by the advisory lock.
 */

const ROOT = resolve(__dirname, '..', '..');
const OVERLAY = join(ROOT, 'deploy', 'k8s', 'overlays', 'production');
/** Environment variable names whose values are secrets: never inline, only from a Secret (or `${VAR:?}` in compose). */
const SECRET_NAME = /PASSWORD|SECRET|KEY|TOKEN|DATABASE_URL/;
/** A URL carrying credentials (`scheme://user:password@host`). */
const URL_WITH_PASSWORD = /:\/\/[^/\s:@]+:[^@\s]+@/;

type Json = Record<string, unknown>;
interface Manifest {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}
interface Container {
  name: string;
  image?: string;
  command?: string[];
  env?: { name: string; value?: string; valueFrom?: Json }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: { httpGet?: { path?: string } };
  livenessProbe?: { httpGet?: { path?: string } };
  resources?: { requests?: Json; limits?: Json };
}
interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
}

// ---------------------------------------------------------------------------------------------------------------
// A tiny kustomize: exactly the features deploy/k8s uses, and a loud error for any other (so that this render can
// never silently differ from `kubectl kustomize`).

const KUSTOMIZATION_KEYS = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'images']);

/** Renders the kustomization in `dir`: its resources (files or kustomization folders), namespace and images. */
function renderKustomization(dir: string): Manifest[] {
  const k = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as {
    resources?: string[];
    namespace?: string;
    images?: { name: string; newName?: string; newTag?: string }[];
  };
  const unsupported = Object.keys(k).filter((key) => !KUSTOMIZATION_KEYS.has(key));
  if (unsupported.length) throw new Error(`${dir}: kustomize feature not rendered by this test: ${unsupported}`);
  const out: Manifest[] = [];
  for (const r of k.resources ?? []) {
    const path = resolve(dir, r);
    if (statSync(path).isDirectory()) out.push(...renderKustomization(path));
    else out.push(...parseAllDocuments(readFileSync(path, 'utf8')).map((d) => d.toJS() as Manifest));
  }
  for (const m of out) {
    if (k.namespace && m.metadata) {
      if (m.kind === 'Namespace') m.metadata.name = k.namespace;
      else m.metadata.namespace = k.namespace;
    }
    for (const c of podSpec(m) ? containersOf(podSpec(m) as PodSpec) : []) {
      const image = (k.images ?? []).find((i) => c.image === i.name || c.image?.startsWith(`${i.name}:`));
      if (image && c.image) {
        const tag = image.newTag ?? c.image.split(':')[1];
        c.image = `${image.newName ?? image.name}${tag ? `:${tag}` : ''}`;
      }
    }
  }
  return out;
}

/** The pod spec of a workload (Deployment, Job, …), if it has one. */
function podSpec(m: Manifest): PodSpec | undefined {
  return (m.spec as { template?: { spec?: PodSpec } } | undefined)?.template?.spec;
}

function containersOf(spec: PodSpec): Container[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
}

function byKindAndName(a: Manifest, b: Manifest): number {
  return `${a.kind}/${a.metadata?.name}`.localeCompare(`${b.kind}/${b.metadata?.name}`);
}

// ---------------------------------------------------------------------------------------------------------------
// The rules, as functions returning the problems found, so that the tests can show each one failing on a mutated
// copy.

/** Problems of rendered Kubernetes manifests (empty: the production topology holds). */
function k8sProblems(resources: Manifest[]): string[] {
  const problems: string[] = [];
  for (const m of resources) {
    if (!m.apiVersion || !m.kind || !m.metadata?.name) problems.push(`resource without apiVersion/kind/metadata.name`);
    if (m.kind === 'Secret' && (m.data || m.stringData)) problems.push(`inline Secret ${m.metadata?.name}`);
  }
  const configMaps = new Map(
    resources.filter((m) => m.kind === 'ConfigMap').map((m) => [m.metadata?.name, (m.data ?? {}) as Json]),
  );
  for (const [name, data] of configMaps) {
    for (const [key, value] of Object.entries(data)) {
      if (SECRET_NAME.test(key)) problems.push(`secret-like key ${key} in ConfigMap ${name}`);
      if (URL_WITH_PASSWORD.test(String(value))) problems.push(`credentials in ConfigMap ${name} ${key}`);
    }
  }
  for (const m of resources) {
    const spec = podSpec(m);
    if (!spec) continue;
    for (const c of containersOf(spec)) {
      for (const e of c.env ?? []) {
        if (e.value !== undefined && (SECRET_NAME.test(e.name) || URL_WITH_PASSWORD.test(e.value)))
          problems.push(`inline secret env ${e.name} in ${m.kind} ${m.metadata?.name}`);
        if (SECRET_NAME.test(e.name) && !(e.valueFrom as Json | undefined)?.secretKeyRef)
          problems.push(`secret env ${e.name} not from a secretKeyRef in ${m.kind} ${m.metadata?.name}`);
      }
      for (const f of c.envFrom ?? []) {
        if (f.configMapRef && !configMaps.has(f.configMapRef.name))
          problems.push(`${c.name} reads a missing ConfigMap ${f.configMapRef.name}`);
      }
    }
  }
  const config = [...configMaps.values()].reduce<Json>((all, d) => ({ ...all, ...d }), {});
  if (config.NODE_ENV !== 'production') problems.push('ConfigMap NODE_ENV is not production');
  if (config.SEED_DEMO === 'true') problems.push('ConfigMap asks for demo data');
  if (config.MIGRATE_ON_START !== 'false') problems.push('replicas migrate at start (MIGRATE_ON_START is not false)');

  const deployments = resources.filter((m) => m.kind === 'Deployment');
  const api = deployments.find((d) => d.metadata?.name === 'jiebang-api');
  if (!api) return [...problems, 'no Deployment jiebang-api'];
  const apiSpec = api.spec as { replicas?: number; template: { metadata: { labels: Record<string, string> } } };
  const podLabels = apiSpec.template.metadata.labels;
  const selects = (sel: Record<string, string> | undefined) =>
    !!sel && Object.keys(sel).length > 0 && Object.entries(sel).every(([k, v]) => podLabels[k] === v);
  if ((apiSpec.replicas ?? 1) < 2) problems.push(`Deployment replicas ${apiSpec.replicas ?? 1} < 2`);
  const apiContainer = podSpec(api)?.containers?.find((c) => c.name === 'api');
  if (!apiContainer) return [...problems, 'no container api'];
  if (apiContainer.readinessProbe?.httpGet?.path !== '/api/v1/health') problems.push('readiness probe not on health');
  if (apiContainer.livenessProbe?.httpGet?.path !== '/api/v1/health') problems.push('liveness probe not on health');
  if (!apiContainer.resources?.requests || !apiContainer.resources.limits) problems.push('api without resources');
  if (
    !(podSpec(api)?.initContainers ?? []).some(
      (c) => c.image === apiContainer.image && c.command?.join(' ').includes('migrate.js --check'),
    )
  )
    problems.push('API pods do not wait for the migrations (initContainer migrate.js --check)');

  const hpa = resources.find((m) => m.kind === 'HorizontalPodAutoscaler');
  const hpaSpec = hpa?.spec as { scaleTargetRef?: Json; minReplicas?: number; maxReplicas?: number } | undefined;
  if (!hpa || hpa.apiVersion !== 'autoscaling/v2') problems.push('no autoscaling/v2 HorizontalPodAutoscaler');
  else {
    if (hpaSpec?.scaleTargetRef?.kind !== 'Deployment' || hpaSpec.scaleTargetRef.name !== 'jiebang-api')
      problems.push('HPA does not target the API Deployment');
    if ((hpaSpec?.minReplicas ?? 1) < 2) problems.push(`HPA minReplicas ${hpaSpec?.minReplicas ?? 1} < 2`);
    if ((hpaSpec?.maxReplicas ?? 0) < (hpaSpec?.minReplicas ?? 1)) problems.push('HPA maxReplicas < minReplicas');
  }
  const pdb = resources.find((m) => m.kind === 'PodDisruptionBudget');
  const pdbSpec = pdb?.spec as { selector?: { matchLabels?: Record<string, string> }; minAvailable?: number };
  if (!pdb || !selects(pdbSpec.selector?.matchLabels)) problems.push('no PodDisruptionBudget selecting the API pods');
  else if ((pdbSpec.minAvailable ?? 0) < 1) problems.push('PDB minAvailable < 1');
  const service = resources.find((m) => m.kind === 'Service' && m.metadata?.name === 'jiebang-api');
  if (!service || !selects((service.spec as { selector?: Record<string, string> }).selector))
    problems.push('no Service selecting the API pods');

  const job = resources.find((m) => m.kind === 'Job');
  const migrate = job && podSpec(job)?.containers?.[0];
  if (!migrate?.command?.join(' ').includes('cli/migrate.js')) problems.push('no migration Job');
  else if (migrate.image !== apiContainer.image) problems.push(`migration Job image ${migrate.image} ≠ API image`);
  return problems;
}

interface ComposeService {
  image?: string;
  ports?: unknown[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[] };
  depends_on?: Record<string, { condition?: string }>;
  deploy?: { replicas?: number };
  restart?: string;
}

/** Problems of the compose file and its nginx front (empty: the production topology holds). */
function composeProblems(compose: { services: Record<string, ComposeService> }, nginx: string): string[] {
  const problems: string[] = [];
  const services = compose.services;
  const api = services.api;
  if (!api) return ['no api service'];
  if ((api.deploy?.replicas ?? 1) < 2) problems.push(`api replicas ${api.deploy?.replicas ?? 1} < 2`);
  const oneShot = new Set(
    Object.values(services).flatMap((s) =>
      Object.entries(s.depends_on ?? {})
        .filter(([, d]) => d.condition === 'service_completed_successfully')
        .map(([name]) => name),
    ),
  );
  for (const [name, s] of Object.entries(services)) {
    if (s.ports?.length && name !== 'web') problems.push(`${name} publishes a host port`);
    if (!s.healthcheck?.test?.length && !oneShot.has(name)) problems.push(`${name} has no healthcheck`);
    for (const [dep, d] of Object.entries(s.depends_on ?? {}))
      if (!['service_healthy', 'service_completed_successfully'].includes(d.condition ?? ''))
        problems.push(`${name} starts before ${dep} is healthy`);
    for (const [key, value] of Object.entries(s.environment ?? {})) {
      const interpolations = String(value).match(/\$\{[^}]*\}/g) ?? [];
      if (SECRET_NAME.test(key) && (!interpolations.length || interpolations.some((i) => !/^\$\{\w+:\?/.test(i))))
        problems.push(`${name} ${key}: a secret with an inline value or a default`);
    }
  }
  const env = api.environment ?? {};
  if (env.NODE_ENV !== 'production') problems.push('api NODE_ENV is not production');
  if (env.SEED_DEMO !== undefined && !/^false$/.test(env.SEED_DEMO)) problems.push(`api SEED_DEMO=${env.SEED_DEMO}`);
  if (!env.REDIS_URL) problems.push('api without REDIS_URL (socket.io adapter, BullMQ)');
  if (!env.JWT_SECRET) problems.push('api without a shared JWT_SECRET');
  if (env.MIGRATE_ON_START !== 'false') problems.push('api replicas migrate at start');
  if (api.depends_on?.migrate?.condition !== 'service_completed_successfully')
    problems.push('api does not wait for the migrate service');
  if (!api.healthcheck?.test?.join(' ').includes('/api/v1/health')) problems.push('api healthcheck not on health');
  if (!services.web?.ports?.length) problems.push('nginx (web) publishes no port');

  // nginx: Docker's resolver + a variable upstream (every replica), and WebSocket upgrade on /socket.io/.
  const code = nginx.replace(/#.*$/gm, '');
  if (!/resolver\s+127\.0\.0\.11\b/.test(code)) problems.push("nginx does not use Docker's resolver");
  const upstream = /set\s+\$(\w+)\s+http:\/\/api:3000;/.exec(code);
  if (!upstream || !new RegExp(`proxy_pass\\s+\\$${upstream[1]};`).test(code))
    problems.push('nginx does not proxy to api:3000 through the resolver');
  const socket = /location\s+\/socket\.io\/\s*\{([^}]*)\}/.exec(code)?.[1] ?? '';
  if (
    !/proxy_set_header\s+Upgrade\s+\$http_upgrade;/.test(socket) ||
    !/proxy_set_header\s+Connection\s+\S+;/.test(socket)
  )
    problems.push('nginx does not pass WebSocket upgrades on /socket.io/');
  return problems;
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

describe('docker compose (production)', () => {
  const compose = parse(readFileSync(join(ROOT, 'docker', 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  const nginx = readFileSync(join(ROOT, 'docker', 'nginx.conf'), 'utf8');

  it('runs ≥ 2 API replicas behind nginx, without demo data, with healthchecks and no inline secret', () => {
    expect(composeProblems(compose, nginx)).toEqual([]);
    expect(compose.services.api.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(Object.keys(compose.services).sort()).toEqual(
      ['api', 'meilisearch', 'migrate', 'minio', 'postgres', 'redis', 'web'].sort(),
    );
  });

  it('catches a mutated copy (the checks can fail)', () => {
    const mutate = (f: (c: typeof compose) => void) => {
      const c = clone(compose);
      f(c);
      return composeProblems(c, nginx);
    };
    expect(mutate((c) => (c.services.api.deploy = { replicas: 1 }))).toContain('api replicas 1 < 2');
    expect(mutate((c) => (c.services.api.ports = ['3000:3000']))).toContain('api publishes a host port');
    expect(mutate((c) => ((c.services.api.environment as Json).SEED_DEMO = 'true'))).toContain('api SEED_DEMO=true');
    expect(mutate((c) => delete (c.services.api.environment as Json).NODE_ENV)).toContain(
      'api NODE_ENV is not production',
    );
    expect(mutate((c) => delete c.services.redis.healthcheck)).toContain('redis has no healthcheck');
    expect(
      mutate((c) => ((c.services.api.environment as Json).JWT_SECRET = '${JWT_SECRET:-change-me-to-something-long}')),
    ).toContain('api JWT_SECRET: a secret with an inline value or a default');
    expect(mutate((c) => ((c.services.postgres.environment as Json).POSTGRES_PASSWORD = 'jiebang'))).toContain(
      'postgres POSTGRES_PASSWORD: a secret with an inline value or a default',
    );
    expect(composeProblems(compose, nginx.replace(/proxy_set_header Upgrade \$http_upgrade;/g, ''))).toContain(
      'nginx does not pass WebSocket upgrades on /socket.io/',
    );
    expect(composeProblems(compose, nginx.replace(/resolver[^;]*;/, ''))).toContain(
      "nginx does not use Docker's resolver",
    );
  });
});

describe('Kubernetes manifests (deploy/k8s/overlays/production)', () => {
  const rendered = renderKustomization(OVERLAY);

  it('render offline to the production topology: replicas, probes, PDB, HPA, migration Job, no inline secret', () => {
    expect(k8sProblems(rendered)).toEqual([]);
    expect(rendered.map((m) => `${m.kind}/${m.metadata?.name}`).sort()).toEqual([
      'ConfigMap/jiebang-api',
      'Deployment/jiebang-api',
      'HorizontalPodAutoscaler/jiebang-api',
      'Ingress/jiebang-api',
      'Job/jiebang-migrate',
      'Namespace/jiebang',
      'PodDisruptionBudget/jiebang-api',
      'Service/jiebang-api',
    ]);
    expect(rendered.filter((m) => m.kind !== 'Namespace').every((m) => m.metadata?.namespace === 'jiebang')).toBe(true);
    const api = rendered.find((m) => m.kind === 'Deployment') as Manifest;
    expect(podSpec(api)?.containers?.[0].image).toBe('registry.example.org/jiebang/api:0.1.0');
  });

  const kubectl = (() => {
    try {
      execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  (kubectl ? it : it.skip)('renders the same with `kubectl kustomize` (when kubectl is installed)', () => {
    const out = execFileSync('kubectl', ['kustomize', OVERLAY], { encoding: 'utf8' });
    const theirs = parseAllDocuments(out).map((d) => d.toJS() as Manifest);
    expect(clone(theirs).sort(byKindAndName)).toEqual(clone(rendered).sort(byKindAndName));
  });

  it('keeps secrets out of the repository: no Secret manifest anywhere under deploy/', () => {
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'deploy'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
      .split('\n')
      .filter((f) => /\.ya?ml$/.test(f) && existsSync(join(ROOT, f)));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      for (const d of parseAllDocuments(readFileSync(join(ROOT, f), 'utf8'))) {
        expect([f, (d.toJS() as Manifest | null)?.kind]).not.toEqual([f, 'Secret']);
      }
    }
  });

  it('catches a mutated copy (the checks can fail)', () => {
    const mutate = (f: (r: Manifest[]) => void) => {
      const r = clone(rendered);
      f(r);
      return k8sProblems(r);
    };
    const kind = (r: Manifest[], k: string) => r.find((m) => m.kind === k) as Manifest & { spec: Json; data: Json };
    const api = (r: Manifest[]) => podSpec(kind(r, 'Deployment'))?.containers?.[0] as Container;
    expect(mutate((r) => (kind(r, 'Deployment').spec.replicas = 1))).toContain('Deployment replicas 1 < 2');
    expect(mutate((r) => (kind(r, 'HorizontalPodAutoscaler').spec.minReplicas = 1))).toContain('HPA minReplicas 1 < 2');
    expect(mutate((r) => (api(r).livenessProbe = { httpGet: { path: '/' } }))).toContain(
      'liveness probe not on health',
    );
    expect(mutate((r) => delete api(r).readinessProbe)).toContain('readiness probe not on health');
    expect(
      mutate((r) =>
        r.push({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'jiebang-api' },
          stringData: { JWT_SECRET: 'x' },
        }),
      ),
    ).toContain('inline Secret jiebang-api');
    expect(
      mutate((r) => (api(r).env = [{ name: 'JWT_SECRET', value: 'a-secret-written-in-the-manifest-0123' }])),
    ).toContain('inline secret env JWT_SECRET in Deployment jiebang-api');
    expect(mutate((r) => (kind(r, 'ConfigMap').data.DATABASE_URL = 'postgres://u:p@db/x'))).toEqual(
      expect.arrayContaining([
        'secret-like key DATABASE_URL in ConfigMap jiebang-api',
        'credentials in ConfigMap jiebang-api DATABASE_URL',
      ]),
    );
    expect(mutate((r) => (podSpec(kind(r, 'Job'))!.containers![0].image = 'other:1'))).toContain(
      'migration Job image other:1 ≠ API image',
    );
    expect(mutate((r) => r.splice(r.indexOf(kind(r, 'Job')), 1))).toContain('no migration Job');
    expect(mutate((r) => (kind(r, 'ConfigMap').data.MIGRATE_ON_START = 'true'))).toContain(
      'replicas migrate at start (MIGRATE_ON_START is not false)',
    );
    expect(mutate((r) => delete (kind(r, 'Service') as Manifest).metadata!.name)).toContain(
      'resource without apiVersion/kind/metadata.name',
    );
  });
});

describe('production boot on a fresh database', () => {
  const base = e2eEndpoints();
  const dbName = `deploy_${process.pid}_${Date.now().toString(36)}`;
  const url = new URL(base.databaseUrl);
  url.pathname = `/${dbName}`;
  const endpoints = e2eEndpoints({ databaseUrl: url.toString() });
  const admin = () => new Client({ connectionString: base.databaseUrl });
  let app: INestApplication | undefined;

  beforeAll(async () => {
    const c = admin();
    await c.connect();
    await c.query(`CREATE DATABASE ${dbName}`).finally(() => c.end());
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  afterAll(async () => {
    const c = admin();
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).finally(() => c.end());
  });

  const env = (extra: Record<string, string>) =>
    loadConfig({ LOG_LEVEL: 'warn', MEILI_INDEX_PREFIX: 'deploy_', QUEUE_PREFIX: 'test_deploy', ...extra });

  it('with MIGRATE_ON_START=false, refuses a schema that is behind and creates nothing', async () => {
    await expect(createApplication(env({ MIGRATE_ON_START: 'false' }), endpoints, false)).rejects.toThrow(
      PendingMigrationsError,
    );
    expect(await pendingMigrations(endpoints.databaseUrl)).toHaveLength(MIGRATIONS.length);
    const c = new Client({ connectionString: endpoints.databaseUrl });
    await c.connect();
    const { rows } = await c.query(`SELECT to_regclass('typeorm_migrations') AS t`).finally(() => c.end());
    expect(rows).toEqual([{ t: null }]);
  });

  it('serialises concurrent migrators (a Job and replicas starting at once): each migration runs once', async () => {
    const runs = await Promise.all([1, 2, 3].map(() => runMigrations(endpoints.databaseUrl)));
    expect(runs.flat().sort()).toEqual(MIGRATIONS.map((m) => m.name).sort());
    expect(runs.filter((r) => r.length > 0)).toHaveLength(1);
    expect(await pendingMigrations(endpoints.databaseUrl)).toEqual([]);
  });

  it('with NODE_ENV=production and SEED_DEMO=true, writes no demo account, organisation or 【演示】 record', async () => {
    app = await createApplication(
      env({ NODE_ENV: 'production', SEED_DEMO: 'true', MIGRATE_ON_START: 'false' }),
      endpoints,
      false,
    );
    const db = app.get(DataSource);
    const count = async (sql: string, params: unknown[] = []) =>
      Number(((await db.query(sql, params)) as { n: string }[])[0].n);
    expect(await count('SELECT count(*) AS n FROM app_user')).toBe(0);
    expect(
      await count('SELECT count(*) AS n FROM app_user WHERE username = ANY($1)', [
        DEMO_ACCOUNTS.map((a) => a.username),
      ]),
    ).toBe(0);
    expect(await count('SELECT count(*) AS n FROM organization')).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM listing WHERE title LIKE '%【演示】%'`)).toBe(0);
    expect(await count('SELECT count(*) AS n FROM listing')).toBe(0);
    await request(app.getHttpServer())
      .post('/api/v1/auth/login')
      .send({ username: DEMO_ACCOUNTS[0].username, password: DEMO_PASSWORD })
      .expect(401);
    const board = await request(app.getHttpServer()).get('/api/v1/listings').expect(200);
    expect(board.body.totalHits).toBe(0);
  });

  it('the same boot without NODE_ENV=production seeds them (so the check above can fail)', async () => {
    app = await createApplication(env({ SEED_DEMO: 'true', MIGRATE_ON_START: 'false' }), endpoints, false);
    const db = app.get(DataSource);
    const users = (await db.query('SELECT username FROM app_user')) as { username: string }[];
    expect(users.map((u) => u.username).sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.username).sort());
    const demo = (await db.query(`SELECT count(*) AS n FROM listing WHERE title LIKE '%【演示】%'`)) as { n: string }[];
    expect(Number(demo[0].n)).toBeGreaterThan(0);
  });
});
