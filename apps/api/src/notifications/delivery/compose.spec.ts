import {
  absoluteLink,
  beijingDate,
  categoryOf,
  composeDigestEmail,
  composeNotificationEmail,
  composeSms,
  dailyCron,
  deliveryError,
  digestCategories,
  effectivePreference,
  nextDailyRun,
} from './compose';

describe('categoryOf', () => {
  it.each([
    ['待办:补助审批', '/deals/1', 'task'],
    ['需求论证邀请', '/expert', 'task'],
    ['联合体揭榜邀请', '/applications/1', 'task'],
    ['收到揭榜申报:氢能', '/listings/1', 'task'],
    ['今日到期:补助审批', '/deals/1', 'reminder'],
    ['已逾期:补助审批', '/deals/1', 'reminder'],
    ['成交公示开始', '/deals/1', 'notice'],
    ['新的洽谈消息', '/negotiations/1', 'negotiation'],
    ['榜单状态变更:氢能', '/listings/1', 'progress'],
    ['揭榜申报状态变更:氢能', null, 'progress'],
  ])('%s (%s) → %s', (title, link, category) => {
    expect(categoryOf(title, link)).toBe(category);
  });
});

describe('preferences', () => {
  it('falls back to the defaults: tasks at once, progress in the digest, SMS off', () => {
    expect(effectivePreference({}, 'task')).toEqual({ email: 'immediate', sms: false });
    expect(effectivePreference({}, 'progress')).toEqual({ email: 'digest', sms: false });
    expect(effectivePreference({ task: { email: 'off', sms: true } }, 'task')).toEqual({ email: 'off', sms: true });
  });

  it('lists the digest categories of a user', () => {
    expect(digestCategories({})).toEqual(['progress', 'notice']);
    expect(digestCategories({ progress: { email: 'off', sms: false }, task: { email: 'digest', sms: false } })).toEqual(
      ['task', 'notice'],
    );
  });
});

describe('texts', () => {
  const url = 'https://jiebang.example.org/';

  it('makes links absolute once', () => {
    expect(absoluteLink(url, '/deals/1')).toBe('https://jiebang.example.org/deals/1');
    expect(absoluteLink(url, 'deals/1')).toBe('https://jiebang.example.org/deals/1');
    expect(absoluteLink(url, null)).toBe('https://jiebang.example.org/');
    expect(absoluteLink(url, 'https://elsewhere.example.org/x')).toBe('https://elsewhere.example.org/x');
  });

  it('writes one notification as a Chinese e-mail with the link and where to change the choice', () => {
    const m = composeNotificationEmail(
      { title: '待办:补助审批', body: '后补助:某项目。请于 2026-12-10 前处理。', link: '/deals/1', category: 'task' },
      '科技厅审批人',
      url,
    );
    expect(m.subject).toBe('【揭榜挂帅】待办:补助审批');
    expect(m.text).toContain('科技厅审批人您好');
    expect(m.text).toContain('请于 2026-12-10 前处理');
    expect(m.text).toContain('类别:待办/审批');
    expect(m.text).toContain('查看详情:https://jiebang.example.org/deals/1');
    expect(m.text).toContain('https://jiebang.example.org/account/notifications');
  });

  it('groups a digest by category with Beijing times and counts the items', () => {
    const m = composeDigestEmail(
      [
        {
          title: '成交公示开始',
          body: '甲',
          link: '/deals/1',
          category: 'notice',
          createdAt: new Date('2026-12-06T01:30:00Z'),
        },
        {
          title: '榜单状态变更',
          body: '乙',
          link: '/listings/2',
          category: 'progress',
          createdAt: new Date('2026-12-06T16:05:00Z'),
        },
      ],
      '张三',
      '2026-12-07',
      url,
    );
    expect(m.subject).toBe('【揭榜挂帅】每日通知汇总(2026-12-07,2 条未读)');
    expect(m.text.indexOf('【项目进度】')).toBeLessThan(m.text.indexOf('【公示】'));
    expect(m.text).toContain('· 09:30 成交公示开始:甲');
    expect(m.text).toContain('· 00:05 榜单状态变更:乙');
    expect(m.text).toContain('https://jiebang.example.org/listings/2');
  });

  it('keeps an SMS short: title and link', () => {
    expect(composeSms({ title: '已逾期:补助审批', link: '/deals/1' }, url)).toBe(
      '【揭榜挂帅】已逾期:补助审批,详情:https://jiebang.example.org/deals/1',
    );
  });

  it('shortens long errors for the delivery record', () => {
    expect(deliveryError(new Error('x'.repeat(600)))).toHaveLength(500);
    expect(deliveryError('refused')).toBe('refused');
  });
});

describe('Beijing-time schedule', () => {
  it('dates an instant in Beijing', () => {
    expect(beijingDate(new Date('2026-12-06T15:59:59Z'))).toBe('2026-12-06');
    expect(beijingDate(new Date('2026-12-06T16:00:00Z'))).toBe('2026-12-07');
  });

  it('runs the digest next at DIGEST_AT Beijing time: today if still ahead, else tomorrow', () => {
    expect(nextDailyRun(new Date('2026-12-06T23:59:00Z'), '08:00').toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(nextDailyRun(new Date('2026-12-07T00:00:00Z'), '08:00').toISOString()).toBe('2026-12-08T00:00:00.000Z');
    expect(nextDailyRun(new Date('2026-12-06T17:00:00Z'), '00:30').toISOString()).toBe('2026-12-07T16:30:00.000Z');
    expect(dailyCron('08:05')).toBe('5 8 * * *');
  });
});
