/** Tags of the carrier pages: a carrier's status and an application's status, in plain Chinese. */
import { Tag } from 'antd';
import { applicationStatusText, CARRIER_STATUS_COLOR, carrierStatusText } from '../lib/carriers';

/** 筹建 / 运行 / 整改 / 撤销 as a coloured tag. */
export function CarrierStatusTag({ status }: { status: string }) {
  return (
    <Tag color={CARRIER_STATUS_COLOR[status] ?? 'default'} data-testid="carrier-status">
      {carrierStatusText(status)}
    </Tag>
  );
}

const APPLICATION_COLOR: Record<string, string> = {
  draft: 'default',
  returned: 'orange',
  rejected: 'red',
  published: 'green',
  on_notice: 'gold',
  objection: 'volcano',
};

/** An application's status as a tag (草稿, 已提交, 已推荐 … 已发文公布). */
export function CarrierApplicationStatusTag({ status }: { status: string }) {
  return (
    <Tag color={APPLICATION_COLOR[status] ?? 'blue'} data-testid="carrier-application-status">
      {applicationStatusText(status)}
    </Tag>
  );
}
