/** 洽谈 list page (`/negotiations`): every signed-in user's rooms, e.g. the staff brokers' (header link). */
import { MessageOutlined } from '@ant-design/icons';
import { Badge, Card } from 'antd';
import { MyNegotiations, totalUnread, useMyNegotiations } from '../components/MyNegotiations';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';

/** The page. */
export function NegotiationsPage() {
  useDocumentTitle('洽谈');
  const list = useMyNegotiations();
  return (
    <Card
      className="staff-card"
      data-testid="negotiations-page"
      title={
        <span>
          <MessageOutlined /> 洽谈 <Badge count={totalUnread(list.data)} />
        </span>
      }
    >
      <MyNegotiations />
    </Card>
  );
}
