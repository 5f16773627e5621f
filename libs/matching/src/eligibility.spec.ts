// The @jiebang/contracts barrel declares class-transformer DTOs, which need the Reflect metadata polyfill at load
// time (the api and web entry points load it; the unit jest project has no setup file for it).
import 'reflect-metadata';
import fc from 'fast-check';
import { ListingKind, OrgType, usccCheckChar } from '@jiebang/contracts';
import { RULES } from '@jiebang/policy';
import type { ControlEdge } from './control-graph';
import {
  checkEligibility,
  checkEligibilityMany,
  checkPosterEligibility,
  type CreditRecord,
  type EligibilityInput,
  type OrgFacts,
} from './eligibility';

const ASOF = '2024-06-01';

/** A valid USCC for a 工商 enterprise registered in `region`, unique per `seq`. */
function uscc(region: string, seq: number): string {
  const body = `91${region}${String(seq).padStart(9, '0')}`;
  return body + usccCheckChar(body);
}

let seq = 0;
function org(id: string, over: Partial<OrgFacts> = {}): OrgFacts {
  seq += 1;
  const regionCode = over.regionCode === undefined ? '150100' : over.regionCode;
  return {
    id,
    uscc: uscc(regionCode ?? '150100', seq),
    name: `${id}公司`,
    type: OrgType.Enterprise,
    regionCode,
    independentLegalPerson: true,
    verified: true,
    ...over,
  };
}

const eq = (a: string, b: string, pct: number, extra: Partial<ControlEdge> = {}): ControlEdge => ({
  controllerOrgId: a,
  controlledOrgId: b,
  equityPct: pct,
  kind: 'equity',
  ...extra,
});
const branch = (head: string, br: string): ControlEdge => ({
  controllerOrgId: head,
  controlledOrgId: br,
  equityPct: null,
  kind: 'branch',
});

function orgsOf(...list: OrgFacts[]): Record<string, OrgFacts> {
  return Object.fromEntries(list.map((o) => [o.id, o]));
}

function input(over: Partial<EligibilityInput> & { orgs: EligibilityInput['orgs'] }): EligibilityInput {
  return {
    listing: { kind: ListingKind.Challenge, posterOrgId: 'P' },
    applicantOrgId: 'T',
    edges: [],
    creditRecords: [],
    asOf: ASOF,
    ...over,
  };
}

const codes = (r: { blocks: { code: string }[] }) => r.blocks.map((b) => b.code);

describe('checkEligibility — clean case', () => {
  it('passes an unrelated, verified, in-region enterprise', () => {
    const r = checkEligibility(input({ orgs: orgsOf(org('P'), org('T')) }));
    expect(r).toEqual({ eligible: true, blocks: [], warnings: [] });
  });
});

