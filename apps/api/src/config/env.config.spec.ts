import { ConfigError, loadConfig } from './env.config';

describe('loadConfig', () => {
  it('defaults every optional service to embedded / in-process', () => {
    const c = loadConfig({});
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.MEILI_URL).toBeUndefined();
    expect(c.REDIS_URL).toBeUndefined();
    expect(c.PORT).toBe(3000);
    expect(c.SEED_DEMO).toBe('true');
  });

  it('accepts well-formed URLs and treats empty strings as unset', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/jiebang',
      MEILI_URL: 'http://127.0.0.1:7700',
      REDIS_URL: 'redis://127.0.0.1:6379',
      PORT: '8080',
      MEILI_MASTER_KEY: '',
    });
    expect(c.PORT).toBe(8080);
    expect(c.MEILI_MASTER_KEY).toBeUndefined();
  });

  it('never seeds demo data with NODE_ENV=production, whatever SEED_DEMO says', () => {
    expect(loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'true' }).SEED_DEMO).toBe('false');
    expect(loadConfig({ NODE_ENV: 'production' }).SEED_DEMO).toBe('false');
    expect(loadConfig({ NODE_ENV: 'development', SEED_DEMO: 'true' }).SEED_DEMO).toBe('true');
    expect(loadConfig({ NODE_ENV: 'test' }).SEED_DEMO).toBe('true');
  });

  it('migrates at start unless MIGRATE_ON_START=false', () => {
    expect(loadConfig({}).MIGRATE_ON_START).toBe('true');
    expect(loadConfig({ MIGRATE_ON_START: 'false' }).MIGRATE_ON_START).toBe('false');
    expect(() => loadConfig({ MIGRATE_ON_START: 'no' })).toThrow(/MIGRATE_ON_START/);
  });

  it('reads the outward notification settings: SMTP_URL, MAIL_FROM, SMS_DRIVER, DIGEST_AT, PUBLIC_URL', () => {
    const d = loadConfig({});
    expect(d.SMTP_URL).toBeUndefined();
    expect(d.SMS_DRIVER).toBe('log');
    expect(d.DIGEST_AT).toBe('08:00');
    const c = loadConfig({ SMTP_URL: 'smtp://user:pass@127.0.0.1:2525', SMS_DRIVER: 'none', DIGEST_AT: '07:30' });
    expect(c).toMatchObject({ SMTP_URL: 'smtp://user:pass@127.0.0.1:2525', SMS_DRIVER: 'none', DIGEST_AT: '07:30' });
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.org' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ DIGEST_AT: '24:00' })).toThrow(/DIGEST_AT/);
    expect(() => loadConfig({ DIGEST_AT: '8:00' })).toThrow(/DIGEST_AT/);
    expect(() => loadConfig({ SMS_DRIVER: 'twilio' })).toThrow(/SMS_DRIVER/);
  });

  it('refuses bad values, naming each variable', () => {
    try {
      loadConfig({ DATABASE_URL: 'mysql://x', PORT: 'eighty', SEED_DEMO: 'yes' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems.map((p) => p.variable).sort()).toEqual(['DATABASE_URL', 'PORT', 'SEED_DEMO']);
      expect((e as Error).message).toContain('DATABASE_URL');
    }
  });
});
