/**
 * Takes two resources (e.g. pooled database connections) for one task, one task at a time: a task holds its
 * first resource only while it waits for its second, and no other task can be waiting with one in hand
 * meanwhile. Without this, N concurrent tasks on a pool of N could each take one and wait forever for a second.
 * Callers that hold one resource while waiting for another must all go through the same acquirer.
 */
export class PairAcquirer<T> {
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * @param acquire takes one resource (may wait for the pool).
   * @param release gives one back.
   */
  constructor(
    private readonly acquire: () => Promise<T>,
    private readonly release: (resource: T) => Promise<void> | void,
  ) {}

  /**
   * Two resources, after every earlier `pair()` call has got its own. The caller releases both.
   * @throws what `acquire` throws (the first resource is then given back).
   */
  pair(): Promise<[T, T]> {
    const pair = this.queue.then(async (): Promise<[T, T]> => {
      const first = await this.acquire();
      try {
        return [first, await this.acquire()];
      } catch (e) {
        await this.release(first);
        throw e;
      }
    });
    this.queue = pair.catch(() => undefined);
    return pair;
  }
}
