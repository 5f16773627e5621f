/** The spinner a route shows while its page's code is loading (the `Suspense` fallback of the lazy pages). */
import { Spin } from 'antd';

/** A large centred antd `Spin` with the test id `page-loading`. */
export function PageSpinner() {
  return (
    <div className="page-loading" data-testid="page-loading">
      <Spin size="large" />
    </div>
  );
}
