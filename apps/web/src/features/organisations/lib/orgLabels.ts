/** Chinese labels and small formatters of organisation data (control edges, credit records). */
import type { ControlKind, CreditKind } from '@jiebang/contracts';
import { formatDate } from '../../../shared/lib/format';

/** 控制关系类型. */
export const CONTROL_KIND_LABELS: Record<ControlKind, string> = {
  equity: '股权',
  agreement: '协议控制',
  branch: '分公司',
};

/** Tag colours of the control kinds. */
export const CONTROL_KIND_COLORS: Record<ControlKind, string> = {
  equity: 'blue',
  agreement: 'purple',
  branch: 'cyan',
};

/** 信用记录类型. */
export const CREDIT_KIND_LABELS: Record<CreditKind, string> = {
  blacklist: '失信黑名单',
  joint_punishment: '联合惩戒对象',
};

/** `60.5` / `"60.50"` → `60.5%`; `undefined` when absent. */
export function formatPct(value: string | number | null | undefined): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  return `${Number(n.toFixed(2))}%`;
}

/** Validity as `2020-01-01 至 2025-12-31`, `2020-01-01 起` or `长期有效`. */
export function formatValidity(from: string | null | undefined, to: string | null | undefined): string {
  const f = formatDate(from);
  const t = formatDate(to);
  if (f && t) return `${f} 至 ${t}`;
  if (f) return `${f} 起`;
  if (t) return `至 ${t}`;
  return '长期有效';
}
