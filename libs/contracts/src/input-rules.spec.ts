import { validateSync } from 'class-validator';
import {
  controlCharIndex,
  inspectInput,
  IsCalendarDate,
  isCalendarDate,
  IsNotBlank,
  IsPlainText,
  jsonNestingDepth,
  MAX_INPUT_DEPTH,
} from './input-rules';

describe('input rules at the edge', () => {
  it('a calendar date is YYYY-MM-DD and exists', () => {
    for (const ok of ['2026-02-28', '2028-02-29', '2000-02-29', '2026-12-31', '2026-01-01'])
      expect(isCalendarDate(ok)).toBe(true);
    for (const bad of [
      '2026-02-30',
      '2026-02-29',
      '1900-02-29',
      '2027-02-30',
      '2026-13-01',
      '2026-00-10',
      '2026-04-31',
      '2026-6-1',
      '2026-06-01T00:00:00Z',
      ' 2026-06-01',
      '0999-01-01',
      20260601,
      null,
    ])
      expect(isCalendarDate(bad)).toBe(false);
  });

  it('finds NUL and other control characters; TAB, LF and CR only in multi-line text', () => {
    expect(controlCharIndex('ab\u0000c')).toBe(2);
    expect(controlCharIndex('\u001b[31m')).toBe(0);
    expect(controlCharIndex('x\u007f')).toBe(1);
    expect(controlCharIndex('第一行\r\n\t第二行')).toBe(-1);
    expect(controlCharIndex('第一行\n第二行', true)).toBe(3);
  });

  it('counts the nesting of raw JSON without recursion, ignoring brackets in strings', () => {
    expect(jsonNestingDepth('{"a":[1,{"b":2}]}')).toBe(3);
    expect(jsonNestingDepth('{"a":"[[[[{{{{\\"]]"}')).toBe(1);
    expect(jsonNestingDepth('1')).toBe(0);
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(jsonNestingDepth(deep)).toBe(MAX_INPUT_DEPTH + 1);
  });

  it('inspects a parsed value without recursion: depth, control characters in values and keys, with their path', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    expect(inspectInput(deep)).toMatchObject({ code: 'INPUT_TOO_DEEP' });
    expect(inspectInput({ a: [{ b: 'x\u0000' }] })).toMatchObject({ code: 'INVALID_CHARACTERS', path: 'a[0].b' });
    expect(inspectInput({ ['k\u0001']: 1 })).toMatchObject({ code: 'INVALID_CHARACTERS', path: 'k\u0001' });
    expect(inspectInput({ a: '多行\n文本\t', n: 1, b: null, c: [true] })).toBeNull();
  });

  it('the decorators refuse impossible dates, blank text and control characters', () => {
    class Dto {
      @IsCalendarDate() on!: string;
      @IsNotBlank(4) no!: string;
      @IsPlainText({ singleLine: true }) name!: string;
    }
    const errors = (v: Partial<Dto>) =>
      validateSync(Object.assign(new Dto(), { on: '2026-02-28', no: '1502', name: '名称', ...v })).map(
        (e) => e.property,
      );
    expect(errors({})).toEqual([]);
    expect(errors({ on: '2026-02-30' })).toEqual(['on']);
    expect(errors({ no: '      ' })).toEqual(['no']);
    expect(errors({ no: '  12  ' })).toEqual(['no']);
    expect(errors({ name: '名\n称' })).toEqual(['name']);
    const [e] = validateSync(Object.assign(new Dto(), { on: '2026-02-28', no: '1502', name: '名\u0000称' }));
    expect(Object.values(e.constraints ?? {})[0]).toMatch(/^INVALID_CHARACTERS: /);
  });
});