describe('checkEligibility — same entity and control blocks', () => {
  it('SAME_ENTITY when the applicant is the poster record itself', () => {
    const r = checkEligibility(input({ applicantOrgId: 'P', orgs: orgsOf(org('P')) }));
    expect(r.eligible).toBe(false);
    expect(r.blocks).toEqual([
      expect.objectContaining({ code: 'SAME_ENTITY', rule: RULES.SAME_ENTITY.rule, orgId: 'P', path: ['P'] }),
    ]);
  });

  it('SAME_ENTITY on equal USCC under another record and name (renamed company)', () => {
    const p = org('P');
    const t = org('T', { uscc: ` ${p.uscc!.toLowerCase()} `, name: '改名后的公司' });
    const r = checkEligibility(input({ orgs: orgsOf(p, t) }));
    expect(r.blocks).toEqual([
      expect.objectContaining({ code: 'SAME_ENTITY', orgId: 'T', path: ['P', '同一信用代码', 'T'] }),
    ]);
    expect(r.blocks[0].rule).toBe('004 §4(一), §4(二), §6, §8');
  });

  it('a branch (分公司) of the poster is SAME_ENTITY, not a subsidiary', () => {
    const r = checkEligibility(
      input({
        applicantOrgId: 'PB',
        orgs: orgsOf(org('P'), org('PB', { independentLegalPerson: false })),
        edges: [branch('P', 'PB')],
      }),
    );
    expect(codes(r)).toEqual(['SAME_ENTITY', 'NOT_INDEPENDENT_LEGAL_PERSON']);
    expect(r.blocks[0].path).toEqual(['P', '分公司', 'PB']);
    expect(r.blocks[1]).toEqual(
      expect.objectContaining({ rule: RULES.NOT_INDEPENDENT_LEGAL_PERSON.rule, path: ['P', '分公司', 'PB'] }),
    );
  });

  it('the head office of a posting branch is SAME_ENTITY (path via 总公司)', () => {
    const r = checkEligibility(
      input({
        listing: { kind: ListingKind.Achievement, posterOrgId: 'PB' },
        applicantOrgId: 'P',
        orgs: orgsOf(org('P'), org('PB', { independentLegalPerson: false, type: OrgType.TechEnterprise })),
        edges: [branch('P', 'PB')],
      }),
    );
    expect(r.blocks).toEqual([expect.objectContaining({ code: 'SAME_ENTITY', path: ['PB', '总公司', 'P'] })]);
  });

  it('SUBSIDIARY_OF_POSTER with the full chain A →(60%) B →(51%) C', () => {
    const r = checkEligibility(
      input({
        listing: { kind: ListingKind.Challenge, posterOrgId: 'A' },
        applicantOrgId: 'C',
        orgs: orgsOf(org('A'), org('B'), org('C')),
        edges: [eq('B', 'C', 51), eq('A', 'B', 60)],
      }),
    );
    expect(r.eligible).toBe(false);
    expect(r.blocks).toHaveLength(1);
    expect(r.blocks[0]).toEqual({
      code: 'SUBSIDIARY_OF_POSTER',
      rule: RULES.SUBSIDIARY_OF_POSTER.rule,
      orgId: 'C',
      path: ['A', '60%', 'B', '51%', 'C'],
      message: expect.stringContaining('下属子公司'),
    });
    expect(r.blocks[0].message).toContain('“A公司” →(60%) “B公司” →(51%) “C公司”');
  });

  it('a branch of a subsidiary is a subsidiary; control via agreement is labelled 协议控制', () => {
    const r = checkEligibility(
      input({
        orgs: orgsOf(org('P'), org('S'), org('T', { independentLegalPerson: false })),
        edges: [{ controllerOrgId: 'P', controlledOrgId: 'S', equityPct: null, kind: 'agreement' }, branch('S', 'T')],
      }),
    );
    expect(r.blocks.map((b) => [b.code, b.path])).toEqual([
      ['SUBSIDIARY_OF_POSTER', ['P', '协议控制', 'S', '分公司', 'T']],
      ['NOT_INDEPENDENT_LEGAL_PERSON', ['S', '分公司', 'T']],
    ]);
  });

  it('a 50/50 joint venture is controlled by neither parent: not blocked', () => {
    const r = checkEligibility(
      input({ orgs: orgsOf(org('P'), org('T'), org('Q')), edges: [eq('P', 'T', 50), eq('Q', 'T', 50)] }),
    );
    expect(r).toEqual({ eligible: true, blocks: [], warnings: [] });
  });

  it('an edge outside its validity does not block; in force on its last day it does', () => {
    const base = { orgs: orgsOf(org('P'), org('T')) };
    expect(checkEligibility(input({ ...base, edges: [eq('P', 'T', 80, { validTo: '2024-05-31' })] })).eligible).toBe(
      true,
    );
    expect(checkEligibility(input({ ...base, edges: [eq('P', 'T', 80, { validTo: '2024-06-01' })] })).eligible).toBe(
      false,
    );
  });

  it('CONTROLLER_OF_POSTER when the applicant controls the poster at any depth', () => {
    const r = checkEligibility(
      input({ orgs: orgsOf(org('P'), org('M'), org('T')), edges: [eq('T', 'M', 100), eq('M', 'P', 66.5)] }),
    );
    expect(r.blocks).toEqual([
      expect.objectContaining({
        code: 'CONTROLLER_OF_POSTER',
        rule: 'RULEBOOK §6 (beyond 004 §6, §8)',
        orgId: 'T',
        path: ['T', '100%', 'M', '66.5%', 'P'],
      }),
    ]);
  });

  it('COMMON_CONTROLLER: path is X→…→applicant, "|", X→…→poster; nearest controller chosen', () => {
    const r = checkEligibility(
      input({
        orgs: orgsOf(org('P'), org('T'), org('X'), org('G')),
        edges: [eq('X', 'T', 60), eq('X', 'P', 70), eq('G', 'X', 90)],
      }),
    );
    expect(r.blocks).toEqual([
      expect.objectContaining({
        code: 'COMMON_CONTROLLER',
        rule: RULES.COMMON_CONTROLLER.rule,
        orgId: 'T',
        path: ['X', '60%', 'T', '|', 'X', '70%', 'P'],
      }),
    ]);
    expect(r.blocks[0].message).toContain('“X公司” →(60%) “T公司”; “X公司” →(70%) “P公司”');
  });

  it('a cycle in the data terminates and blocks both ways', () => {
    const r = checkEligibility(
      input({ orgs: orgsOf(org('P'), org('T')), edges: [eq('P', 'T', 60), eq('T', 'P', 60)] }),
    );
    expect(r.blocks.map((b) => [b.code, b.path])).toEqual([
      ['SUBSIDIARY_OF_POSTER', ['P', '60%', 'T']],
      ['CONTROLLER_OF_POSTER', ['T', '60%', 'P']],
    ]);
  });

  it('a cycle not touching the parties does not hang and does not block', () => {
    const r = checkEligibility(
      input({ orgs: orgsOf(org('P'), org('T')), edges: [eq('A', 'B', 60), eq('B', 'C', 60), eq('C', 'A', 60)] }),
    );
    expect(r.eligible).toBe(true);
  });

  it('checks every consortium member like the lead', () => {
    const r = checkEligibility(
      input({
        listing: { kind: ListingKind.Achievement, posterOrgId: 'P' },
        memberOrgIds: ['U', 'S', 'T'],
        orgs: orgsOf(
          org('P', { type: OrgType.TechEnterprise }),
          org('T'),
          org('S'),
          org('U', { type: OrgType.University, regionCode: '110000' }),
        ),
        edges: [eq('P', 'S', 75)],
      }),
    );
    expect(r.blocks).toEqual([
      expect.objectContaining({ code: 'SUBSIDIARY_OF_POSTER', orgId: 'S', path: ['P', '75%', 'S'] }),
    ]);
    expect(r.blocks[0].message).toContain('联合体成员');
  });
});

