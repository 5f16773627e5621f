import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ListingStatus } from '@jiebang/contracts';
import { LISTING_TRANSITIONS } from '@jiebang/policy';
import { bootApp, demoData, importAndIndex, orgId, seedAccounts, tokenFor } from '../helpers/app';

/** Endpoint, acting account and body of each listing move. */
const MOVES: Record<string, { path: string; user: string; body?: object }> = {
  submit: { path: 'submit', user: 'enterprise.demo', body: { attestPublishable: true } },
  startScreening: { path: 'screening', user: 'staff.broker' },
  pass: { path: 'pass', user: 'staff.broker' },
  reject: { path: 'reject', user: 'staff.broker', body: { reason: '测试理由' } },
  revise: { path: 'revise', user: 'enterprise.demo' },
  publish: { path: 'publish', user: 'staff.broker' },
  withdraw: { path: 'withdraw', user: 'enterprise.demo', body: { reason: '测试理由' } },
  close: { path: 'close', user: 'staff.broker', body: { closeReason: 'expired', reason: '测试理由' } },
};

/**
 * Every move that the transition table of `@jiebang/policy` does not allow from a state is refused through the
 * HTTP API with 409 `ILLEGAL_TRANSITION` and its article, and writes nothing (status, audit log).
 */
describe('illegal listing transitions', () => {
  let app: INestApplication;
  let db: DataSource;
  const t: Record<string, string> = {};
  const listingIn: Partial<Record<ListingStatus, string>> = {};

  beforeAll(async () => {
    app = await bootApp('transitions');
    db = app.get(DataSource);
    await importAndIndex(app, { organizations: (demoData() as { organizations: unknown[] }).organizations });
    await seedAccounts(app);
    for (const u of ['enterprise.demo', 'staff.broker']) t[u] = await tokenFor(app, u);
    const poster = await orgId(app, '包头钢铁(集团)有限责任公司');
    for (const status of Object.values(ListingStatus)) {
      const [row] = await db.query(
        `INSERT INTO listing (kind, field, title, status, poster_org_id, poster_name, published_at, close_reason)
         VALUES ('challenge', 'hydrogen', $1, $2::varchar, $3, '包头钢铁(集团)有限责任公司',
                 CASE WHEN $2::varchar IN ('published', 'closed') THEN now() END, CASE WHEN $2::varchar = 'closed' THEN 'expired' END)
         RETURNING id`,
        [`状态测试:${status}`, status, poster],
      );
      listingIn[status] = row.id;
    }
  });
  afterAll(() => app.close());

  const cases = Object.values(ListingStatus).flatMap((status) =>
    Object.keys(MOVES)
      .filter((action) => !LISTING_TRANSITIONS.some((tr) => tr.action === action && tr.from.includes(status)))
      .map((action) => [status, action] as const),
  );

  it('covers every state', () => {
    expect(new Set(cases.map(([s]) => s)).size).toBe(Object.values(ListingStatus).length);
  });

  it.each(cases)(
    'from %s, %s is refused with 409 ILLEGAL_TRANSITION and nothing is written',
    async (status, action) => {
      const move = MOVES[action];
      const id = listingIn[status] as string;
      const audit = Number((await db.query('SELECT count(*) n FROM audit_log'))[0].n);
      const res = await request(app.getHttpServer())
        .post(`/api/v1/listings/${id}/${move.path}`)
        .set('Authorization', `Bearer ${t[move.user]}`)
        .send(move.body ?? {});
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 409, code: 'ILLEGAL_TRANSITION' });
      expect(res.body.rule).toMatch(/^004 §9/);
      const [row] = await db.query('SELECT status FROM listing WHERE id = $1', [id]);
      expect(row.status).toBe(status);
      expect(Number((await db.query('SELECT count(*) n FROM audit_log'))[0].n)).toBe(audit);
    },
  );
});
