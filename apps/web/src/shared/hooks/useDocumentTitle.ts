/** Sets `document.title` while the calling page is shown. */
import { useEffect } from 'react';

/** Site name appended to every page title. */
export const SITE_TITLE = '揭榜挂帅 科技成果转化平台';

/** Sets the browser tab title to `<title> · 揭榜挂帅 科技成果转化平台` (or the site name alone). */
export function useDocumentTitle(title?: string): void {
  useEffect(() => {
    document.title = title ? `${title} · ${SITE_TITLE}` : `${SITE_TITLE} · 内蒙古自治区科技厅`;
  }, [title]);
}
