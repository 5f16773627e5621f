import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CarrierApplicationQueryDto, CarrierQueryDto } from './carriers-api';
import { DealQueryDto } from './deals';
import { MatchQuery } from './matching';
import { DeliveryQueryDto } from './notifications';
import { OrganizationQuery } from './organizations';
import { PageQueryDto } from './page';
import { AuthorityQueryDto, UserQueryDto } from './users';

/** The properties refused when `query` (a query string's values) is read as `cls`. */
function refused(cls: new () => object, query: Record<string, string>): string[] {
  const errors = validateSync(plainToInstance(cls, query), { whitelist: true, forbidNonWhitelisted: true });
  return errors.map((e) => e.property).sort();
}

describe('PageQueryDto (page, pageSize of every paged list query)', () => {
  const queries: (new () => PageQueryDto)[] = [
    DealQueryDto,
    DeliveryQueryDto,
    OrganizationQuery,
    UserQueryDto,
    AuthorityQueryDto,
    CarrierApplicationQueryDto,
    CarrierQueryDto,
  ];

  it.each(queries.map((q) => [q.name, q] as const))('%s extends it and takes page and pageSize', (_name, cls) => {
    expect(cls.prototype).toBeInstanceOf(PageQueryDto);
    expect(refused(cls, {})).toEqual([]);
    expect(refused(cls, { page: '1', pageSize: '1' })).toEqual([]);
    expect(refused(cls, { page: '7', pageSize: '100' })).toEqual([]);
    const read = plainToInstance(cls, { page: '3', pageSize: '20' });
    expect(read.page).toBe(3);
    expect(read.pageSize).toBe(20);
  });

  it.each(queries.map((q) => [q.name, q] as const))(
    '%s refuses pages below 1, sizes outside 1–100 and non-integers',
    (_name, cls) => {
      expect(refused(cls, { page: '0' })).toEqual(['page']);
      expect(refused(cls, { page: '1.5' })).toEqual(['page']);
      expect(refused(cls, { pageSize: '0' })).toEqual(['pageSize']);
      expect(refused(cls, { pageSize: '101' })).toEqual(['pageSize']);
      expect(refused(cls, { page: 'x', pageSize: 'y' })).toEqual(['page', 'pageSize']);
    },
  );

  it('MatchQuery keeps bounds of its own (page up to 100, pageSize up to 50) and so does not extend it', () => {
    expect(new MatchQuery()).not.toBeInstanceOf(PageQueryDto);
    expect(refused(MatchQuery, { page: '100', pageSize: '50' })).toEqual([]);
    expect(refused(MatchQuery, { page: '101', pageSize: '51' })).toEqual(['page', 'pageSize']);
  });

  it('keeps each query its own other parameters', () => {
    expect(refused(DeliveryQueryDto, { status: 'failed', page: '2' })).toEqual([]);
    expect(refused(DeliveryQueryDto, { status: 'lost' })).toEqual(['status']);
    expect(refused(DealQueryDto, { queue: 'funding', pageSize: '50' })).toEqual([]);
  });
});
