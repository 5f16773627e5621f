/** Coloured tags for listing kind and status, and application status. */
import {
  APPLICATION_STATUS_LABELS,
  ApplicationStatus,
  LISTING_KIND_LABELS,
  LISTING_STATUS_LABELS,
  ListingKind,
  ListingStatus,
} from '@jiebang/contracts';
import { Tag } from 'antd';

const STATUS_COLORS: Record<ListingStatus, string> = {
  [ListingStatus.Draft]: 'default',
  [ListingStatus.Submitted]: 'blue',
  [ListingStatus.Screening]: 'orange',
  [ListingStatus.Passed]: 'cyan',
  [ListingStatus.Rejected]: 'red',
  [ListingStatus.Published]: 'green',
  [ListingStatus.Closed]: 'default',
};

/** Tag showing 成果转化类 / 技术攻关类. */
export function KindTag({ kind }: { kind: ListingKind }) {
  return (
    <Tag color={kind === ListingKind.Achievement ? 'geekblue' : 'volcano'}>{LISTING_KIND_LABELS[kind] ?? kind}</Tag>
  );
}

/** Tag showing the listing status (已发布, 已关闭, …). */
export function StatusTag({ status }: { status: ListingStatus }) {
  return <Tag color={STATUS_COLORS[status] ?? 'default'}>{LISTING_STATUS_LABELS[status] ?? status}</Tag>;
}

const APPLICATION_COLORS: Record<ApplicationStatus, string> = {
  [ApplicationStatus.PendingConsent]: 'gold',
  [ApplicationStatus.Submitted]: 'blue',
  [ApplicationStatus.UnderReview]: 'orange',
  [ApplicationStatus.Recommended]: 'green',
  [ApplicationStatus.Declined]: 'red',
  [ApplicationStatus.Withdrawn]: 'default',
  [ApplicationStatus.AgreementDrafted]: 'purple',
};

/** Tag showing the application status (已提交, 评审中, 已推荐, …). */
export function ApplicationStatusTag({ status }: { status: ApplicationStatus }) {
  return <Tag color={APPLICATION_COLORS[status] ?? 'default'}>{APPLICATION_STATUS_LABELS[status] ?? status}</Tag>;
}
