import { describe, expect, it } from 'vitest';
import { applicationRouteText } from './carriers';

describe('applicationRouteText (申报途径)', () => {
  it('names the 归口管理部门 — a 盟市科技局 or a 自治区部门 — or says 直接申报', () => {
    expect(applicationRouteText({ direct: false, authority: '150200' })).toBe('经包头市科技局推荐');
    expect(applicationRouteText({ direct: false, authority: 'dept.industry' })).toBe('经自治区工业和信息化厅推荐');
    expect(applicationRouteText({ direct: false, authority: null })).toBe('经归口管理部门推荐');
    expect(applicationRouteText({ direct: true, authority: null })).toBe('直接申报');
  });
});
