import { ListingKind } from '@jiebang/contracts';
import { describe, expect, it } from 'vitest';
import { listingFormSections } from '../components/listingFormModel';
import {
  DEMAND_FIELDS,
  inferredFieldLabel,
  investmentLabel,
  LISTING_FIELD_LABELS,
  listingFieldLabel,
  titleLabel,
} from './fieldLabels';

describe('the labels of a listing’s fields (one home)', () => {
  it('names the same field the same way in the form, its errors and the 推断 explanation', () => {
    expect(listingFieldLabel(['summary'])).toBe(LISTING_FIELD_LABELS.summary);
    expect(listingFieldLabel(['totalInvestmentFen'])).toBe(LISTING_FIELD_LABELS.totalInvestmentWan);
    expect(listingFieldLabel(['demand', 'ipOwnership'])).toBe('知识产权归属');
    expect(inferredFieldLabel('region_code')).toBe(LISTING_FIELD_LABELS.regionCode);
    expect(inferredFieldLabel('poster.type')).toBe('发榜单位类型');
    expect(inferredFieldLabel('posterName')).toBe(LISTING_FIELD_LABELS.poster);
  });

  it('never shows a program name for an unknown field', () => {
    expect(listingFieldLabel(['internalFlag'])).toBe('其他内容');
    expect(inferredFieldLabel('some_column')).toBe('其他字段');
  });

  it('names the title and the amount by kind', () => {
    expect(titleLabel(ListingKind.Challenge)).toBe('需求名称');
    expect(titleLabel(ListingKind.Achievement)).toBe('成果名称');
    expect(investmentLabel(ListingKind.Challenge)).toBe('项目预计总投入');
    expect(investmentLabel(ListingKind.Achievement)).toBe('项目预计总投入(或成果价值)');
  });

  it('is where the form’s list of missing demand fields takes its words from', () => {
    const [, , demand] = listingFormSections({}, ListingKind.Challenge, { hasDraft: true, canSubmit: false });
    expect(demand.missing).toEqual(DEMAND_FIELDS.map((f) => LISTING_FIELD_LABELS[f]));
  });
});