describe('checkEligibility — qualification blocks', () => {
  it('achievement listing: lead must be an in-region enterprise (TAKER_NOT_ENTERPRISE, TAKER_NOT_IN_REGION)', () => {
    const r = checkEligibility(
      input({
        listing: { kind: ListingKind.Achievement, posterOrgId: 'P' },
        orgs: orgsOf(
          org('P', { type: OrgType.University, regionCode: '110000' }),
          org('T', { type: OrgType.University, regionCode: '310000' }),
        ),
      }),
    );
    expect(r.blocks.map((b) => [b.code, b.rule, b.orgId, b.path])).toEqual([
      ['TAKER_NOT_IN_REGION', '004 §4(二), §8', 'T', []],
      ['TAKER_NOT_ENTERPRISE', '004 §4(二), §8', 'T', []],
    ]);
  });

  it('achievement listing: a university may be a member when an in-region enterprise leads', () => {
    const r = checkEligibility(
      input({
        listing: { kind: ListingKind.Achievement, posterOrgId: 'P' },
        memberOrgIds: ['U'],
        orgs: orgsOf(
          org('P', { type: OrgType.ResearchInstitute, regionCode: '110000' }),
          org('T', { type: OrgType.TechEnterprise }),
          org('U', { type: OrgType.University, regionCode: '110000' }),
        ),
      }),
    );
    expect(r.eligible).toBe(true);
  });

  it('challenge listing: an out-of-region university may take it up', () => {
    const r = checkEligibility(
      input({ orgs: orgsOf(org('P'), org('T', { type: OrgType.University, regionCode: '110000' })) }),
    );
    expect(r.eligible).toBe(true);
  });

  it('POSTER_NOT_ELIGIBLE for a challenge poster that is out of region or not an enterprise', () => {
    const r = checkEligibility(
      input({ orgs: orgsOf(org('P', { type: OrgType.University, regionCode: '110000' }), org('T')) }),
    );
    expect(r.blocks).toEqual([
      expect.objectContaining({ code: 'POSTER_NOT_ELIGIBLE', rule: '004 §5', orgId: 'P', path: [] }),
    ]);
    expect(r.blocks[0].message).toMatch(/不是企业.*110000/);
  });

  it('POSTER_NOT_ELIGIBLE for a challenge poster that is a branch', () => {
    const r = checkEligibility(input({ orgs: orgsOf(org('H'), org('P'), org('T')), edges: [branch('H', 'P')] }));
    expect(r.blocks).toEqual([
      expect.objectContaining({ code: 'POSTER_NOT_ELIGIBLE', orgId: 'P', path: ['H', '分公司', 'P'] }),
    ]);
  });

  it('NOT_INDEPENDENT_LEGAL_PERSON for a lead without independent legal personality', () => {
    const r = checkEligibility(input({ orgs: orgsOf(org('P'), org('T', { independentLegalPerson: false })) }));
    expect(r.blocks).toEqual([
      expect.objectContaining({ code: 'NOT_INDEPENDENT_LEGAL_PERSON', rule: '004 §4(二), §5, §8', path: [] }),
    ]);
  });

  it('ORG_NOT_VERIFIED for an unverified member and for an unknown applicant (fail closed)', () => {
    const r = checkEligibility(
      input({
        applicantOrgId: 'GHOST',
        memberOrgIds: ['M'],
        orgs: orgsOf(org('P'), org('M', { verified: false })),
      }),
    );
    expect(r.blocks.map((b) => [b.code, b.rule, b.orgId])).toEqual([
      ['ORG_NOT_VERIFIED', 'RULEBOOK §1 (staff verification)', 'GHOST'],
      ['ORG_NOT_VERIFIED', 'RULEBOOK §1 (staff verification)', 'M'],
    ]);
  });
});

