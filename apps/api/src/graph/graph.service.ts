import { HttpStatus, Injectable } from '@nestjs/common';
import { beijingDate } from '@jiebang/policy';
import { InjectDataSource } from '@nestjs/typeorm';
import dayjs from 'dayjs';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import {
  ControlEdgeDto,
  CreateControlEdgeDto,
  CreateCreditRecordDto,
  CreditRecordDto,
  CurrentUser,
  EndControlEdgeDto,
} from '@jiebang/contracts';
import type { ControlEdge, CreditRecord, OrgFacts } from '@jiebang/matching';
import { AuditService } from '../audit/audit.service';
import { DomainError, NotFoundError } from '../common/domain-error';
import { OrganizationEntity } from '../organizations/organization.entity';
import { ControlEdgeEntity } from './control-edge.entity';
import { CreditRecordEntity } from './credit-record.entity';

/**
 * SQL predicate of an edge that confers control at date `$asOf` (RULEBOOK §6): equity > 50 %, an agreement or
 * a branch, within its validity. Mirrors `confersControl` + `isInForce` of `@jiebang/matching`, so that the
 * database hands the pure code only the edges that matter.
 */
export const CONFERS_CONTROL_SQL = (e: string, asOf: string) =>
  `(${e}.kind <> 'equity' OR ${e}.equity_pct > 50)
   AND (${e}.valid_from IS NULL OR ${e}.valid_from <= ${asOf}::date)
   AND (${e}.valid_to IS NULL OR ${e}.valid_to >= ${asOf}::date)`;

/**
 * The edges conferring control at `asOf` that enter (`'controllers'`: `e.controlled_org_id = node`) or leave
 * (`'controlled'`: `e.controller_org_id = node`) the organisation `node`, as a `LATERAL` subquery named `e`
 * for one step of a recursive walk. `OFFSET 0` keeps the planner from flattening it into a hash join that
 * reads every edge: the row estimates of a recursive CTE are guesses (10× the start), and with them the
 * planner would rather hash all 200,000 edges than look up the few organisations the walk actually visits
 * (`bench/README.md`). Walked by index, each step costs one lookup per organisation reached.
 */
export const CONTROL_STEP_SQL = (node: string, toward: 'controllers' | 'controlled', asOf: string) =>
  `LATERAL (SELECT e.* FROM control_edge e
            WHERE e.${toward === 'controllers' ? 'controlled_org_id' : 'controller_org_id'} = ${node}
              AND ${CONFERS_CONTROL_SQL('e', asOf)} OFFSET 0) e`;

/** Everything the eligibility rules need about a set of parties, loaded from PostgreSQL. */
export interface EligibilityFacts {
  orgs: Map<string, OrgFacts>;
  edges: ControlEdge[];
  creditRecords: CreditRecord[];
}

/** The articles the graph's audit records cite. */
export const GRAPH_RULES = { control: 'RULEBOOK §6', credit: '004 §14' } as const;

/** What an audit record keeps of a control edge (staff's graph writes and the import alike). */
export function controlEdgeAuditData(e: ControlEdgeEntity): Record<string, unknown> {
  return {
    edgeId: e.id,
    controllerOrgId: e.controllerOrgId,
    controlledOrgId: e.controlledOrgId,
    kind: e.kind,
    equityPct: e.equityPct,
    validFrom: e.validFrom,
    validTo: e.validTo,
    source: e.source,
  };
}

/** The day before `date` (`YYYY-MM-DD`). */
function dayBefore(date: string): string {
  return dayjs(date).subtract(1, 'day').format('YYYY-MM-DD');
}

/**
 * The organisation graph in PostgreSQL: control edges and credit records, edited by staff with a source, and
 * the facts loader that computes the parties' upward control closure with a recursive CTE (cycles terminate
 * because `UNION` keeps a set), so no graph is ever loaded whole into Node.
 *
 * What decides eligibility is audited (issue 11 item 6): adding or ending an edge and adding a credit record
 * append to the hash-chained audit log (entity `organization`: the controlled organisation, or the recorded one)
 * in the transaction of the write, so both commit or neither. Edges are never deleted: ending one sets `validTo`.
 */
