import { DealStatus } from '@jiebang/contracts';
import { DEAL_QUEUES, pageWindow } from './deal-read.service';

describe('the deal read model', () => {
  it('pages from 1 with 20 a page by default', () => {
    expect(pageWindow({})).toEqual({ page: 1, pageSize: 20, offset: 0 });
    expect(pageWindow({ page: 3, pageSize: 50 })).toEqual({ page: 3, pageSize: 50, offset: 100 });
  });

  it('names only real deal states in its work queues', () => {
    const states = new Set<string>(Object.values(DealStatus));
    for (const [queue, sql] of Object.entries(DEAL_QUEUES)) {
      const named = [...sql.matchAll(/d\.status (?:=|IN \()([^)]*?)(?:\)|$| AND)/g)].flatMap((m) =>
        [...m[1].matchAll(/'([a-z_]+)'/g)].map((x) => x[1]),
      );
      for (const s of named)
        expect({ queue, state: s, known: states.has(s) }).toEqual({ queue, state: s, known: true });
    }
    expect(DEAL_QUEUES.notice).toContain(`'${DealStatus.AwaitingSigning}'`);
    expect(DEAL_QUEUES.acceptance).toContain(`'${DealStatus.InProgress}'`);
  });
});