describe('checkEligibility — credit (004 §14)', () => {
  const rec = (orgId: string, over: Partial<CreditRecord> = {}): CreditRecord => ({
    orgId,
    kind: 'joint_punishment',
    validFrom: '2024-01-01',
    validTo: null,
    source: '信用中国 2024-001',
    ...over,
  });

  it('blocks a poster, applicant or member with a record in force', () => {
    const r = checkEligibility(
      input({
        memberOrgIds: ['M'],
        orgs: orgsOf(org('P'), org('T'), org('M')),
        creditRecords: [rec('M', { kind: 'blacklist' }), rec('P'), rec('T', { validTo: '2024-06-01' })],
      }),
    );
    expect(r.blocks.map((b) => [b.code, b.rule, b.orgId, b.path])).toEqual([
      ['CREDIT_BLACKLISTED', '004 §14', 'M', []],
      ['CREDIT_BLACKLISTED', '004 §14', 'P', []],
      ['CREDIT_BLACKLISTED', '004 §14', 'T', []],
    ]);
    expect(r.blocks[0].message).toContain('科研失信');
  });

  it('an expired or future record does not block', () => {
    const r = checkEligibility(
      input({
        orgs: orgsOf(org('P'), org('T')),
        creditRecords: [rec('T', { validTo: '2024-05-31' }), rec('T', { validFrom: '2024-06-02' })],
      }),
    );
    expect(r.eligible).toBe(true);
  });

  it("a head office's record blocks its branch (same legal entity)", () => {
    const r = checkEligibility(
      input({
        listing: { kind: ListingKind.Challenge, posterOrgId: 'P' },
        applicantOrgId: 'TB',
        orgs: orgsOf(org('P'), org('H'), org('TB')),
        edges: [branch('H', 'TB')],
        creditRecords: [rec('H')],
      }),
    );
    expect(r.blocks.map((b) => [b.code, b.orgId, b.path])).toEqual([
      ['NOT_INDEPENDENT_LEGAL_PERSON', 'TB', ['H', '分公司', 'TB']],
      ['CREDIT_BLACKLISTED', 'TB', ['TB', '总公司', 'H']],
    ]);
  });
});

