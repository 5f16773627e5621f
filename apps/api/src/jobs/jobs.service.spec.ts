import { JobsOptions, JobsService } from './jobs.service';

describe('JobsService in-process delayed jobs', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] }));
  afterEach(() => jest.useRealTimers());

  it('runs a scheduled job at its time, once per jobId, and not before', async () => {
    const jobs = new JobsService(new JobsOptions(undefined, 'spec'));
    const seen: string[] = [];
    jobs.register<{ v: string }>('q', 'remind', async (p) => void seen.push(p.v));
    const at = new Date(Date.now() + 60_000);
    expect(await jobs.schedule('q', 'remind', { v: 'a' }, at, 'remind:1')).toBe(true);
    expect(await jobs.schedule('q', 'remind', { v: 'b' }, at, 'remind:1')).toBe(false);
    expect(jobs.scheduledInProcess()).toEqual(['q/remind/remind:1']);
    jest.advanceTimersByTime(59_999);
    await jobs.drain();
    expect(seen).toEqual([]);
    jest.advanceTimersByTime(1);
    await new Promise((r) => setImmediate(r));
    await jobs.drain();
    expect(seen).toEqual(['a']);
    expect(jobs.scheduledInProcess()).toEqual([]);
    await jobs.onModuleDestroy();
  });

  it('clears waiting timers on module destroy and refuses unknown handlers', async () => {
    const jobs = new JobsService(new JobsOptions(undefined, 'spec'));
    const seen: number[] = [];
    jobs.register('q', 'remind', async () => void seen.push(1));
    await jobs.schedule('q', 'remind', {}, new Date(Date.now() + 1000), 'x');
    await jobs.repeat('q', 'remind', {}, 500);
    await expect(jobs.schedule('q', 'nope', {}, new Date(), 'y')).rejects.toThrow(/no handler/);
    await jobs.onModuleDestroy();
    jest.advanceTimersByTime(10_000);
    await jobs.drain();
    expect(seen).toEqual([]);
    expect(jobs.scheduledInProcess()).toEqual([]);
  });
});
