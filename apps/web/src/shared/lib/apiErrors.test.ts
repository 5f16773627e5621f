import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import {
  errorText,
  hasChinese,
  parsePropertyPath,
  userMessage,
  validationFieldErrors,
  withoutRuleRefs,
} from './apiErrors';

const validation = (details: unknown) =>
  new ApiError({ statusCode: 400, code: 'VALIDATION_FAILED', message: 'Validation failed', details });

describe('API error codes and details to what a form shows', () => {
  it('splits dotted and bracketed property paths', () => {
    expect(parsePropertyPath('contacts.0.phone')).toEqual(['contacts', 0, 'phone']);
    expect(parsePropertyPath('contacts[1].name')).toEqual(['contacts', 1, 'name']);
  });

  it('puts each constraint on its field in Chinese, keeping Chinese server messages', () => {
    const entries = validationFieldErrors(
      validation([
        {
          property: 'account.password',
          constraints: { minLength: 'password must be longer than or equal to 12 characters' },
        },
        { property: 'email', constraints: { isEmail: 'email must be an email' } },
        { property: 'title', constraints: { custom: '名称不能只含空白' } },
        {
          property: 'round.documentNo',
          constraints: { isNotBlank: 'documentNo 不能为空白,去掉首尾空格后至少 2 个字' },
        },
        {
          property: 'note',
          constraints: { isPlainText: 'INVALID_CHARACTERS: note 不能含有不可见的控制字符,请删除后重试' },
        },
        {
          property: 'contacts',
          children: [{ property: '0', children: [{ property: 'phone', constraints: { matches: 'bad' } }] }],
        },
      ]),
    );
    expect(entries).toEqual([
      { name: ['account', 'password'], errors: ['长度不能少于 12 个字符'] },
      { name: ['email'], errors: ['电子邮箱格式不正确'] },
      { name: ['title'], errors: ['名称不能只含空白'] },
      { name: ['round', 'documentNo'], errors: ['不能为空白,去掉首尾空格后至少 2 个字'] },
      { name: ['note'], errors: ['不能含有不可见的控制字符,请删除后重试'] },
      { name: ['contacts', 0, 'phone'], errors: ['格式不正确'] },
    ]);
  });

  it('has no field errors for an error without details', () => {
    expect(
      validationFieldErrors(new ApiError({ statusCode: 409, code: 'ILLEGAL_TRANSITION', message: '状态不允许' })),
    ).toEqual([]);
  });

  it('shows the server message only when it is written for users', () => {
    expect(hasChinese('Bad Request')).toBe(false);
    expect(userMessage(new ApiError({ statusCode: 400, code: 'X', message: 'Bad Request' }), '请检查填写的内容')).toBe(
      '请检查填写的内容',
    );
    expect(userMessage(new ApiError({ statusCode: 409, code: 'X', message: '榜单已关闭' }), '兜底')).toBe('榜单已关闭');
  });

  it('never shows a code or a seed number: rules are named in words', () => {
    expect(withoutRuleRefs('揭榜方受发榜方控制(004 §4、§6、§8)')).toBe('揭榜方受发榜方控制');
    expect(withoutRuleRefs('实施期限超过上限（依据 004 §15）')).toBe('实施期限超过上限');

    const offer = new ApiError({
      statusCode: 422,
      code: 'OFFER_DURATION_EXCEEDED',
      message: 'too long',
      rule: '004 §15',
    });
    expect(errorText(offer)).toBe('实施期限超过上限(依据《内蒙古自治区科技计划"揭榜挂帅"实施办法（试行）》第十五条)');
    const unknown = new ApiError({ statusCode: 409, code: 'SOMETHING_NEW', message: 'Conflict' });
    expect(errorText(unknown, '操作失败')).toBe('操作失败');
    expect(errorText(new Error('boom'), '兜底')).toBe('兜底');
  });
});
