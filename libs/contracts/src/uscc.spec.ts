import { validate } from 'class-validator';
import { IsUscc } from './is-uscc.decorator';
import { isInRegion, usccCheckChar, validateUscc } from './uscc';

/** Real codes published in shared/data/orgs.json (with their sources). */
const REAL = ['91150291740146937K', '91150781MA0RRY87XR', '91150602MA0MYGRT58'];

describe('validateUscc (GB 32100-2015)', () => {
  it.each(REAL)('accepts the real code %s and reads its registrar region', (code) => {
    const r = validateUscc(code);
    expect(r).toEqual({ valid: true, uscc: code, regionCode: code.slice(2, 8), inRegion: true });
  });

  it('normalises case and surrounding spaces', () => {
    expect(validateUscc(' 91150781ma0rry87xr ').valid).toBe(true);
  });

  it('accepts registrar codes outside the GB/T 2260 list (150291 in Baotou)', () => {
    expect(validateUscc('91150291740146937K')).toMatchObject({ valid: true, regionCode: '150291' });
  });

  it('computes the check character with weights 3^(i-1) mod 31', () => {
    expect(usccCheckChar('91150781MA0RRY87X')).toBe('R');
    expect(usccCheckChar('91150602MA0MYGRT5')).toBe('8');
  });

  it.each([
    ['', 'USCC_FORMAT'],
    ['91150781MA0RRY87X', 'USCC_FORMAT'],
    ['91150781MA0RRY87XRR', 'USCC_FORMAT'],
    ['91150781MA0RRY87XI', 'USCC_FORMAT'],
    ['9115078IMA0RRY87XR', 'USCC_FORMAT'],
    ['91150781MA0RRY87XO', 'USCC_FORMAT'],
    ['91150781MA0RRY87XA', 'USCC_CHECKSUM'],
    ['91150781MA0RRY87YR', 'USCC_CHECKSUM'],
    ['94150781MA0RRY87XR', 'USCC_CATEGORY'],
    ['18150781MA0RRY87XR', 'USCC_CATEGORY'],
    ['54150781MA0RRY87XR', 'USCC_CATEGORY'],
    ['B1150781MA0RRY87XR', 'USCC_CATEGORY'],
  ])('refuses %s with %s', (code, expected) => {
    const r = validateUscc(code);
    expect(r.valid).toBe(false);
    expect(!r.valid && r.code).toBe(expected);
  });

  it('catches every single-character substitution in a valid code', () => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const code = REAL[1];
    for (let i = 2; i < 18; i += 1) {
      for (const c of alphabet) {
        if (c === code[i]) continue;
        const mutated = code.slice(0, i) + c + code.slice(i + 1);
        expect(validateUscc(mutated).valid).toBe(false);
      }
    }
  });

  it('knows Inner Mongolia by the 15 prefix', () => {
    expect(isInRegion('150200')).toBe(true);
    expect(isInRegion('110000')).toBe(false);
    expect(isInRegion(null)).toBe(false);
  });
});

describe('@IsUscc', () => {
  class Dto {
    @IsUscc()
    uscc!: string;
  }

  it('passes a valid code and names the failed rule otherwise', async () => {
    const ok = Object.assign(new Dto(), { uscc: REAL[0] });
    expect(await validate(ok)).toEqual([]);
    const bad = Object.assign(new Dto(), { uscc: '91150781MA0RRY87XA' });
    const [err] = await validate(bad);
    expect(err.constraints?.isUscc).toMatch(/^USCC_CHECKSUM: /);
  });
});
