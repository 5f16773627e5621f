/** 洽谈 list page (`/negotiations`): every signed-in user's rooms, e.g. the staff brokers' (header link). */
import { MessageOutlined } from '@ant-design/icons';
import { Badge, Card } from 'antd';
import { useState } from 'react';
import { getMyNegotiations } from '../../../api/client';
import { MyNegotiations, totalUnread } from '../components/MyNegotiations';
import { useApi } from '../../../shared/hooks/useApi';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';

/** The page. */
export function NegotiationsPage() {
  useDocumentTitle('洽谈');
  const [version, setVersion] = useState(0);
  const api = useApi(`my-negotiations#${version}`, (signal) => getMyNegotiations(signal));
  return (
    <Card
      className="staff-card"
      data-testid="negotiations-page"
      title={
        <span>
          <MessageOutlined /> 洽谈 <Badge count={totalUnread(api.data ?? api.lastData)} />
        </span>
      }
    >
      <MyNegotiations api={api} onReload={() => setVersion((v) => v + 1)} />
    </Card>
  );
}