describe('checkEligibility — warnings never block', () => {
  it('SHARED_LEGAL_REPRESENTATIVE and SHARED_CONTACT between poster and taker', () => {
    const r = checkEligibility(
      input({
        memberOrgIds: ['M'],
        orgs: orgsOf(
          org('P', { legalRepresentative: '张 三', contactPhones: ['+86 138-0000-0000'], contactEmails: ['A@x.cn'] }),
          org('T', { legalRepresentative: '张三' }),
          org('M', { contactPhones: ['13800000000'], contactEmails: [' a@X.cn'] }),
        ),
      }),
    );
    expect(r.eligible).toBe(true);
    expect(r.blocks).toEqual([]);
    expect(r.warnings.map((w) => [w.code, w.rule, w.orgId, w.evidence])).toEqual([
      ['SHARED_LEGAL_REPRESENTATIVE', 'RULEBOOK §6', 'T', { posterOrgId: 'P', legalRepresentative: '张三' }],
      ['SHARED_CONTACT', 'RULEBOOK §6', 'M', { posterOrgId: 'P', channel: 'email', value: 'a@x.cn' }],
      ['SHARED_CONTACT', 'RULEBOOK §6', 'M', { posterOrgId: 'P', channel: 'phone', value: '13800000000' }],
    ]);
  });

  it('USCC_REGION_MISMATCH when USCC chars 3–8 name another province than regionCode', () => {
    const t = org('T', { uscc: uscc('110108', 999) });
    const r = checkEligibility(input({ orgs: orgsOf(org('P', { uscc: uscc('150291', 998) }), t) }));
    expect(r.eligible).toBe(true);
    expect(r.warnings).toEqual([
      expect.objectContaining({
        code: 'USCC_REGION_MISMATCH',
        rule: 'RULEBOOK §8',
        orgId: 'T',
        evidence: { uscc: t.uscc, usccRegionCode: '110108', regionCode: '150100' },
      }),
    ]);
  });
});

describe('checkEligibility — refusals of malformed input', () => {
  it('throws on an unknown listing kind, a bad date, a bad percent or a key/id mismatch', () => {
    const orgs = orgsOf(org('P'), org('T'));
    expect(() =>
      checkEligibility(input({ orgs, listing: { kind: 'other' as ListingKind, posterOrgId: 'P' } })),
    ).toThrow(RangeError);
    expect(() => checkEligibility(input({ orgs, asOf: 'yesterday' }))).toThrow(RangeError);
    expect(() => checkEligibility(input({ orgs, edges: [eq('P', 'T', 0.6 * 1000)] }))).toThrow(RangeError);
    expect(() => checkEligibility(input({ orgs: { P: org('P'), T: org('X') } }))).toThrow(RangeError);
  });

  it('accepts a Map for orgs with the same result as a record', () => {
    const list = [org('P'), org('T', { verified: false })];
    expect(checkEligibility(input({ orgs: new Map(list.map((o) => [o.id, o])) }))).toEqual(
      checkEligibility(input({ orgs: orgsOf(...list) })),
    );
  });
});

