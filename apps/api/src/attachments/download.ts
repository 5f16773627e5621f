import { StreamableFile } from '@nestjs/common';
import type { Response } from 'express';

/**
 * Serves stored content only as a download, never rendered inline: `Content-Disposition: attachment` with the
 * UTF-8 file name, `X-Content-Type-Options: nosniff`, a sandboxing CSP and no caching (issue 4 §2).
 */
export function asDownload(
  res: Response,
  file: { filename: string; contentType: string; data: Buffer },
): StreamableFile {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.setHeader('Cache-Control', 'private, no-store');
  return new StreamableFile(file.data, {
    type: file.contentType,
    length: file.data.length,
    disposition: `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
  });
}
