import { ListingKind, OrgType } from '@jiebang/contracts';
import {
  addMonths,
  mayPostAchievement,
  ownIpRefusal,
  timeLimitMonths,
  timeLimitRefusal,
  timetableRefusal,
} from './listing-rules';

describe('achievement posters (004 §7)', () => {
  it('a university, research institute, new R&D institution or tech enterprise may post; others only as 4+8+N partners', () => {
    for (const t of [OrgType.University, OrgType.ResearchInstitute, OrgType.NewRdInstitution, OrgType.TechEnterprise])
      expect(mayPostAchievement(t, false)).toBe(true);
    for (const t of [OrgType.Enterprise, OrgType.Other, OrgType.PilotBase]) {
      expect(mayPostAchievement(t, false)).toBe(false);
      expect(mayPostAchievement(t, true)).toBe(true);
    }
  });

  it('004 §7(一): an achievement listing that declares no own IP is refused with the article', () => {
    expect(ownIpRefusal(ListingKind.Achievement, false)).toEqual(
      expect.objectContaining({ code: 'OWN_IP_REQUIRED', rule: '004 §7(一)' }),
    );
    expect(ownIpRefusal(ListingKind.Achievement, true)).toBeNull();
    expect(ownIpRefusal(ListingKind.Achievement, null)).toBeNull();
    expect(ownIpRefusal(ListingKind.Challenge, false)).toBeNull();
  });
});

describe('implementation period where it is entered (004 §15)', () => {
  it('reads the period a 建议实施时限 names', () => {
    expect(timeLimitMonths('3年')).toBe(36);
    expect(timeLimitMonths('6 年')).toBe(72);
    expect(timeLimitMonths('18个月')).toBe(18);
    expect(timeLimitMonths('两年半')).toBe(30);
    expect(timeLimitMonths('2年6个月')).toBe(30);
    expect(timeLimitMonths('1-2年')).toBe(24);
    expect(timeLimitMonths('三十六个月')).toBe(36);
    expect(timeLimitMonths('36 months')).toBe(36);
    expect(timeLimitMonths('2025年1月至2026年12月')).toBeNull();
    expect(timeLimitMonths('尽快')).toBeNull();
  });

  it('refuses 6 years on either kind, 3 years on an achievement, and accepts the limits themselves', () => {
    expect(timeLimitRefusal(ListingKind.Challenge, '6年')).toEqual(
      expect.objectContaining({ code: 'TIME_LIMIT_EXCEEDED', rule: '004 §15' }),
    );
    expect(timeLimitRefusal(ListingKind.Achievement, '3年')?.code).toBe('TIME_LIMIT_EXCEEDED');
    expect(timeLimitRefusal(ListingKind.Challenge, '3年')).toBeNull();
    expect(timeLimitRefusal(ListingKind.Achievement, '24个月')).toBeNull();
    expect(timeLimitRefusal(ListingKind.Achievement, null)).toBeNull();
  });

  it('refuses a timetable whose last milestone is more than the limit after today', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-12-07', 36)).toBe('2029-12-07');
    const today = '2026-12-07';
    expect(timetableRefusal(ListingKind.Challenge, ['2027-06-30', '2032-12-01'], today)).toEqual(
      expect.objectContaining({ code: 'TIMETABLE_TOO_LONG', rule: '004 §15' }),
    );
    expect(timetableRefusal(ListingKind.Challenge, ['2027-06-30', '2029-12-07'], today)).toBeNull();
    expect(timetableRefusal(ListingKind.Achievement, ['2029-01-01'], today)?.code).toBe('TIMETABLE_TOO_LONG');
    expect(timetableRefusal(ListingKind.Achievement, [], today)).toBeNull();
  });
});
