import { HttpStatus } from '@nestjs/common';
import { extensionRefusal, otherSide, requestingSide } from './deal-changes.service';

describe('extension and termination (004 §15)', () => {
  it('lets a party request in its own capacity (the poster first when both), nobody else', () => {
    expect(requestingSide(['poster'])).toBe('poster');
    expect(requestingSide(['taker'])).toBe('taker');
    expect(requestingSide(['staff', 'poster', 'taker'])).toBe('poster');
    expect(requestingSide(['staff'])).toBeNull();
    expect(otherSide('poster')).toBe('taker');
    expect(otherSide('taker')).toBe('poster');
  });

  it('needs a real new end date later than the planned one', () => {
    expect(extensionRefusal(undefined, '2027-01-01')).toMatchObject({
      code: 'NEW_END_REQUIRED',
      status: HttpStatus.BAD_REQUEST,
    });
    expect(extensionRefusal('2027-1-5', '2027-01-01')).toMatchObject({ code: 'NEW_END_REQUIRED' });
    expect(extensionRefusal('2027-01-01', '2027-01-01')).toMatchObject({
      code: 'NEW_END_NOT_LATER',
      status: HttpStatus.UNPROCESSABLE_ENTITY,
    });
    expect(extensionRefusal('2027-01-02', '2027-01-01')).toBeNull();
    expect(extensionRefusal('2027-01-02', null)).toBeNull();
  });
});
