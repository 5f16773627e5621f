import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RateLimiterPostgres } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { EnvConfig } from '../config/env.config';

/** 429 `LOGIN_THROTTLED`; the controller copies `retryAfterSeconds` into the `Retry-After` header. */
export class LoginThrottledError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      HttpStatus.TOO_MANY_REQUESTS,
      'LOGIN_THROTTLED',
      `登录失败次数过多,请 ${retryAfterSeconds} 秒后再试(只限制本设备/网络地址对该账号的尝试,账号本身未被锁定)`,
      undefined,
      { retryAfterSeconds },
    );
  }
}

/** How long counted failures are remembered after the first of them (then the allowance starts afresh). */
const FAILURE_WINDOW_SECONDS = 24 * 3600;

/**
 * Login throttling that an attacker cannot turn into a lock-out of the account's owner (issue 11, item 3).
 *
 * Policy — two counters of failed logins (a wrong password, an unknown username, a wrong TOTP code), kept for 24
 * hours after their first failure:
 * - per **account + client address**: from the `LOGIN_MAX_FAILURES`th (5th) failure on, each failure makes this
 *   pair wait `LOGIN_DELAY_BASE_SECONDS` (1 s), then 2 s, 4 s, … doubling up to `LOGIN_LOCK_MINUTES` (15 min). A
 *   successful login from that address clears the pair;
 * - per **client address** (all accounts): the same doubling from the `LOGIN_ADDRESS_MAX_FAILURES`th (100th)
 *   failure on; success does not clear it (one valid account must not reset a guessing run against others).
 * While a wait runs, attempts of that pair/address are answered 429 `LOGIN_THROTTLED` with `Retry-After`
 * (seconds) without checking the password and without counting. Nothing is keyed by the account alone, so the
 * owner, from any other address, always gets in with the right password; there is no 423 any more.
 * The client address is Express's `req.ip`, i.e. the TCP peer unless `TRUST_PROXY` says which proxies'
 * `X-Forwarded-For` to believe.
 *
 * Store: rate-limiter-flexible's PostgreSQL store on the API's own pool (table `login_throttle`, created by
 * migration `1764576000000-auth-sessions`), so that every API replica shares the counters.
 */
@Injectable()
export class LoginThrottle {
  private readonly failures: RateLimiterPostgres;
  private readonly delays: RateLimiterPostgres;

  constructor(
    @InjectDataSource() db: DataSource,
    private readonly config: EnvConfig,
  ) {
    const common = {
      storeClient: db,
      storeType: 'typeorm',
      tableName: 'login_throttle',
      tableCreated: true,
    };
    // The failure counters' limiter also deletes rows expired for an hour, every 5 minutes (an unref'd timer).
    this.failures = new RateLimiterPostgres({
      ...common,
      clearExpiredByTimeout: true,
      keyPrefix: 'fail',
      points: 1_000_000,
      duration: FAILURE_WINDOW_SECONDS,
    });
    this.delays = new RateLimiterPostgres({
      ...common,
      clearExpiredByTimeout: false,
      keyPrefix: 'wait',
      points: 1,
      duration: 1,
    });
  }

  private keys(username: string, address: string) {
    return { pair: `u:${username.toLowerCase()}@${address}`, address: `a:${address}` };
  }

  /**
   * Refuses an attempt while its pair or its address must wait.
   * @throws LoginThrottledError (429 `LOGIN_THROTTLED`, `retryAfterSeconds` = the longer of the two waits).
   */
  async assertMayTry(username: string, address: string): Promise<void> {
    const k = this.keys(username, address);
    const waits = await Promise.all([this.delays.get(k.pair), this.delays.get(k.address)]);
    const ms = Math.max(0, ...waits.map((w) => (w && w.consumedPoints > 1 ? w.msBeforeNext : 0)));
    if (ms > 0) throw new LoginThrottledError(Math.ceil(ms / 1000));
  }

  /** Counts a failed attempt and starts the wait it earns (see the policy above). */
  async recordFailure(username: string, address: string): Promise<void> {
    const k = this.keys(username, address);
    const [pair, addr] = await Promise.all([this.failures.penalty(k.pair, 1), this.failures.penalty(k.address, 1)]);
    const wait = (n: number, allowance: number) =>
      n < allowance
        ? 0
        : Math.min(
            this.config.LOGIN_DELAY_BASE_SECONDS * 2 ** Math.min(n - allowance, 20),
            this.config.LOGIN_LOCK_MINUTES * 60,
          );
    const pairWait = wait(pair.consumedPoints, this.config.LOGIN_MAX_FAILURES);
    const addrWait = wait(addr.consumedPoints, this.config.LOGIN_ADDRESS_MAX_FAILURES);
    await Promise.all([
      pairWait ? this.delays.block(k.pair, pairWait) : null,
      addrWait ? this.delays.block(k.address, addrWait) : null,
    ]);
  }

  /** A successful login clears its account + address pair (not the address's own counter). */
  async recordSuccess(username: string, address: string): Promise<void> {
    const k = this.keys(username, address);
    await Promise.all([this.failures.delete(k.pair), this.delays.delete(k.pair)]);
  }
}