@Injectable()
export class GraphService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * Loads facts for `partyIds`: every organisation above them in the control graph (controllers at any depth,
   * head offices of branches), the edges between those, and their credit records — in one statement (one round
   * trip; the ranking re-checks every page with it, `bench/README.md`). Dates as `YYYY-MM-DD`. On `runner` when
   * given (to read inside the caller's transaction), else on a connection of the pool.
   */
  async loadFacts(partyIds: string[], asOf: string, runner?: QueryRunner): Promise<EligibilityFacts> {
    const [row]: {
      edges: {
        controller_org_id: string;
        controlled_org_id: string;
        equity_pct: string | null;
        kind: ControlEdge['kind'];
        valid_from: string | null;
        valid_to: string | null;
      }[];
      orgs: (Omit<OrgFacts, 'contactPhones' | 'contactEmails'> & { contacts: OrganizationEntity['contacts'] })[];
      credits: CreditRecord[];
    }[] = await (runner ?? this.db).query(
      `WITH RECURSIVE up(id) AS (
         SELECT unnest($1::uuid[])
         UNION
         SELECT e.controller_org_id FROM up CROSS JOIN ${CONTROL_STEP_SQL('up.id', 'controllers', '$2')}
       ), edges AS (
         SELECT e.controller_org_id, e.controlled_org_id, e.equity_pct::text AS equity_pct, e.kind,
                e.valid_from, e.valid_to
         FROM up CROSS JOIN ${CONTROL_STEP_SQL('up.id', 'controllers', '$2')}
       )
       SELECT (SELECT coalesce(json_agg(edges), '[]') FROM edges) AS edges,
              (SELECT coalesce(json_agg(json_build_object(
                        'id', o.id, 'uscc', o.uscc, 'name', o.name, 'type', o.type, 'regionCode', o.region_code,
                        'independentLegalPerson', o.independent_legal_person, 'verified', o.verified,
                        'partner4x8xN', o.partner_4x8xn,
                        'legalRepresentative', o.legal_representative, 'contacts', o.contacts)), '[]')
               FROM organization o WHERE o.id IN (SELECT id FROM up)) AS orgs,
              (SELECT coalesce(json_agg(json_build_object(
                        'orgId', c.org_id, 'kind', c.kind, 'validFrom', c.valid_from, 'validTo', c.valid_to,
                        'source', c.source)), '[]')
               FROM credit_record c WHERE c.org_id IN (SELECT id FROM up)) AS credits`,
      [partyIds, asOf],
    );
    return {
      orgs: new Map(
        row.orgs.map(({ contacts, ...o }) => [
          o.id,
          {
            ...o,
            contactPhones: contacts.map((c) => c.phone).filter((p): p is string => !!p),
            contactEmails: contacts.map((c) => c.email).filter((e): e is string => !!e),
          },
        ]),
      ),
      edges: row.edges.map((e) => ({
        controllerOrgId: e.controller_org_id,
        controlledOrgId: e.controlled_org_id,
        equityPct: e.equity_pct === null ? null : Number(e.equity_pct),
        kind: e.kind,
        validFrom: e.valid_from,
        validTo: e.valid_to,
      })),
      creditRecords: row.credits,
    };
  }

  /** Direct edges above (`controllers`) and below (`controlled`) an organisation. */
  async edgesOf(orgId: string): Promise<{ controllers: ControlEdgeDto[]; controlled: ControlEdgeDto[] }> {
    const rows = await this.edgeRows(`e.controller_org_id = $1 OR e.controlled_org_id = $1`, [orgId]);
    return {
      controllers: rows.filter((r) => r.controlledOrgId === orgId),
      controlled: rows.filter((r) => r.controllerOrgId === orgId),
    };
  }

  private async edgeRows(where: string, params: unknown[]): Promise<ControlEdgeDto[]> {
    const rows: Record<string, string | boolean | null>[] = await this.db.query(
      `SELECT e.id, e.controller_org_id, a.name AS controller_name, e.controlled_org_id, b.name AS controlled_name,
              e.equity_pct::text, e.kind, to_char(e.valid_from, 'YYYY-MM-DD') AS valid_from,
              to_char(e.valid_to, 'YYYY-MM-DD') AS valid_to, e.source,
              (e.valid_from IS NULL OR e.valid_from <= $${params.length + 1}::date)
                AND (e.valid_to IS NULL OR e.valid_to >= $${params.length + 1}::date) AS in_force
       FROM control_edge e JOIN organization a ON a.id = e.controller_org_id JOIN organization b ON b.id = e.controlled_org_id
       WHERE ${where} ORDER BY a.name, b.name, e.kind`,
      [...params, beijingDate()],
    );
    return rows.map((r) => ({
      id: r.id as string,
      controllerOrgId: r.controller_org_id as string,
      controllerName: r.controller_name as string,
      controlledOrgId: r.controlled_org_id as string,
      controlledName: r.controlled_name as string,
      equityPct: r.equity_pct as string | null,
      kind: r.kind as ControlEdgeDto['kind'],
      validFrom: r.valid_from as string | null,
      validTo: r.valid_to as string | null,
      source: r.source as string,
      inForce: r.in_force as boolean,
    }));
  }

  /**
   * Staff add a control edge with its source, and its audit record (`control_edge_added`) in the same
   * transaction. The controlled organisation's row is locked, so concurrent edits of its controllers are
   * serialised.
   * @throws NotFoundError 404 for an unknown organisation; DomainError 422 `CONTROL_SELF_EDGE`,
   *   422 `EQUITY_PCT_REQUIRED` (equity without a percentage), 422 `VALIDITY_RANGE`, 409 `CONTROL_EDGE_EXISTS`
   *   (an edge of the same pair and kind whose period overlaps this one). Nothing is written on a refusal.
   */
  async addEdge(dto: CreateControlEdgeDto, staff: CurrentUser): Promise<ControlEdgeDto> {
    if (dto.controllerOrgId === dto.controlledOrgId) {
      throw new DomainError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'CONTROL_SELF_EDGE',
        '单位不能控制自身',
        GRAPH_RULES.control,
      );
    }
    if (dto.kind === 'equity' && dto.equityPct === undefined) {
      throw new DomainError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'EQUITY_PCT_REQUIRED',
        '股权控制须填写持股比例',
        GRAPH_RULES.control,
      );
    }
    if (dto.validFrom && dto.validTo && dto.validFrom > dto.validTo) {
      throw new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'VALIDITY_RANGE', '生效日期不能晚于失效日期');
    }
    const id = await this.db.transaction(async (em) => {
      for (const orgId of [dto.controllerOrgId, dto.controlledOrgId]) {
        const lock = orgId === dto.controlledOrgId ? { lock: { mode: 'pessimistic_write' as const } } : {};
        if (
          !(await em.getRepository(OrganizationEntity).findOne({ where: { id: orgId }, select: { id: true }, ...lock }))
        )
          throw new NotFoundError('单位', orgId);
      }
      const [overlap] = await em.query(
        `SELECT to_char(valid_from, 'YYYY-MM-DD') AS "from", to_char(valid_to, 'YYYY-MM-DD') AS "to" FROM control_edge
         WHERE controller_org_id = $1 AND controlled_org_id = $2 AND kind = $3
           AND (valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to)
           AND coalesce(valid_from, '-infinity'::date) <= coalesce($5::date, 'infinity'::date)
           AND coalesce(valid_to, 'infinity'::date) >= coalesce($4::date, '-infinity'::date)
         LIMIT 1`,
        [dto.controllerOrgId, dto.controlledOrgId, dto.kind, dto.validFrom ?? null, dto.validTo ?? null],
      );
      if (overlap)
        throw new DomainError(
          HttpStatus.CONFLICT,
          'CONTROL_EDGE_EXISTS',
          `这两家单位之间已登记同类控制关系(有效期 ${overlap.from ?? '自始'} 至 ${overlap.to ?? '长期'}),与本次有效期重叠;如情况有变,请先终止原记录`,
          GRAPH_RULES.control,
        );
      const repo = em.getRepository(ControlEdgeEntity);
      const saved = await repo.save(
        repo.create({
          controllerOrgId: dto.controllerOrgId,
          controlledOrgId: dto.controlledOrgId,
          kind: dto.kind,
          equityPct: dto.equityPct === undefined ? null : dto.equityPct.toFixed(2),
          validFrom: dto.validFrom ?? null,
          validTo: dto.validTo ?? null,
          source: dto.source.trim(),
          createdBy: staff.id,
        }),
      );
      await this.auditEdge(em, saved, 'control_edge_added', staff, null);
      return saved.id;
    });
    const [row] = await this.edgeRows('e.id = $1', [id]);
    return row;
  }

  /**
   * Staff end a control edge: it is kept, with `validTo` = the last day the relation held (`dto.validTo`, default
   * yesterday in Beijing, so it no longer counts from today), and the audit record `control_edge_ended` (with the
   * reason and the previous `validTo`) is written in the same transaction. Eligibility on a date up to `validTo`
   * still sees the edge (`loadFacts` with that date). An edge may be ended the day before it began (a record
   * entered by mistake: never in force).
   * @throws NotFoundError 404 when the edge does not exist; DomainError 409 `CONTROL_EDGE_ENDED` when it already
   *   ends on or before that day; 422 `VALIDITY_RANGE` when that day is before the day before it began. Nothing
   *   is written on a refusal.
   */
  async endEdge(id: string, staff: CurrentUser, dto: EndControlEdgeDto = {}): Promise<ControlEdgeDto> {
    const validTo = dto.validTo ?? dayBefore(beijingDate());
    await this.db.transaction(async (em) => {
      const repo = em.getRepository(ControlEdgeEntity);
      const edge = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!edge) throw new NotFoundError('控制关系', id);
      if (edge.validTo !== null && edge.validTo <= validTo)
        throw new DomainError(
          HttpStatus.CONFLICT,
          'CONTROL_EDGE_ENDED',
          `该控制关系已于 ${edge.validTo} 终止,无需再次终止`,
          GRAPH_RULES.control,
        );
      if (edge.validFrom !== null && validTo < dayBefore(edge.validFrom))
        throw new DomainError(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'VALIDITY_RANGE',
          `该控制关系自 ${edge.validFrom} 起生效,终止日期不能早于 ${dayBefore(edge.validFrom)}`,
          GRAPH_RULES.control,
        );
      const previous = edge.validTo;
      await repo.update({ id }, { validTo });
      await this.auditEdge(em, { ...edge, validTo }, 'control_edge_ended', staff, dto.reason?.trim() || null, {
        previousValidTo: previous,
      });
    });
    const [row] = await this.edgeRows('e.id = $1', [id]);
    return row;
  }

  private async auditEdge(
    em: EntityManager,
    e: ControlEdgeEntity,
    action: 'control_edge_added' | 'control_edge_ended',
    staff: CurrentUser,
    reason: string | null,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    await this.audit.append(em, {
      entityType: 'organization',
      entityId: e.controlledOrgId,
      action,
      actorUserId: staff.id,
      reason,
      rule: GRAPH_RULES.control,
      data: { ...controlEdgeAuditData(e), ...extra },
    });
  }

  /** Credit records of an organisation, newest first, with `inForce` judged today (Asia/Shanghai). */
  async creditRecords(orgId: string): Promise<CreditRecordDto[]> {
    const today = beijingDate();
    const rows = await this.db
      .getRepository(CreditRecordEntity)
      .find({ where: { orgId }, order: { validFrom: 'DESC' } });
    return rows.map((c) => ({
      id: c.id,
      orgId: c.orgId,
      kind: c.kind,
      reason: c.reason,
      validFrom: c.validFrom,
      validTo: c.validTo,
      source: c.source,
      inForce: c.validFrom <= today && (c.validTo === null || c.validTo >= today),
    }));
  }

  /**
   * Staff record a credit record (seed `004 §14`), with its audit record (`credit_record_added`) in the same
   * transaction.
   * @throws NotFoundError 404; DomainError 422 `VALIDITY_RANGE`. Nothing is written on a refusal.
   */
  async addCreditRecord(dto: CreateCreditRecordDto, staff: CurrentUser): Promise<CreditRecordDto> {
    if (dto.validTo && dto.validFrom > dto.validTo) {
      throw new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'VALIDITY_RANGE', '生效日期不能晚于失效日期');
    }
    const saved = await this.db.transaction(async (em) => {
      if (!(await em.getRepository(OrganizationEntity).exist({ where: { id: dto.orgId } }))) {
        throw new NotFoundError('单位', dto.orgId);
      }
      const repo = em.getRepository(CreditRecordEntity);
      const c = await repo.save(
        repo.create({
          orgId: dto.orgId,
          kind: dto.kind,
          reason: dto.reason,
          validFrom: dto.validFrom.slice(0, 10),
          validTo: dto.validTo ? dto.validTo.slice(0, 10) : null,
          source: dto.source,
          createdBy: staff.id,
        }),
      );
      await this.audit.append(em, {
        entityType: 'organization',
        entityId: c.orgId,
        action: 'credit_record_added',
        actorUserId: staff.id,
        reason: c.reason,
        rule: GRAPH_RULES.credit,
        data: { creditRecordId: c.id, kind: c.kind, validFrom: c.validFrom, validTo: c.validTo, source: c.source },
      });
      return c;
    });
    return (await this.creditRecords(dto.orgId)).find((c) => c.id === saved.id) as CreditRecordDto;
  }
}
