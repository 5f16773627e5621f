import { INestApplication } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { bootApp, demoData, importAndIndex } from '../helpers/app';

const VALID_USCC = '91150781MA0RRY87XR'; // 满洲里国森货运代理有限公司, from shared/data/orgs.json
const BAD_CHECKSUM = '91150781MA0RRY87XA';

/** `npm run import` semantics: validate every row, write valid rows, report, idempotent re-runs. */
describe('import', () => {
  let app: INestApplication;
  let db: DataSource;
  const counts = async () => {
    const [r] = await db.query(
      `SELECT (SELECT count(*) FROM organization) o, (SELECT count(*) FROM listing) l, (SELECT count(*) FROM announcement) a,
              (SELECT count(*) FROM control_edge) c, (SELECT string_agg(fields::text, ',' ORDER BY id) FROM organization) f,
              (SELECT max(updated_at) FROM listing) lu, (SELECT max(updated_at) FROM organization) ou`,
    );
    return r as Record<string, string>;
  };

  beforeAll(async () => {
    app = await bootApp('import');
    db = app.get(DataSource);
  });
  afterAll(() => app.close());

  it('imports the demo data: organisations, listings and announcements', async () => {
    const report = await importAndIndex(app, demoData());
    expect(report.rejected).toEqual([]);
    expect(report.organizations.accepted).toBe(57);
    expect(report.listings.accepted).toBe(39);
    expect(report.announcements.accepted).toBe(6);
    // 39 listings, plus every organisation created or changed (text relevance for matching).
    expect(report.indexJobs.length).toBeGreaterThan(39);
    expect(report.controls.accepted).toBeGreaterThanOrEqual(10);
    const [amount] = await db.query(
      `SELECT total_investment_fen FROM listing WHERE title LIKE '白云鄂博稀土矿产资源基地固废%'`,
    );
    expect(amount.total_investment_fen).toBe('2152000000'); // 2152 万元 in fen, exact
    const [renamed] = await db.query(
      `SELECT former_names FROM organization WHERE name = '中国北方稀土(集团)高科技股份有限公司'`,
    );
    expect(renamed.former_names).toEqual(['内蒙古包钢稀土(集团)高科技股份有限公司']);
  });

  it('keeps mirror copies of the sources and provenance notes for staff only, and imports 包钢集团 → 北方稀土 as control (issue 16 items 14–15)', async () => {
    const data = demoData() as { organizations: { name: string; mirrorSource?: string[] }[] };
    const mirrors = data.organizations.flatMap((o) => o.mirrorSource ?? []);
    expect(mirrors.length).toBeGreaterThan(10);
    const [leaked] = await db.query(
      `SELECT (SELECT count(*)::int FROM organization WHERE source_urls && $1::text[])
            + (SELECT count(*)::int FROM listing WHERE source_urls && $1::text[]) AS n`,
      [mirrors],
    );
    expect(leaked.n).toBe(0);
    const [nre] = await db.query(
      `SELECT id, mirror_urls FROM organization WHERE name = '中国北方稀土(集团)高科技股份有限公司'`,
    );
    expect(nre.mirror_urls.length).toBeGreaterThan(0);
    const { OrganizationsService } = await import('../../apps/api/src/organizations/organizations.service');
    const { ListingsService } = await import('../../apps/api/src/listings/listings.service');
    const { Role } = await import('@jiebang/contracts');
    const viewer = (role: (typeof Role)[keyof typeof Role]) => ({
      id: '00000000-0000-4000-8000-000000000001',
      username: 'v',
      displayName: 'v',
      role,
      staffRoles: [],
      orgId: null,
    });
    const orgs = app.get(OrganizationsService);
    const asStaff = await orgs.get(nre.id, viewer(Role.Staff));
    expect(asStaff.mirrorUrls).toEqual(nre.mirror_urls);
    expect(asStaff.note).toContain('38.92');
    const asOther = await orgs.get(nre.id, viewer(Role.Enterprise));
    expect(asOther.mirrorUrls).toBeUndefined();
    expect(asOther.note).toBeNull();
    expect(asOther.sourceUrls.some((u) => mirrors.includes(u))).toBe(false);
    const [noted] = await db.query(
      `SELECT id FROM listing WHERE note IS NOT NULL AND cardinality(inferred_fields) > 0 ORDER BY title LIMIT 1`,
    );
    const publicDetail = await app.get(ListingsService).detail(noted.id);
    expect(publicDetail).toMatchObject({ note: null, inferredFields: [] });
    expect(publicDetail.mirrorUrls).toBeUndefined();
    const staffDetail = await app.get(ListingsService).detail(noted.id, viewer(Role.Staff));
    expect(staffDetail.note).not.toBeNull();
    expect(staffDetail.inferredFields.length).toBeGreaterThan(0);
    // The source's remarks about a poster are not a poster's name on the board.
    const [remarks] = await db.query(
      `SELECT count(*)::int AS n FROM listing WHERE poster_name ~ '未见于摘录|未在来源中写明|来源原文称谓'`,
    );
    expect(remarks.n).toBe(0);
    const [unnamed] = await db.query(`SELECT count(*)::int AS n FROM listing WHERE poster_name = '来源未载明发榜单位'`);
    expect(unnamed.n).toBeGreaterThan(0);
    // 包钢集团 is 北方稀土's 控股股东 at 38.92 %: an explicit control relation (RULEBOOK §6), not plain equity.
    const [edge] = await db.query(
      `SELECT e.kind, e.equity_pct::text AS pct FROM control_edge e
         JOIN organization p ON p.id = e.controller_org_id
        WHERE p.name = '包头钢铁(集团)有限责任公司' AND e.controlled_org_id = $1 AND e.valid_to IS NULL`,
      [nre.id],
    );
    expect(edge).toEqual({ kind: 'agreement', pct: '38.92' });
  });

  it('re-importing the same data changes nothing', async () => {
    const before = await counts();
    const report = await importAndIndex(app, demoData());
    expect(report.organizations).toEqual({ accepted: 0, updated: 0, unchanged: 57, rejected: 0 });
    expect(report.listings).toEqual({ accepted: 0, updated: 0, unchanged: 39, rejected: 0 });
    expect(report.announcements).toEqual({ accepted: 0, updated: 0, unchanged: 6, rejected: 0 });
    expect(report.controls.accepted + report.controls.updated).toBe(0);
    expect(report.indexJobs).toHaveLength(0);
    expect(await counts()).toEqual(before);
  });

  it('audits what it decides of eligibility, and never reopens an edge that staff have ended (issue 11 item 6)', async () => {
    const audited = async (action: string) =>
      Number((await db.query(`SELECT count(*) n FROM audit_log WHERE action = $1`, [action]))[0].n);
    const [verified] = await db.query(`SELECT count(*) n FROM organization WHERE verified`);
    expect(await audited('organization_verified')).toBe(Number(verified.n));
    const [edges] = await db.query(`SELECT count(*) n FROM control_edge`);
    expect(await audited('control_edge_imported')).toBe(Number(edges.n));
    // Staff end an imported edge; importing the same source again leaves it ended and writes no record.
    const [edge] = await db.query(`SELECT id FROM control_edge WHERE valid_to IS NULL ORDER BY id LIMIT 1`);
    await db.query(`UPDATE control_edge SET valid_to = '2026-01-31' WHERE id = $1`, [edge.id]);
    const before = await audited('control_edge_imported');
    const report = await importAndIndex(app, demoData());
    expect(report.controls.accepted + report.controls.updated).toBe(0);
    const [after] = await db.query(`SELECT valid_to::text v FROM control_edge WHERE id = $1`, [edge.id]);
    expect(after.v).toBe('2026-01-31');
    expect(await audited('control_edge_imported')).toBe(before);
    const { AuditService } = await import('../../apps/api/src/audit/audit.service');
    expect(await app.get(AuditService).verify()).toMatchObject({ ok: true });
  });

  it('rejects a bad USCC row with its code and writes nothing for it', async () => {
    const before = await counts();
    const report = await importAndIndex(app, {
      organizations: [
        {
          name: '校验位错误的测试公司',
          type: 'enterprise',
          uscc: BAD_CHECKSUM,
          regionCode: '150781',
          source: ['test'],
        },
      ],
      listings: [
        { kind: 'achievement', field: '稀土', title: '测试成果', poster: '校验位错误的测试公司', source: ['test'] },
      ],
    });
    expect(report.rejected).toEqual([
      expect.objectContaining({ section: 'organizations', code: 'USCC_CHECKSUM', key: '校验位错误的测试公司' }),
      expect.objectContaining({ section: 'listings', code: 'POSTER_REJECTED', key: '测试成果' }),
    ]);
    expect(await counts()).toEqual(before);
  });

  it.each([
    [{ name: 'x', type: 'enterprise', uscc: '91150781MA0RRY87X' }, 'USCC_FORMAT'],
    [{ name: 'x', type: 'enterprise', uscc: '94150781MA0RRY87XR' }, 'USCC_CATEGORY'],
    [{ name: 'x', type: 'spaceship' }, 'ORG_TYPE_UNKNOWN'],
    [{ name: 'x', type: 'enterprise', regionCode: '15' }, 'REGION_CODE_FORMAT'],
  ])('refuses organisation row %j with %s', async (row, code) => {
    const before = await counts();
    const report = await importAndIndex(app, { organizations: [row] });
    expect(report.rejected.map((r) => r.code)).toEqual([code]);
    expect(await counts()).toEqual(before);
  });

  it.each([
    [{ kind: 'achievement', title: '无领域成果', poster: 'p' }, 'FIELD_REQUIRED'],
    [{ kind: 'achievement', field: '光伏', title: 't', poster: 'p' }, 'FIELD_UNKNOWN'],
    [{ kind: 'tender', field: '稀土', title: 't', poster: 'p' }, 'FIELD_VALUE'],
    [
      {
        kind: 'achievement',
        field: '稀土',
        title: 'summary of 3001 characters',
        poster: 'p',
        summary: '字'.repeat(3001),
      },
      'FIELD_TOO_LONG',
    ],
    [{ kind: 'achievement', field: '稀土', title: 't', poster: 'p', amountWan: -1 }, 'AMOUNT_FORMAT'],
  ])('refuses listing row %# with %s', async (row, code) => {
    const before = await counts();
    const report = await importAndIndex(app, { listings: [row] });
    expect(report.rejected.map((r) => r.code)).toEqual([code]);
    expect(await counts()).toEqual(before);
  });

  it('keeps identity across a rename: same USCC, new name, old name in the history', async () => {
    await importAndIndex(app, {
      organizations: [{ name: '旧名称测试有限公司', type: 'enterprise', uscc: VALID_USCC }],
    });
    const report = await importAndIndex(app, {
      organizations: [{ name: '新名称测试有限公司', type: 'enterprise', uscc: VALID_USCC }],
    });
    expect(report.organizations.updated).toBe(1);
    const rows = await db.query(`SELECT name, former_names FROM organization WHERE uscc = $1`, [VALID_USCC]);
    expect(rows).toEqual([{ name: '新名称测试有限公司', former_names: ['旧名称测试有限公司'] }]);
  });

  it('npm run import prints the report and exits 3 when rows were rejected', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiebang-import-'));
    const file = join(dir, 'rows.json');
    writeFileSync(
      file,
      JSON.stringify([
        { name: 'CLI导入测试有限公司', type: 'enterprise', regionCode: '150200', source: ['https://example.org/a'] },
        { name: 'CLI坏代码公司', type: 'enterprise', uscc: BAD_CHECKSUM },
      ]),
    );
    const root = resolve(__dirname, '..', '..');
    const run = promisify(execFile);
    const err = await run('npm', ['run', '--silent', 'import', '--', file], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: process.env.E2E_DATABASE_URL,
        MEILI_URL: process.env.E2E_MEILI_URL,
        MEILI_MASTER_KEY: process.env.E2E_MEILI_KEY,
        MEILI_INDEX_PREFIX: 'import_',
        REDIS_URL: '',
      },
    }).then(
      () => null,
      (e: { code: number; stdout: string }) => e,
    );
    expect(err?.code).toBe(3);
    const report = JSON.parse(err?.stdout ?? '{}');
    expect(report.organizations).toEqual({ accepted: 1, updated: 0, unchanged: 0, rejected: 1 });
    expect(report.rejected[0]).toMatchObject({ code: 'USCC_CHECKSUM', key: 'CLI坏代码公司' });
    const rows = await db.query(`SELECT name FROM organization WHERE name LIKE 'CLI%'`);
    expect(rows).toEqual([{ name: 'CLI导入测试有限公司' }]);
  });
});
