// The @jiebang/contracts barrel declares class-transformer DTOs, which need the Reflect metadata polyfill.
import 'reflect-metadata';
import { CarrierKind, CarrierStatus, Field } from '@jiebang/contracts';
import {
  CARRIER_CAPACITY_BASE,
  CARRIER_CAPACITY_MAX,
  CARRIER_CAPACITY_RULE,
  carrierCapacityPoints,
  type CarrierCapacityFact,
} from './carrier-capacity';

/** A declaration of an operating 中试基地 in 稀土 with `lines` lines, overridable. */
const fact = (over: Partial<CarrierCapacityFact> = {}): CarrierCapacityFact => ({
  carrierName: '内蒙古自治区稀土功能材料中试基地',
  kind: CarrierKind.PilotBase,
  status: CarrierStatus.Operating,
  field: Field.RareEarth,
  pilotLines: 1,
  ...over,
});

describe('carrier capacity in matching (issue 15 §8, 001 §14)', () => {
  it('an organisation without a carrier gets nothing', () => {
    expect(carrierCapacityPoints([], Field.RareEarth)).toEqual({
      points: 0,
      explanation: '没有运行中的载体在稀土领域登记服务能力',
      rule: CARRIER_CAPACITY_RULE,
    });
  });

  it('an operating carrier with capacity in the listing field gets the base plus one per line', () => {
    const r = carrierCapacityPoints([fact({ pilotLines: 1 })], Field.RareEarth);
    expect(r.points).toBe(CARRIER_CAPACITY_BASE + 1);
    expect(r.explanation).toBe(
      '内蒙古自治区稀土功能材料中试基地(科技成果转化中试基地,运行)在稀土领域登记服务能力,中试/验证线 1 条',
    );
  });

  it('capacity without lines still counts the base', () => {
    expect(carrierCapacityPoints([fact({ pilotLines: 0 })], Field.RareEarth).points).toBe(CARRIER_CAPACITY_BASE);
  });

  it('the term is bounded: many lines give at most the maximum', () => {
    expect(carrierCapacityPoints([fact({ pilotLines: 40 })], Field.RareEarth).points).toBe(CARRIER_CAPACITY_MAX);
    expect(CARRIER_CAPACITY_MAX).toBe(5);
  });

  it('capacity in another field counts nothing', () => {
    expect(carrierCapacityPoints([fact({ field: Field.Hydrogen })], Field.RareEarth).points).toBe(0);
  });

  it.each([CarrierStatus.Preparing, CarrierStatus.Rectifying, CarrierStatus.Revoked])(
    'a carrier in status %s counts nothing (only 运行 counts)',
    (status) => {
      expect(carrierCapacityPoints([fact({ status })], Field.RareEarth).points).toBe(0);
    },
  );

  it('several carriers of one organisation: the best counts, never the sum', () => {
    const r = carrierCapacityPoints(
      [
        fact({ pilotLines: 0, kind: CarrierKind.ConceptValidation, carrierName: '概念验证中心' }),
        fact({ pilotLines: 1 }),
        fact({ pilotLines: 2, status: CarrierStatus.Revoked, carrierName: '已撤销基地' }),
      ],
      Field.RareEarth,
    );
    expect(r.points).toBe(4);
    expect(r.explanation).toContain('内蒙古自治区稀土功能材料中试基地');
  });

  it('a negative or fractional line count is read as whole lines, never below zero', () => {
    expect(carrierCapacityPoints([fact({ pilotLines: -3 })], Field.RareEarth).points).toBe(CARRIER_CAPACITY_BASE);
    expect(carrierCapacityPoints([fact({ pilotLines: 1.9 })], Field.RareEarth).points).toBe(CARRIER_CAPACITY_BASE + 1);
  });
});
