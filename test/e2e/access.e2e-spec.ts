import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bootApp, demoData, importAndIndex, orgId, seedAccounts, tokenFor } from '../helpers/app';

const ZERO = '00000000-0000-4000-8000-000000000000';

/**
 * Every route declares who may call it: each protected route answers 401 without a token and 403 to a role
 * it does not admit; public routes answer without a token. One row per route of every controller.
 */
describe('access control', () => {
  let app: INestApplication;
  const tokens: Record<string, string> = {};
  let steelId: string;
  let steelListing: string;

  beforeAll(async () => {
    app = await bootApp('access');
    const data = demoData() as { organizations: unknown[]; listings: unknown[] };
    await importAndIndex(app, {
      organizations: data.organizations,
      listings: [
        {
          kind: 'challenge',
          field: '稀土',
          title: '测试:访问控制榜单',
          poster: '包头钢铁(集团)有限责任公司',
          source: ['t'],
        },
      ],
    });
    await seedAccounts(app);
    for (const u of [
      'staff.admin',
      'staff.broker',
      'staff.approver',
      'expert.demo',
      'enterprise.demo',
      'institute.demo',
    ]) {
      tokens[u] = await tokenFor(app, u);
    }
    steelId = await orgId(app, '包头钢铁(集团)有限责任公司');
    steelListing = (await app.get(DataSource).query(`SELECT id FROM listing WHERE title = '测试:访问控制榜单'`))[0].id;
  });
  afterAll(() => app.close());

  type Row = {
    method: 'get' | 'post' | 'delete';
    path: () => string;
    body?: object;
    forbidden: string[];
    allowed: string;
  };
  const rows: Row[] = [
    { method: 'get', path: () => '/api/v1/auth/me', forbidden: [], allowed: 'expert.demo' },
    { method: 'get', path: () => '/api/v1/organizations', forbidden: [], allowed: 'institute.demo' },
    { method: 'get', path: () => `/api/v1/organizations/${steelId}`, forbidden: [], allowed: 'institute.demo' },
    {
      method: 'post',
      path: () => `/api/v1/organizations/${ZERO}/verify`,
      body: {},
      forbidden: ['enterprise.demo', 'institute.demo', 'expert.demo', 'staff.approver'],
      allowed: 'staff.broker',
    },
    {
      method: 'get',
      path: () => `/api/v1/organizations/${steelId}/controls`,
      forbidden: [],
      allowed: 'enterprise.demo',
    },
    {
      method: 'post',
      path: () => '/api/v1/controls',
      body: { controllerOrgId: ZERO, controlledOrgId: ZERO, kind: 'agreement', source: '测试来源' },
      forbidden: ['enterprise.demo', 'institute.demo', 'expert.demo', 'staff.approver'],
      allowed: 'staff.admin',
    },
    {
      method: 'delete',
      path: () => `/api/v1/controls/${ZERO}`,
      forbidden: ['enterprise.demo', 'institute.demo', 'expert.demo', 'staff.approver'],
      allowed: 'staff.broker',
    },
    {
      method: 'get',
      path: () => `/api/v1/organizations/${steelId}/credit-records`,
      forbidden: ['enterprise.demo', 'institute.demo', 'expert.demo'],
      allowed: 'staff.approver',
    },
    {
      method: 'post',
      path: () => '/api/v1/credit-records',
      body: { orgId: ZERO, kind: 'blacklist', reason: '测试', validFrom: '2024-01-01', source: '测试来源' },
      forbidden: ['enterprise.demo', 'institute.demo', 'expert.demo', 'staff.approver'],
      allowed: 'staff.broker',
    },
    {
      method: 'post',
      path: () => '/api/v1/eligibility/check',
      body: { listingId: ZERO, applicantOrgId: ZERO },
      forbidden: [],
      allowed: 'institute.demo',
    },
    {
      method: 'get',
      path: () => `/api/v1/listings/${steelListing}/matches`,
      forbidden: ['institute.demo', 'expert.demo'],
      allowed: 'enterprise.demo',
    },
    {
      method: 'get',
      path: () => `/api/v1/organizations/${steelId}/matches`,
      forbidden: ['institute.demo', 'expert.demo'],
      allowed: 'enterprise.demo',
    },
    // Issue 4: the pipeline.
    {
      method: 'post',
      path: () => '/api/v1/listings',
      body: { kind: 'achievement', title: '访问控制测试' },
      forbidden: ['staff.admin', 'expert.demo'],
      allowed: 'institute.demo',
    },
    {
      method: 'get',
      path: () => '/api/v1/my/listings',
      forbidden: ['staff.admin', 'expert.demo'],
      allowed: 'enterprise.demo',
    },
    {
      method: 'get',
      path: () => '/api/v1/staff/listings',
      forbidden: ['enterprise.demo', 'institute.demo', 'expert.demo'],
      allowed: 'staff.approver',
    },
    {
      method: 'post',
      path: () => `/api/v1/listings/${ZERO}/screening`,
      forbidden: ['enterprise.demo', 'institute.demo', 'expert.demo'],
      allowed: 'staff.broker',
    },
    {
      method: 'post',
      path: () => `/api/v1/listings/${ZERO}/publish`,
      forbidden: ['enterprise.demo', 'institute.demo', 'expert.demo'],
      allowed: 'staff.broker',
    },
    {
      method: 'post',
      path: () => `/api/v1/listings/${ZERO}/opinions`,
      body: { recommendation: 'pass', opinion: '论证意见测试' },
      forbidden: ['staff.admin', 'enterprise.demo', 'institute.demo'],
      allowed: 'expert.demo',
    },
    {
      method: 'get',
      path: () => '/api/v1/experts',
      forbidden: ['enterprise.demo', 'institute.demo', 'expert.demo'],
      allowed: 'staff.broker',
    },
    {
      method: 'get',
      path: () => '/api/v1/expert/assignments',
      forbidden: ['staff.admin', 'enterprise.demo', 'institute.demo'],
      allowed: 'expert.demo',
    },
    {
      method: 'post',
      path: () => '/api/v1/applications',
      body: {
        listingId: ZERO,
        plan: '实施方案测试实施方案测试实施方案测试测试',
        team: '团队测试',
        budgetWan: '1',
        timetable: [],
      },
      forbidden: ['staff.admin', 'expert.demo'],
      allowed: 'institute.demo',
    },
    {
      method: 'get',
      path: () => '/api/v1/my/applications',
      forbidden: ['staff.admin', 'expert.demo'],
      allowed: 'institute.demo',
    },
    {
      method: 'post',
      path: () => `/api/v1/applications/${ZERO}/review`,
      forbidden: ['enterprise.demo', 'institute.demo', 'expert.demo'],
      allowed: 'staff.broker',
    },
    {
      method: 'post',
      path: () => `/api/v1/applications/${ZERO}/scores`,
      body: { qualification: 1, feasibility: 1, cost: 1, team: 1, opinion: '评分意见测试' },
      forbidden: ['staff.admin', 'enterprise.demo', 'institute.demo'],
      allowed: 'expert.demo',
    },
    {
      method: 'post',
      path: () => `/api/v1/applications/${ZERO}/decline`,
      body: { code: 'OTHER', reason: '测试理由' },
      forbidden: ['enterprise.demo', 'institute.demo', 'expert.demo'],
      allowed: 'staff.broker',
    },
    { method: 'get', path: () => '/api/v1/notifications', forbidden: [], allowed: 'expert.demo' },
    {
      method: 'post',
      path: () => `/api/v1/listings/${ZERO}/attachments`,
      forbidden: ['staff.admin', 'expert.demo'],
      allowed: 'institute.demo',
    },
    {
      method: 'delete',
      path: () => `/api/v1/attachments/${ZERO}`,
      forbidden: ['staff.admin', 'expert.demo'],
      allowed: 'enterprise.demo',
    },
    {
      method: 'get',
      path: () => '/api/v1/audit/verify',
      forbidden: ['enterprise.demo', 'institute.demo', 'expert.demo'],
      allowed: 'staff.approver',
    },
    // Deals (issue 6): reads and party writes for any logged-in user (the deal itself decides), staff writes by sub-role.
    { method: 'get', path: () => '/api/v1/deals', forbidden: [], allowed: 'enterprise.demo' },
    { method: 'get', path: () => `/api/v1/deals/${ZERO}`, forbidden: [], allowed: 'expert.demo' },
    { method: 'get', path: () => `/api/v1/deals/${ZERO}/timeline`, forbidden: [], allowed: 'institute.demo' },
    {
      method: 'get',
      path: () => `/api/v1/deals/${ZERO}/history.csv`,
      forbidden: ['enterprise.demo', 'institute.demo', 'expert.demo'],
      allowed: 'staff.approver',
    },
    {
      method: 'get',
      path: () => `/api/v1/deals/${ZERO}/history.xlsx`,
      forbidden: ['enterprise.demo', 'institute.demo', 'expert.demo'],
      allowed: 'staff.broker',
    },
    { method: 'post', path: () => `/api/v1/deals/${ZERO}/attachments`, forbidden: [], allowed: 'expert.demo' },
    {
      method: 'get',
      path: () => `/api/v1/deals/${ZERO}/attachments/${ZERO}/download`,
      forbidden: [],
      allowed: 'enterprise.demo',
    },
    { method: 'post', path: () => `/api/v1/deals/${ZERO}/objections`, forbidden: [], allowed: 'expert.demo' },
    ...(
      [
        ['notice', ['staff.approver']],
        ['return', ['staff.approver']],
        [`objections/${ZERO}/resolve`, ['staff.approver']],
        ['sign', ['staff.approver']],
        [`installments/${ZERO}/review`, ['staff.approver']],
        [`milestones/${ZERO}/review`, ['staff.approver']],
        ['acceptance/opinions', ['staff.approver']],
        ['acceptance/conclude', ['staff.approver']],
        ['benefit', ['staff.approver']],
        ['subsidy', ['staff.approver']],
      ] as const
    ).map(([tail, staffForbidden]): Row => ({
      method: 'post',
      path: () => `/api/v1/deals/${ZERO}/${tail}`,
      forbidden: ['enterprise.demo', 'institute.demo', 'expert.demo', ...staffForbidden],
      allowed: 'staff.broker',
    })),
    ...[`changes/${ZERO}/decide`, `subsidy/${ZERO}/approve`, `subsidy/${ZERO}/reject`, `subsidy/${ZERO}/disburse`].map(
      (tail): Row => ({
        method: 'post',
        path: () => `/api/v1/deals/${ZERO}/${tail}`,
        forbidden: ['enterprise.demo', 'institute.demo', 'expert.demo', 'staff.broker'],
        allowed: 'staff.approver',
      }),
    ),
    ...['installments', `milestones/${ZERO}/submit`, 'changes', `changes/${ZERO}/agree`].map((tail): Row => ({
      method: 'post',
      path: () => `/api/v1/deals/${ZERO}/${tail}`,
      forbidden: ['staff.admin', 'expert.demo'],
      allowed: 'enterprise.demo',
    })),
    // Statistics and exports (issue 14 items 3-4): staff holding ViewStats / ExportRecords.
    {
      method: 'get',
      path: () => '/api/v1/stats/overview',
      forbidden: ['enterprise.demo', 'institute.demo', 'expert.demo'],
      allowed: 'staff.approver',
    },
    {
      method: 'get',
      path: () => '/api/v1/stats/money/deals?measure=committed',
      forbidden: ['enterprise.demo', 'institute.demo', 'expert.demo'],
      allowed: 'staff.broker',
    },
    ...['listings', 'organizations', 'applications', 'deals', 'subsidies'].map((kind): Row => ({
      method: 'get',
      path: () => `/api/v1/exports/${kind}?format=csv`,
      forbidden: ['enterprise.demo', 'institute.demo', 'expert.demo'],
      allowed: 'staff.broker',
    })),
  ];

  describe.each(
    rows.map((r) => [`${r.method.toUpperCase()} ${r.path.toString().replace(/^\(\) => /, '')}`, r] as const),
  )('%s', (_name, row) => {
    const send = (token?: string) => {
      let req = request(app.getHttpServer())[row.method](row.path());
      if (token) req = req.set('Authorization', `Bearer ${token}`);
      return row.body ? req.send(row.body) : req;
    };

    it('answers 401 UNAUTHORIZED without a token', async () => {
      const res = await send();
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHORIZED');
    });

    it('answers 401 for a forged token', async () => {
      const forged = tokens[row.allowed].slice(0, -4) + 'AAAA';
      expect((await send(forged)).status).toBe(401);
    });

    it('answers 403 FORBIDDEN to roles it does not admit', async () => {
      for (const u of row.forbidden) {
        const res = await send(tokens[u]);
        expect({ user: u, status: res.status, code: res.body.code }).toEqual({
          user: u,
          status: 403,
          code: 'FORBIDDEN',
        });
      }
    });

    it('lets an admitted role through the guards', async () => {
      const res = await send(tokens[row.allowed]);
      expect([401, 403]).not.toContain(res.status);
    });
  });

  it.each([
    ['get', '/api/v1/listings'],
    ['get', '/api/v1/announcements'],
    ['get', '/api/v1/health'],
    ['get', '/api/v1/notices'],
    ['get', '/api/v1/policy/subsidy?kind=challenge&baseYuan=100'],
  ] as const)('public route %s %s needs no token', async (method, path) => {
    const res = await request(app.getHttpServer())[method](path);
    expect(res.status).toBe(200);
  });
});
