/**
 * One home for "download this file" links (listing, deal and carrier evidence files): a link-style button that
 * fetches the file with the session's token (`fetchBlob`), saves it under its original name (never opened inline)
 * and shows the server's refusal in plain Chinese (`downloadErrorMessage`: 403/404/410 …) if it fails.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { downloadErrorMessage, saveBlob } from '../lib/attachments';

/** Props of `FileDownloadButton`. */
export interface FileDownloadButtonProps {
  file: { id: string; filename: string };
  /** Fetches the file's bytes (an authenticated GET through the generated client, `parseAs: 'blob'`). */
  fetchBlob: () => Promise<Blob>;
  /** The name to save under when the file has none (e.g. `附件-<id>`). */
  fallbackName: string;
  /** Button text; the file name by default. */
  label?: string;
  /** `data-testid` of the button (browser tests find files by it). */
  testId: string;
}

/** A link-style button downloading one file; busy while the bytes arrive. */
export function FileDownloadButton({ file, fetchBlob, fallbackName, label, testId }: FileDownloadButtonProps) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      saveBlob(await fetchBlob(), file.filename || fallbackName);
    } catch (err) {
      message.error(downloadErrorMessage(err, file.filename));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      type="link"
      size="small"
      className="link-button"
      icon={<DownloadOutlined />}
      loading={busy}
      onClick={() => void download()}
      aria-label={`下载 ${file.filename}`}
      title={file.filename}
      data-testid={testId}
      data-file-id={file.id}
    >
      {label ?? file.filename}
    </Button>
  );
}
