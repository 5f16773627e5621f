import { HttpStatus, Injectable } from '@nestjs/common';
import { beijingDate } from '@jiebang/policy';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { EligibilityCheckDto, EligibilityResponse } from '@jiebang/contracts';
import { checkEligibility, EligibilityResult } from '@jiebang/matching';
import { DomainError, NotFoundError } from '../common/domain-error';
import { GraphService } from '../graph/graph.service';
import { ListingEntity } from '../listings/listing.entity';
import { OrganizationEntity } from '../organizations/organization.entity';

/**
 * Who may take what (RULEBOOK §2, §6; seed `004 §4`–`§8`, `§14`): loads the facts from PostgreSQL (upward
 * control closure by recursive CTE) and applies the pure rules of `@jiebang/matching`.
 */
@Injectable()
export class EligibilityService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly graph: GraphService,
  ) {}

  /**
   * Checks an applicant (or a consortium: lead + members) against a listing at `asOf` (default today,
   * Asia/Shanghai).
   * @throws NotFoundError 404 for an unknown listing or organisation; DomainError 422 `POSTER_UNKNOWN` when
   *   the listing's poster is not a registered organisation (rule `004 §5`, `§7`).
   */
  async check(dto: EligibilityCheckDto, asOf: string = beijingDate()): Promise<EligibilityResponse> {
    const listing = await this.db.getRepository(ListingEntity).findOne({ where: { id: dto.listingId } });
    if (!listing) throw new NotFoundError('榜单', dto.listingId);
    if (!listing.posterOrgId) {
      throw new DomainError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'POSTER_UNKNOWN',
        `榜单的发榜单位"${listing.posterName}"未在平台登记,无法判断揭榜资格`,
        '004 §5, §7',
      );
    }
    const members = dto.memberOrgIds ?? [];
    const parties = [...new Set([listing.posterOrgId, dto.applicantOrgId, ...members])];
    const known = await this.db
      .getRepository(OrganizationEntity)
      .find({ where: { id: In(parties) }, select: { id: true } });
    const missing = parties.find((id) => !known.some((k) => k.id === id));
    if (missing) throw new NotFoundError('单位', missing);
    const facts = await this.graph.loadFacts(parties, asOf);
    const result = checkEligibility({
      listing: { kind: listing.kind, posterOrgId: listing.posterOrgId },
      applicantOrgId: dto.applicantOrgId,
      memberOrgIds: members,
      orgs: facts.orgs,
      edges: facts.edges,
      creditRecords: facts.creditRecords,
      asOf,
    });
    return withNames(result, (id) => facts.orgs.get(id)?.name, asOf);
  }
}

/** Adds `orgNames` for every org id that appears in the result (paths, blocks, warnings). */
export function withNames(
  result: EligibilityResult,
  nameOf: (id: string) => string | undefined,
  asOf: string,
): EligibilityResponse {
  const orgNames: Record<string, string> = {};
  const ids = [...result.blocks.flatMap((b) => [b.orgId, ...b.path]), ...result.warnings.map((w) => w.orgId)];
  for (const id of ids) {
    const name = nameOf(id);
    if (name) orgNames[id] = name;
  }
  return {
    eligible: result.eligible,
    blocks: result.blocks.map((b) => ({ ...b, path: [...b.path] })),
    warnings: result.warnings.map((w) => ({ ...w, evidence: { ...w.evidence } })),
    orgNames,
    asOf,
  };
}
