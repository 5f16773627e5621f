import { describe, expect, it } from 'vitest';
import { basisText, chineseNumber, ruleWords } from './rules';

const MEASURES = '《内蒙古自治区科技计划"揭榜挂帅"实施办法（试行）》';

describe('ruleWords', () => {
  it('names the document and its articles in words', () => {
    expect(ruleWords('004 §11')).toBe(`${MEASURES}第十一条`);
    expect(ruleWords('004 §9(七)')).toBe(`${MEASURES}第九条第（七）项`);
    expect(ruleWords('004 §4(一), §4(二), §6, §8')).toBe(
      `${MEASURES}第四条第（一）项、第四条第（二）项、第六条、第八条`,
    );
  });

  it('keeps a Chinese note and every cited document', () => {
    expect(ruleWords('004 §11 (一事一议)')).toBe(`${MEASURES}第十一条（一事一议）`);
    expect(ruleWords('004 §9(七); 000 四.3, 001 §10(三)')).toBe(
      `${MEASURES}第九条第（七）项；《关于组织开展自治区概念验证平台、科技成果转化中试基地、中试公共服务平台备案工作的通知》第四部分第3点；《云南省概念验证中心和中试基地（平台）备案管理办法（试行）》第十条第（三）项`,
    );
  });

  it('leaves RULEBOOK sections out, keeping the documents they cite', () => {
    expect(ruleWords('RULEBOOK §5')).toBeUndefined();
    expect(ruleWords('RULEBOOK §6 (beyond 004 §6, §8)')).toBe(`${MEASURES}第六条、第八条`);
    expect(basisText(null)).toBeUndefined();
    expect(basisText('004 §15')).toBe(`依据${MEASURES}第十五条`);
  });

  it('never lets a seed number or section sign through', () => {
    for (const rule of ['004 §12', '004 §9(七); 000 四.3, 001 §10(三)', 'RULEBOOK §6 (beyond 004 §6, §8)']) {
      expect(ruleWords(rule)).not.toMatch(/\b00\d\b|§|RULEBOOK/);
    }
  });

  it('writes 1–99 in Chinese numerals', () => {
    expect([1, 10, 11, 20, 21, 99].map(chineseNumber)).toEqual(['一', '十', '十一', '二十', '二十一', '九十九']);
  });
});
