import { EntityManager } from 'typeorm';
import { Field } from '@jiebang/contracts';

/**
 * Terms that show an organisation works in one of the five fields (`004` 一), looked for in its 主营业务 and, when it
 * has none, its name (e.g. 北方稀土, 天和磁材). Matched case-insensitively as substrings.
 */
export const FIELD_TERMS: Readonly<Record<Field, readonly string[]>> = {
  [Field.EnergyStorage]: ['储能', '液流电池', '锂电', '钠电', '压缩空气储能', '飞轮'],
  [Field.Graphene]: ['石墨烯', '石墨', '碳纳米', '电容炭'],
  [Field.RareEarth]: ['稀土', '永磁', '钕铁硼', '磁材', '抛光粉', '抛光液'],
  [Field.Hydrogen]: ['氢能', '制氢', '储氢', '加氢', '绿氢', '燃料电池', '电解水', '电解槽'],
  [Field.Ccus]: ['碳捕集', 'CCUS', '二氧化碳', '封存', '驱油'],
};

/** The `VALUES` rows of the terms as one regular expression per field (terms are literal CJK/ASCII words). */
function termRows(): string {
  return (Object.entries(FIELD_TERMS) as [Field, readonly string[]][])
    .map(([f, terms]) => `('${f}', '${terms.map((t) => t.replace(/[^\p{L}\p{N}]/gu, '')).join('|')}')`)
    .join(', ');
}

/**
 * Derives the fields of organisations that declared none (issue 16 item 7), so that matching's field fit
 * (`organization.fields`) has something to compare: from the 主营业务 (or, without one, the name) by
 * `FIELD_TERMS`, from the organisation's listings, and from the deals it is a party to. The result is marked:
 * `fields_derived` true and `field_sources` naming, per field, where it came from (`FieldSource`). Organisations
 * with declared fields (non-empty `fields`, `fields_derived` false) are left alone. Idempotent; only rows that
 * change are written. `orgIds`: the organisations to refresh (`null`: all).
 */
export async function refreshDerivedFields(em: EntityManager, orgIds: string[] | null): Promise<void> {
  if (orgIds !== null && orgIds.length === 0) return;
  await em.query(
    `WITH target AS (
       SELECT o.id, o.main_business, o.name FROM organization o
       WHERE ($1::uuid[] IS NULL OR o.id = ANY($1::uuid[])) AND (o.fields_derived OR cardinality(o.fields) = 0)
     ), src(id, field, source) AS (
       SELECT t.id, k.field, CASE WHEN nullif(btrim(t.main_business), '') IS NULL THEN 'name' ELSE 'mainBusiness' END
       FROM target t CROSS JOIN (VALUES ${termRows()}) k(field, re)
       WHERE upper(coalesce(nullif(btrim(t.main_business), ''), t.name)) ~ k.re
       UNION
       SELECT t.id, l.field::text, 'listings' FROM target t JOIN listing l ON l.poster_org_id = t.id
       WHERE l.field IS NOT NULL AND l.status <> 'draft'
       UNION
       SELECT t.id, l.field::text, 'deals' FROM target t
       JOIN deal d ON d.poster_org_id = t.id OR d.taker_org_id = t.id JOIN listing l ON l.id = d.listing_id
       WHERE l.field IS NOT NULL
     ), per_field AS (
       SELECT id, field, jsonb_agg(source ORDER BY source) AS sources FROM src GROUP BY id, field
     ), agg AS (
       SELECT id, array_agg(field ORDER BY field) AS f, jsonb_object_agg(field, sources) AS m FROM per_field GROUP BY id
     ), next AS (
       SELECT t.id, coalesce(a.f, '{}') AS f, coalesce(a.m, '{}'::jsonb) AS m, a.id IS NOT NULL AS derived
       FROM target t LEFT JOIN agg a ON a.id = t.id
     )
     UPDATE organization o SET fields = n.f, field_sources = n.m, fields_derived = n.derived
     FROM next n
     WHERE o.id = n.id
       AND (o.fields IS DISTINCT FROM n.f OR o.field_sources IS DISTINCT FROM n.m OR o.fields_derived <> n.derived)`,
    [orgIds],
  );
}
