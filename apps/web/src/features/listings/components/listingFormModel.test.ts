import { ListingKind } from '@jiebang/contracts';
import { describe, expect, it } from 'vitest';
import { listingFieldLabel, listingFormSections, normaliseWan, toListingFormDto } from './listingFormModel';

const complete = {
  title: '晶界扩散稀土永磁',
  field: undefined,
  regionCode: '150200',
  resultType: undefined,
  summary: '成果内容',
};

describe('listingFormSections (the progress steps)', () => {
  it('lists the sections of an achievement, with what each lacks', () => {
    const s = listingFormSections({}, ListingKind.Achievement, { hasDraft: false, canSubmit: true });
    expect(s.map((x) => x.key)).toEqual(['basic', 'outcome', 'attachments', 'submit']);
    expect(s[0]).toEqual({ key: 'basic', title: '基本信息', missing: ['名称', '聚焦领域', '所在地区'] });
    expect(s[1].title).toBe('成果情况');
    expect(s[1].missing).toHaveLength(8);
    expect(s[3].missing).toEqual(['内容不涉密承诺']);
  });

  it('adds 需求信息 for a challenge and counts a key technology only when both parts are long enough', () => {
    const half = listingFormSections(
      { demand: { keyTechnologies: [{ name: '工艺', targetIndicator: '≥' }] } },
      ListingKind.Challenge,
      { hasDraft: true, canSubmit: false },
    );
    expect(half.map((x) => x.key)).toEqual(['basic', 'outcome', 'demand', 'attachments']);
    expect(half[1].title).toBe('技术与成果要求');
    expect(half[2].missing).toContain('关键技术及指标');
    expect(half[3].missing).toEqual([]);
    const ok = listingFormSections(
      { demand: { keyTechnologies: [{ name: '工艺', targetIndicator: '≥5 kOe' }] } },
      ListingKind.Challenge,
      { hasDraft: true, canSubmit: false },
    );
    expect(ok[2].missing).not.toContain('关键技术及指标');
  });

  it('does not count white space, a short name or a malformed amount as filled', () => {
    const [basic, outcome] = listingFormSections(
      { ...complete, title: ' 稀土 ', summary: '   ', totalInvestmentWan: '1.2345678' },
      ListingKind.Achievement,
      { hasDraft: true, canSubmit: false },
    );
    expect(basic.missing).toEqual(['名称', '聚焦领域']);
    expect(outcome.missing).toContain('拟转化科技成果情况');
    expect(outcome.missing).toContain('项目预计总投入');
  });
});

describe('the saved DTO', () => {
  it('normalises 万元 exactly and leaves out what the API would refuse', () => {
    expect(normaliseWan('012.50')).toBe('12.5');
    expect(normaliseWan('1.2345678')).toBeUndefined();
    const dto = toListingFormDto(
      {
        title: '稀土',
        summary: '  内容  ',
        totalInvestmentWan: 'abc',
        demand: {
          keyTechnologies: [
            { name: '工艺', targetIndicator: 'x' },
            { name: ' 扩散 ', targetIndicator: ' ≥5 ' },
          ],
        },
      },
      ListingKind.Challenge,
    );
    expect(dto.title).toBeUndefined();
    expect(dto.summary).toBe('内容');
    expect('totalInvestmentWan' in dto).toBe(false);
    expect(dto.demand?.keyTechnologies).toEqual([{ name: '扩散', targetIndicator: '≥5' }]);
  });

  it('carries the listing terms (issue 16 item 16) and leaves out a malformed phone or e-mail so the rest saves', () => {
    const dto = toListingFormDto(
      {
        ...complete,
        offerAmountWan: '0300.50',
        applyDeadline: '2027-03-31',
        cooperationForms: ['transfer', 'equity_investment'],
        contactName: ' 王工 ',
        contactPhone: '0472-1234567',
        contactEmail: 'not-an-email',
      },
      ListingKind.Challenge,
    );
    expect(dto).toMatchObject({
      offerAmountWan: '300.5',
      applyDeadline: '2027-03-31',
      cooperationForms: ['transfer', 'equity_investment'],
      contactName: '王工',
      contactPhone: '0472-1234567',
    });
    expect('contactEmail' in dto).toBe(false);
    // A cleared contact is sent as empty, so the API clears it.
    expect(toListingFormDto({ contactPhone: ' ' }, ListingKind.Challenge).contactPhone).toBe('');
  });

  it('names a key technology row in Chinese', () => {
    expect(listingFieldLabel(['demand', 'keyTechnologies', 1, 'targetIndicator'])).toBe('关键技术第2项的目标指标');
    expect(listingFieldLabel(['totalInvestmentFen'])).toBe('项目预计总投入');
  });
});
