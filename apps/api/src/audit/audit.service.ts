import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntryDto } from '@jiebang/contracts';
import { AuditLogEntity } from './audit-log.entity';

/** What the caller records; `at`, `seq` and the hashes are added by `AuditService.append`. */
export interface AuditRecord {
  entityType:
    | 'listing'
    | 'application'
    | 'organization'
    | 'deal'
    | 'user'
    | 'carrier'
    | 'carrier_application'
    | 'carrier_round'
    | 'carrier_support'
    | 'carrier_project'
    | 'calendar_year';
  entityId: string;
  action: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  actorUserId: string | null;
  reason?: string | null;
  rule?: string | null;
  data?: Record<string, unknown> | null;
}

/** The hash of the first record's predecessor. */
export const GENESIS_HASH = '0'.repeat(64);
/** Advisory lock that serialises appends, so the chain is linear. */
const AUDIT_LOCK = 7_262_001;

/** JSON with object keys sorted at every level (jsonb does not keep key order). */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** sha256(prevHash + canonical record), hex. */
export function auditHash(prevHash: string, r: Omit<AuditLogEntity, 'seq' | 'hash' | 'prevHash'>): string {
  const body = canonicalJson({
    at: r.at.toISOString(),
    entityType: r.entityType,
    entityId: r.entityId,
    action: r.action,
    fromStatus: r.fromStatus,
    toStatus: r.toStatus,
    actorUserId: r.actorUserId,
    reason: r.reason,
    rule: r.rule,
    data: r.data,
  });
  return createHash('sha256')
    .update(prevHash + body)
    .digest('hex');
}

/**
 * The append-only, hash-chained audit log (issue 4 §6). `append` must run inside the transaction of the change
 * it records, so the record and the change commit or roll back together.
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Appends a record in the caller's transaction (`em` must belong to an open transaction). */
  async append(em: EntityManager, r: AuditRecord): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK]);
    const [last] = (await em.query('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1')) as { hash: string }[];
    const prevHash = last?.hash ?? GENESIS_HASH;
    const row = {
      at: new Date(),
      entityType: r.entityType,
      entityId: r.entityId,
      action: r.action,
      fromStatus: r.fromStatus ?? null,
      toStatus: r.toStatus ?? null,
      actorUserId: r.actorUserId,
      reason: r.reason ?? null,
      rule: r.rule ?? null,
      data: r.data ?? null,
    };
    await em.query(
      `INSERT INTO audit_log (at, entity_type, entity_id, action, from_status, to_status, actor_user_id, reason, rule,
         data, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        row.at,
        row.entityType,
        row.entityId,
        row.action,
        row.fromStatus,
        row.toStatus,
        row.actorUserId,
        row.reason,
        row.rule,
        row.data === null ? null : JSON.stringify(row.data),
        prevHash,
        auditHash(prevHash, row),
      ],
    );
  }

  /** The full history of one entity, oldest first, with the actors' display names. */
  async history(entityType: AuditRecord['entityType'], entityId: string): Promise<AuditEntryDto[]> {
    const rows: (AuditLogEntity & { actor_name: string | null })[] = await this.db.query(
      `SELECT a.seq, a.at, a.entity_type AS "entityType", a.entity_id AS "entityId", a.action,
              a.from_status AS "fromStatus", a.to_status AS "toStatus", a.actor_user_id AS "actorUserId",
              a.reason, a.rule, a.hash, u.display_name AS actor_name
       FROM audit_log a LEFT JOIN app_user u ON u.id = a.actor_user_id
       WHERE a.entity_type = $1 AND a.entity_id = $2 ORDER BY a.seq`,
      [entityType, entityId],
    );
    return rows.map((r) => ({
      seq: String(r.seq),
      at: new Date(r.at).toISOString(),
      entityType: r.entityType,
      entityId: r.entityId,
      action: r.action,
      fromStatus: r.fromStatus,
      toStatus: r.toStatus,
      actorUserId: r.actorUserId,
      actorName: r.actor_name,
      reason: r.reason,
      rule: r.rule,
      hash: r.hash,
    }));
  }

  /**
   * Recomputes the chain from the first record. `{ ok: true, records }`, or the first broken link:
   * `{ ok: false, records, brokenAtSeq, reason }`.
   */
  async verify(): Promise<{ ok: boolean; records: number; brokenAtSeq?: string; reason?: string }> {
    const rows = await this.db.getRepository(AuditLogEntity).find({ order: { seq: 'ASC' } });
    let prev = GENESIS_HASH;
    for (const r of rows) {
      if (r.prevHash !== prev)
        return { ok: false, records: rows.length, brokenAtSeq: String(r.seq), reason: 'prev_hash' };
      if (auditHash(prev, r) !== r.hash)
        return { ok: false, records: rows.length, brokenAtSeq: String(r.seq), reason: 'hash' };
      prev = r.hash;
    }
    return { ok: true, records: rows.length };
  }
}
