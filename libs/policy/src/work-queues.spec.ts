import { DURATIONS } from './durations';
import { noticePeriod } from './notice';
import { parseQueueDayOverrides, queueDue, queueWorkingDays, WORK_QUEUE_ORDER, WORK_QUEUES } from './work-queues';

/** 2025-09-30 10:00 Beijing: the day before the National Day holidays (1–8 October; Saturday 11 October works). */
const BEFORE_NATIONAL_DAY = new Date('2025-09-30T10:00:00+08:00');

describe('WORK_QUEUES', () => {
  it('gives every queue a source: an article, or "configuration" where the texts name none', () => {
    for (const q of WORK_QUEUE_ORDER) {
      const def = WORK_QUEUES[q];
      expect(def.label).toMatch(/\S/);
      expect(def.rule).toMatch(/^00\d /);
      if (def.workingDays !== null) expect(def.source === 'configuration' || /\d{3} /.test(def.source)).toBe(true);
    }
  });

  it('takes the only sourced period, the notice length, from DURATIONS', () => {
    expect(WORK_QUEUES.objection.workingDays).toBe(DURATIONS.notice.workingDays);
    expect(WORK_QUEUES.objection.source).toBe(DURATIONS.notice.rule);
    expect(WORK_QUEUES.subsidyApproval.source).toBe('configuration');
  });
});

describe('parseQueueDayOverrides', () => {
  it('reads queue=days pairs and leaves the rest at their defaults', () => {
    const o = parseQueueDayOverrides('subsidyApproval=3, screening:15');
    expect(o).toEqual({ subsidyApproval: 3, screening: 15 });
    expect(queueWorkingDays('subsidyApproval', o)).toBe(3);
    expect(queueWorkingDays('milestoneReview', o)).toBe(WORK_QUEUES.milestoneReview.workingDays);
    expect(parseQueueDayOverrides(undefined)).toEqual({});
    expect(parseQueueDayOverrides('')).toEqual({});
  });

  it('refuses unknown queues, dated queues, bad numbers and garbage, naming the entry', () => {
    expect(() => parseQueueDayOverrides('nosuch=3')).toThrow(/nosuch/);
    expect(() => parseQueueDayOverrides('milestoneReport=3')).toThrow(/milestoneReport/);
    expect(() => parseQueueDayOverrides('screening=0')).toThrow(/1–60/);
    expect(() => parseQueueDayOverrides('screening=61')).toThrow(/1–60/);
    expect(() => parseQueueDayOverrides('screening')).toThrow(/screening/);
  });
});

describe('queueDue', () => {
  it('counts working days after the day of entry, skipping statutory holidays and counting make-up days', () => {
    const d = queueDue('objection', BEFORE_NATIONAL_DAY, { now: BEFORE_NATIONAL_DAY });
    // 9, 10, 11 (make-up Saturday), 13, 14 October.
    expect(d.dueOn).toBe('2025-10-14');
    expect(d.dueOn).toBe(noticePeriod('2025-09-30', 5).lastDay);
    expect(d.overdueAt.toISOString()).toBe('2025-10-14T16:00:00.000Z');
    expect(d.overdue).toBe(false);
    expect(d.workingDaysLeft).toBe(5);
    expect(d.provisional).toBe(false);
  });

  it('uses the Beijing date of entry (23:30 UTC is the next morning in Beijing)', () => {
    const d = queueDue('subsidyApproval', new Date('2025-09-29T23:30:00Z'), { overrides: { subsidyApproval: 1 } });
    expect(d.dueOn).toBe('2025-10-09');
  });

  it('is due on the last day, overdue from 00:00 Beijing of the next', () => {
    const o = { overrides: { subsidyApproval: 5 } };
    const onDue = queueDue('subsidyApproval', BEFORE_NATIONAL_DAY, {
      ...o,
      now: new Date('2025-10-14T23:59:00+08:00'),
    });
    expect(onDue).toMatchObject({ overdue: false, workingDaysLeft: 0 });
    const after = queueDue('subsidyApproval', BEFORE_NATIONAL_DAY, {
      ...o,
      now: new Date('2025-10-15T00:00:00+08:00'),
    });
    expect(after.overdue).toBe(true);
    const later = queueDue('subsidyApproval', BEFORE_NATIONAL_DAY, {
      ...o,
      now: new Date('2025-10-17T09:00:00+08:00'),
    });
    expect(later.workingDaysLeft).toBe(-3);
  });

  it('takes an item’s own date for milestone reports and refuses one without', () => {
    const d = queueDue('milestoneReport', BEFORE_NATIONAL_DAY, {
      ownDueOn: '2025-10-01',
      now: new Date('2025-10-02T09:00:00+08:00'),
    });
    expect(d).toMatchObject({ dueOn: '2025-10-01', overdue: true, workingDaysLeft: 0 });
    expect(() => queueDue('milestoneReport', BEFORE_NATIONAL_DAY)).toThrow(RangeError);
  });

  it('counts periods longer than 30 working days on from the 30th', () => {
    const d = queueDue('screening', new Date('2025-03-03T10:00:00+08:00'), { overrides: { screening: 35 } });
    const thirty = noticePeriod('2025-03-03', 30).lastDay;
    expect(d.dueOn).toBe(noticePeriod(thirty, 5).lastDay);
  });
});

describe('who works a queue', () => {
  it('names a capability for every staff and recommender queue and none for parties and experts', () => {
    for (const q of WORK_QUEUE_ORDER) {
      const def = WORK_QUEUES[q];
      expect(!!def.capability).toBe(def.holder === 'staff' || def.holder === 'recommender');
    }
    expect(WORK_QUEUES.subsidyApproval.capability).toBe('approve_subsidy');
  });
});
