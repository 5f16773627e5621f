/**
 * The thresholds of a rule set against the declared figures (RULEBOOK §7: each shown met or missed, with the
 * declared figure, the evidence that proves it and the article), as the formal review and the applicant see them.
 * Alternatives (符合以下条件之一) are marked with their group's outcome. With the application's evidence items
 * (`CarrierApplicationDto.evidenceItems`), each threshold lists the uploaded files that prove it as download links.
 */
import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import { Table, Tag } from 'antd';
import type { components } from '../../../../generated/openapi-schema';
import { EvidenceFileLink } from './EvidenceUpload';

type Threshold = components['schemas']['CarrierThresholdResultDto'];
type EvidenceItem = components['schemas']['CarrierEvidenceItemDto'];

/** A declared figure as text (money thresholds arrive in fen: shown in 万元 when the key says fen). */
function declaredText(t: Threshold): string {
  const v = t.declared as unknown;
  if (v === null || v === undefined || v === '') return '未填报';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (/Fen/.test(t.key) && /^\d+$/.test(String(v))) {
    const fen = BigInt(String(v));
    const wan = fen / 1_000_000n;
    const rest = (fen % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
    return `${wan}${rest ? `.${rest}` : ''} 万元`;
  }
  return String(v);
}

/** Props of `ThresholdTable`. */
export interface ThresholdTableProps {
  thresholds: Threshold[];
  /** The application's id and evidence items: the files proving each threshold are listed under 佐证. */
  applicationId?: string;
  evidence?: EvidenceItem[];
}

/** The 佐证 cell: what proves the threshold and, when known, the uploaded files (or 未上传). */
function EvidenceCell({ t, applicationId, evidence }: { t: Threshold } & Omit<ThresholdTableProps, 'thresholds'>) {
  const items = (evidence ?? []).filter((e) => e.thresholdKeys.includes(t.key));
  if (!applicationId || !evidence || !items.length) return <span>{t.evidence ?? '—'}</span>;
  const files = items.flatMap((e) => e.files);
  return (
    <div data-testid="threshold-evidence">
      <div>{t.evidence ?? items.map((e) => e.label).join('、')}</div>
      {files.length ? (
        files.map((f) => <EvidenceFileLink key={f.id} applicationId={applicationId} file={f} />)
      ) : (
        <span className="muted">未上传</span>
      )}
    </div>
  );
}

/** The table of thresholds met and missed. */
export function ThresholdTable({ thresholds, applicationId, evidence }: ThresholdTableProps) {
  return (
    <Table
      size="small"
      rowKey="key"
      pagination={false}
      scroll={{ x: 720 }}
      data-testid="threshold-table"
      dataSource={thresholds}
      onRow={(t) =>
        ({ 'data-testid': `threshold-${t.key}`, 'data-met': String(t.anyOf ? t.groupMet : t.met) }) as never
      }
      columns={[
        {
          key: 'met',
          title: '结果',
          width: 72,
          render: (_, t) =>
            t.met ? (
              <span>
                <CheckCircleTwoTone twoToneColor="#52c41a" /> 达到
              </span>
            ) : (
              <span>
                <CloseCircleTwoTone twoToneColor="#ff4d4f" /> 未达到
              </span>
            ),
        },
        {
          key: 'label',
          title: '条件',
          render: (_, t) => (
            <span>
              {t.label}
              {t.anyOf ? (
                <Tag color={t.groupMet ? 'green' : 'red'} style={{ marginLeft: 6 }}>
                  {t.groupMet ? '“之一”已满足' : '“之一”均未满足'}
                </Tag>
              ) : null}
            </span>
          ),
        },
        { key: 'required', title: '要求', width: 150, render: (_, t) => String(t.required ?? '') },
        {
          key: 'declared',
          title: '申报',
          width: 130,
          render: (_, t) => <span data-testid="declared">{declaredText(t)}</span>,
        },
        {
          key: 'evidence',
          title: '佐证',
          width: 200,
          render: (_, t) => <EvidenceCell t={t} applicationId={applicationId} evidence={evidence} />,
        },
        { key: 'rule', title: '依据', width: 110, dataIndex: 'rule' },
      ]}
    />
  );
}
