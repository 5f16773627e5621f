import { describe, expect, it } from 'vitest';
import { carrierKindName, fieldName, formatFenWithWan, regionName, statusName, supportKindName } from './stats';

describe('stats words and money', () => {
  it('shows fen as yuan with two decimals and 万元 in brackets, exactly', () => {
    expect(formatFenWithWan('1234567')).toBe('12,345.67 元（1.234567 万元）');
    expect(formatFenWithWan('0')).toBe('0.00 元（0 万元）');
    expect(formatFenWithWan('900719925474099123')).toBe('9,007,199,254,740,991.23 元（900719925474.099123 万元）');
  });

  it('names fields, 盟市 and statuses in Chinese', () => {
    expect(fieldName('rare_earth')).toBe('稀土');
    expect(fieldName('none')).toBe('未分类');
    expect(regionName('150200')).toBe('包头市');
    expect(regionName('150000')).toBe('自治区本级');
    expect(regionName('unknown')).toBe('未填写地区');
    expect(statusName('deal', 'on_notice')).toBe('公示中');
    expect(statusName('application', 'recommended')).toBe('已推荐');
  });

  it('names carrier kinds and support classes in Chinese, an unknown one by its key', () => {
    expect(carrierKindName('pilot_base')).toBe('科技成果转化中试基地');
    expect(supportKindName('operation')).toBe('运营补助');
    expect(supportKindName('future_class')).toBe('future_class');
  });
});
