/** Fallback for unknown routes. */
import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useDocumentTitle } from '../hooks/useDocumentTitle';

/** 404 page for paths the app does not know. */
export function NotFoundPage() {
  useDocumentTitle('页面不存在');
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="页面不存在"
      subTitle="您访问的页面不存在，请返回榜单首页。"
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          返回榜单
        </Button>
      }
    />
  );
}