describe('checkPosterEligibility', () => {
  it('accepts an in-region enterprise posting a challenge', () => {
    expect(checkPosterEligibility(ListingKind.Challenge, org('P'), [], ASOF)).toEqual({
      eligible: true,
      blocks: [],
      warnings: [],
    });
  });

  it('refuses a challenge from an out-of-region enterprise, accepts its achievement listing', () => {
    const p = org('P', { regionCode: '110000', type: OrgType.TechEnterprise });
    expect(codes(checkPosterEligibility(ListingKind.Challenge, p, [], ASOF))).toEqual(['POSTER_NOT_ELIGIBLE']);
    expect(checkPosterEligibility(ListingKind.Achievement, p, [], ASOF).eligible).toBe(true);
  });

  it('004 §7: an achievement from an ordinary enterprise or 其他 is refused unless staff record a 4+8+N partner', () => {
    for (const type of [OrgType.Enterprise, OrgType.Other]) {
      const r = checkPosterEligibility(ListingKind.Achievement, org('P', { type }), [], ASOF);
      expect(r.blocks).toEqual([
        expect.objectContaining({ code: 'ACHIEVEMENT_POSTER_NOT_ELIGIBLE', rule: '004 §4(二), §7', orgId: 'P' }),
      ]);
      expect(
        checkPosterEligibility(ListingKind.Achievement, org('P', { type, partner4x8xN: true }), [], ASOF).eligible,
      ).toBe(true);
    }
    for (const type of [OrgType.University, OrgType.ResearchInstitute, OrgType.TechEnterprise]) {
      expect(checkPosterEligibility(ListingKind.Achievement, org('P', { type }), [], ASOF).eligible).toBe(true);
    }
  });

  it('refuses a challenge from a branch known through the edges', () => {
    const r = checkPosterEligibility(ListingKind.Challenge, org('P'), [], ASOF, { edges: [branch('H', 'P')] });
    expect(r.blocks).toEqual([expect.objectContaining({ code: 'POSTER_NOT_ELIGIBLE', path: ['H', '分公司', 'P'] })]);
  });

  it('refuses a blacklisted poster of either kind', () => {
    const recs: CreditRecord[] = [
      { orgId: 'P', kind: 'blacklist', validFrom: '2023-01-01', validTo: '2025-01-01', source: 'x' },
    ];
    for (const kind of [ListingKind.Challenge, ListingKind.Achievement]) {
      const p = org('P', { type: OrgType.TechEnterprise });
      expect(codes(checkPosterEligibility(kind, p, recs, ASOF))).toEqual(['CREDIT_BLACKLISTED']);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// Property: the result does not depend on the order of edges, credit records, orgs or members.

const IDS = ['P', 'T', 'M1', 'M2', 'X', 'Y', 'Z'];
const DAYS = ['2024-01-01', '2024-05-31', '2024-06-01', '2024-06-02'];

const factsArb = (id: string, i: number): fc.Arbitrary<OrgFacts> =>
  fc.record({
    id: fc.constant(id),
    uscc: fc.oneof(
      fc.constant(null),
      fc.constantFrom(uscc('150100', 1), uscc('110000', 2)),
      fc.constant(uscc('150200', 100 + i)),
    ),
    name: fc.constant(`${id}单位`),
    type: fc.constantFrom(OrgType.Enterprise, OrgType.TechEnterprise, OrgType.University),
    regionCode: fc.constantFrom('150100', '110000', null),
    independentLegalPerson: fc.boolean(),
    verified: fc.boolean(),
    legalRepresentative: fc.constantFrom('张三', '李四', null),
    contactPhones: fc.subarray(['13800000000', '13900000000']),
    contactEmails: fc.subarray(['a@x.cn', 'b@x.cn']),
  });

const edgeArb: fc.Arbitrary<ControlEdge> = fc.record({
  controllerOrgId: fc.constantFrom(...IDS),
  controlledOrgId: fc.constantFrom(...IDS),
  kind: fc.constantFrom<ControlEdge['kind']>('equity', 'equity', 'agreement', 'branch'),
  equityPct: fc.constantFrom(null, 30, 50, 51, 60, 100, 100),
  validFrom: fc.option(fc.constantFrom(...DAYS), { freq: 2, nil: undefined }),
  validTo: fc.option(fc.constantFrom(...DAYS), { freq: 2, nil: null }),
});

const creditArb: fc.Arbitrary<CreditRecord> = fc.record({
  orgId: fc.constantFrom(...IDS),
  kind: fc.constantFrom<CreditRecord['kind']>('blacklist', 'joint_punishment'),
  validFrom: fc.constantFrom(...DAYS),
  validTo: fc.constantFrom(null, ...DAYS),
  source: fc.constantFrom('s1', 's2'),
});

function shuffled<T>(xs: T[]): fc.Arbitrary<T[]> {
  return fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length });
}

describe('checkEligibility — order independence (property)', () => {
  it('gives identical output for any order of edges, credit records, orgs and members', () => {
    const scenario = fc.record({
      facts: fc.tuple(...IDS.map((id, i) => factsArb(id, i))),
      present: fc.subarray(IDS, { minLength: 3 }),
      edges: fc.array(edgeArb, { maxLength: 20 }),
      credit: fc.array(creditArb, { maxLength: 4 }),
      kind: fc.constantFrom(ListingKind.Challenge, ListingKind.Achievement),
      members: fc.subarray(['M1', 'M2', 'T', 'P']),
    });
    fc.assert(
      fc.property(
        scenario.chain((s) =>
          fc.tuple(
            fc.constant(s),
            shuffled(s.edges),
            shuffled(s.credit),
            shuffled(s.facts.filter((f) => s.present.includes(f.id))),
            shuffled(s.members),
            fc.boolean(),
          ),
        ),
        ([s, edges2, credit2, facts2, members2, useMap]) => {
          const facts = s.facts.filter((f) => s.present.includes(f.id));
          const base: EligibilityInput = {
            listing: { kind: s.kind, posterOrgId: 'P' },
            applicantOrgId: 'T',
            memberOrgIds: s.members,
            orgs: orgsOf(...facts),
            edges: s.edges,
            creditRecords: s.credit,
            asOf: ASOF,
          };
          const reordered: EligibilityInput = {
            ...base,
            memberOrgIds: members2,
            orgs: useMap ? new Map(facts2.map((f) => [f.id, f])) : orgsOf(...facts2),
            edges: edges2,
            creditRecords: credit2,
          };
          const a = checkEligibility(base);
          expect(checkEligibility(reordered)).toEqual(a);
          expect(JSON.stringify(checkEligibility(reordered))).toBe(JSON.stringify(a));
          expect(a.eligible).toBe(a.blocks.length === 0);
          for (const b of a.blocks) expect(b.rule).toBe(RULES[b.code].rule);
          for (const w of a.warnings) expect(w.rule).toBe(RULES[w.code].rule);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('checkEligibilityMany', () => {
  it('gives, for each applicant, exactly what checkEligibility gives', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 100 })),
          {
            maxLength: 14,
          },
        ),
        fc.integer({ min: 0, max: 7 }),
        fc.constantFrom(ListingKind.Challenge, ListingKind.Achievement),
        (rawEdges, poster, kind) => {
          const ids = Array.from({ length: 8 }, (_, i) => `o${i}`);
          const orgs = Object.fromEntries(
            ids.map((id, i) => [
              id,
              {
                id,
                uscc: null,
                name: id,
                type: i % 3 === 0 ? OrgType.University : OrgType.Enterprise,
                regionCode: i % 2 ? '150200' : '110000',
                independentLegalPerson: true,
                verified: i !== 5,
              },
            ]),
          );
          const edges = rawEdges
            .filter(([a, b]) => a !== b)
            .map(([a, b, pct]) => ({
              controllerOrgId: `o${a}`,
              controlledOrgId: `o${b}`,
              equityPct: pct,
              kind: 'equity' as const,
            }));
          const base = {
            listing: { kind, posterOrgId: `o${poster}` },
            orgs,
            edges,
            creditRecords: [],
            asOf: '2026-01-01',
          };
          const many = checkEligibilityMany(
            base,
            ids.map((applicantOrgId) => ({ applicantOrgId })),
          );
          ids.forEach((applicantOrgId, i) => expect(many[i]).toEqual(checkEligibility({ ...base, applicantOrgId })));
        },
      ),
      { numRuns: 150 },
    );
  });
});
