import { DURATIONS } from './durations';
import { DEFAULT_NOTICE_WORKING_DAYS } from './notice';
import { MAX_DURATION_MONTHS } from './transitions';

describe('DURATIONS (one table of the rules’ durations)', () => {
  it('004 §15: at most 3 years for a challenge, 2 years for an achievement', () => {
    expect(DURATIONS.challengeImplementation).toEqual({ months: 36, rule: '004 §15' });
    expect(DURATIONS.achievementImplementation).toEqual({ months: 24, rule: '004 §15' });
    expect(MAX_DURATION_MONTHS).toEqual({ challenge: 36, achievement: 24 });
  });

  it('the notice lasts 5 working days, and the notice rules read it from the table', () => {
    expect(DURATIONS.notice.workingDays).toBe(5);
    expect(DEFAULT_NOTICE_WORKING_DAYS).toBe(DURATIONS.notice.workingDays);
  });
});
