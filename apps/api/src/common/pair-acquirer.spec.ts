import { PairAcquirer } from './pair-acquirer';

/** A pool of `size` numbered resources; `acquire` waits (first come, first served) while none is free. */
function pool(size: number) {
  const free = Array.from({ length: size }, (_, i) => i);
  const waiting: ((r: number) => void)[] = [];
  return {
    acquire: () =>
      new Promise<number>((resolve) => {
        const r = free.shift();
        if (r === undefined) waiting.push(resolve);
        else resolve(r);
      }),
    release: (r: number) => {
      const next = waiting.shift();
      if (next) next(r);
      else free.push(r);
    },
    free,
  };
}

/** Runs `tasks` tasks at once, each holding a pair for a few ticks; resolves with the pairs they held. */
async function run(getPair: () => Promise<[number, number]>, release: (r: number) => void, tasks: number) {
  return Promise.all(
    Array.from({ length: tasks }, async () => {
      const [a, b] = await getPair();
      await new Promise((r) => setTimeout(r, 2));
      release(a);
      release(b);
      return [a, b];
    }),
  );
}

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<'stuck'>((r) => setTimeout(() => r('stuck'), ms))]);

describe('PairAcquirer', () => {
  it('lets as many tasks as the pool holds each take a pair, where naive acquisition waits forever', async () => {
    const naivePool = pool(4);
    const naive = async (): Promise<[number, number]> => [await naivePool.acquire(), await naivePool.acquire()];
    expect(await within(run(naive, naivePool.release, 4), 200)).toBe('stuck');

    const p = pool(4);
    const acquirer = new PairAcquirer(p.acquire, p.release);
    const pairs = await within(
      run(() => acquirer.pair(), p.release, 12),
      2000,
    );
    expect(pairs).not.toBe('stuck');
    for (const [a, b] of pairs as number[][]) expect(a).not.toBe(b);
    expect(p.free.sort()).toEqual([0, 1, 2, 3]);
  });

  it('gives the first resource back when the second cannot be had, and serves later callers', async () => {
    const p = pool(2);
    let calls = 0;
    const acquirer = new PairAcquirer(async () => {
      calls += 1;
      if (calls === 2) throw new Error('pool closed');
      return p.acquire();
    }, p.release);
    await expect(acquirer.pair()).rejects.toThrow('pool closed');
    expect(p.free.sort()).toEqual([0, 1]);
    const [a, b] = await acquirer.pair();
    expect([a, b].sort()).toEqual([0, 1]);
  });
});
