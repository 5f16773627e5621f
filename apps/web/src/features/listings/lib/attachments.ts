/**
 * Attachments of a listing (知识产权证明, 支撑材料): labels, the client-side checks of a chosen file (type by
 * extension and browser type, size), messages of the server's refusals, and saving a downloaded file.
 */
import {
  ATTACHMENT_KINDS,
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_TYPES,
  ErrorCode,
  type AttachmentDto,
  type AttachmentKind,
} from '@jiebang/contracts';
import { ApiError } from '../../../api/errors';
import { workflowError } from '../../../shared/lib/pipeline';

/** Chinese names of the attachment kinds. */
export const ATTACHMENT_KIND_LABELS: Record<AttachmentKind, string> = {
  ip_proof: '知识产权证明',
  supporting: '支撑材料',
};

/** Who sees an attachment of each kind, and what it is for. */
export const ATTACHMENT_KIND_HINTS: Record<AttachmentKind, string> = {
  ip_proof: '专利证书、软件著作权登记证书等；仅本单位、科技厅和受邀论证专家可见',
  supporting: '检测报告、技术资料、图片等；榜单发布后公开',
};

/** Tag colours of the kinds. */
export const ATTACHMENT_KIND_COLORS: Record<AttachmentKind, string> = {
  ip_proof: 'gold',
  supporting: 'blue',
};

/** Options of a kind selector. */
export const ATTACHMENT_KIND_OPTIONS = ATTACHMENT_KINDS.map((k) => ({ value: k, label: ATTACHMENT_KIND_LABELS[k] }));

/** Accepted file extensions and the content type each stands for. */
const EXTENSION_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Extensions accepted here (only those whose type the server accepts too). */
const ALLOWED_EXTENSIONS = Object.keys(EXTENSION_TYPES).filter((ext) => EXTENSION_TYPES[ext] in ATTACHMENT_TYPES);

/** Browser types that say nothing about the content (then the extension decides). */
const UNKNOWN_TYPES = new Set(['', 'application/octet-stream']);

/** Older names some browsers use for an accepted type. */
const TYPE_ALIASES: Record<string, string> = { 'image/pjpeg': 'image/jpeg', 'image/x-png': 'image/png' };

/** Value of the file input's `accept` (extensions and types, for the file picker). */
export const ATTACHMENT_ACCEPT = [...ALLOWED_EXTENSIONS, ...Object.keys(ATTACHMENT_TYPES)].join(',');

/** The accepted types as users read them: `PDF、PNG、JPEG、Word (.docx)、Excel (.xlsx)`. */
export const ATTACHMENT_TYPES_TEXT = Object.values(ATTACHMENT_TYPES).join('、');

/** The size limit as users read it (`20 MB`). */
export const ATTACHMENT_MAX_TEXT = `${ATTACHMENT_MAX_BYTES / (1024 * 1024)} MB`;

/** One decimal, without a trailing `.0`. */
function oneDecimal(n: number): string {
  return n.toFixed(1).replace(/\.0$/, '');
}

/** A file size in KB (below 1 MB) or MB, e.g. `356.2 KB`, `3.4 MB`. */
export function formatFileSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024 * 1024) return `${oneDecimal(Math.max(bytes / 1024, bytes > 0 ? 0.1 : 0))} KB`;
  return `${oneDecimal(bytes / (1024 * 1024))} MB`;
}

/** Lower-case extension of a file name with its dot (`.pdf`), or `''`. */
export function fileExtension(name: string): string {
  const i = name.lastIndexOf('.');
  return i > 0 && i < name.length - 1 ? name.slice(i).toLowerCase() : '';
}

/** Hints for files in an old or near-miss format. */
const CONVERT_HINTS: Record<string, string> = {
  '.doc': '旧版 Word (.doc) 文件请另存为 .docx 后再上传。',
  '.wps': 'WPS 文字文件请另存为 .docx 或 PDF 后再上传。',
  '.xls': '旧版 Excel (.xls) 文件请另存为 .xlsx 后再上传。',
  '.et': 'WPS 表格文件请另存为 .xlsx 后再上传。',
  '.ppt': '演示文稿请导出为 PDF 后再上传。',
  '.pptx': '演示文稿请导出为 PDF 后再上传。',
  '.zip': '压缩包不能上传，请解压后逐个上传。',
  '.rar': '压缩包不能上传，请解压后逐个上传。',
  '.7z': '压缩包不能上传，请解压后逐个上传。',
  '.jfif': '请将图片另存为 JPEG (.jpg) 或 PNG 后再上传。',
  '.webp': '请将图片另存为 JPEG (.jpg) 或 PNG 后再上传。',
  '.heic': '请将图片另存为 JPEG (.jpg) 或 PNG 后再上传。',
  '.bmp': '请将图片另存为 JPEG (.jpg) 或 PNG 后再上传。',
  '.tif': '请将图片另存为 JPEG (.jpg)、PNG 或 PDF 后再上传。',
  '.tiff': '请将图片另存为 JPEG (.jpg)、PNG 或 PDF 后再上传。',
};

/**
 * What is wrong with a chosen file (`undefined` when it may be uploaded): its type, judged by the extension
 * and the type the browser reports, and its size. The server checks the content again.
 */
export function checkAttachmentFile(file: Pick<File, 'name' | 'type' | 'size'>): string | undefined {
  const ext = fileExtension(file.name);
  const expected = EXTENSION_TYPES[ext];
  if (!expected || !ALLOWED_EXTENSIONS.includes(ext)) {
    const hint = CONVERT_HINTS[ext] ?? '';
    return `“${file.name}”的文件类型不支持，仅可上传 ${ATTACHMENT_TYPES_TEXT} 文件。${hint}`;
  }
  const type = (file.type ?? '').toLowerCase();
  if (!UNKNOWN_TYPES.has(type) && (TYPE_ALIASES[type] ?? type) !== expected) {
    return `“${file.name}”的扩展名(${ext})与文件实际类型(${type})不符，请上传真正的 ${ATTACHMENT_TYPES[expected]} 文件，不要只修改扩展名。`;
  }
  if (file.size <= 0) return `“${file.name}”是空文件(0 KB)，请选择有内容的文件。`;
  if (file.size > ATTACHMENT_MAX_BYTES) {
    const size = formatFileSize(file.size);
    // Just over the limit rounds to the limit itself: say so rather than "20 MB exceeds 20 MB".
    const what = size === ATTACHMENT_MAX_TEXT ? '' : `为 ${size}，`;
    return `“${file.name}”大小${what}超过单个附件 ${ATTACHMENT_MAX_TEXT} 的上限，请压缩或拆分为多个文件后再上传。`;
  }
  return undefined;
}

/** Why the server refused an upload of `filename`, saying what to fix. */
export function uploadErrorMessage(err: unknown, filename: string): string {
  if (err instanceof ApiError) {
    if (err.code === ErrorCode.ATTACHMENT_TOO_LARGE || err.status === 413) {
      return `“${filename}”超过单个附件 ${ATTACHMENT_MAX_TEXT} 的上限，请压缩或拆分为多个文件后再上传。`;
    }
    if (err.code === ErrorCode.ATTACHMENT_TYPE_NOT_ALLOWED) {
      return `“${filename}”的文件内容不是允许的类型，仅可上传 ${ATTACHMENT_TYPES_TEXT} 文件；请确认文件未损坏、不是仅修改了扩展名。`;
    }
    if (err.code === ErrorCode.ATTACHMENT_EMPTY) return `“${filename}”是空文件，请选择有内容的文件。`;
    if (err.code === ErrorCode.ILLEGAL_TRANSITION) {
      return `榜单当前状态不能上传附件(仅草稿、论证未通过、论证通过待发布时可修改)，“${filename}”未上传。`;
    }
  }
  return `“${filename}”上传失败：${workflowError(err, '网络或服务异常，请稍后重试')}`;
}

/** Why the server refused a file sent in a negotiation room, saying what to fix. */
export function negotiationUploadErrorMessage(err: unknown, filename: string): string {
  if (err instanceof ApiError) {
    if (err.code === ErrorCode.NEGOTIATION_NOT_OPEN) {
      return `洽谈已暂停或已结束，“${filename}”未发送；洽谈恢复后可再发送。`;
    }
    if (err.code === ErrorCode.NOT_A_MEMBER || err.status === 403) {
      return `您不是此洽谈的参与方，不能发送附件“${filename}”。`;
    }
  }
  return uploadErrorMessage(err, filename);
}

/** Why a delete failed. */
export function deleteErrorMessage(err: unknown): string {
  if (err instanceof ApiError && err.code === ErrorCode.ILLEGAL_TRANSITION) {
    return '榜单当前状态不能删除附件(仅草稿、论证未通过、论证通过待发布时可修改)';
  }
  return `删除失败：${workflowError(err, '网络或服务异常，请稍后重试')}`;
}

/** Why a download failed. */
export function downloadErrorMessage(err: unknown, filename: string): string {
  if (err instanceof ApiError) {
    if (err.status === 403) return `无权下载“${filename}”`;
    if (err.status === 404) return `“${filename}”不存在或已被删除，请刷新页面`;
  }
  return `“${filename}”下载失败：${workflowError(err, '网络或服务异常，请稍后重试')}`;
}

/** IP proofs first, then supporting documents, each oldest first. */
export function sortAttachments(list: AttachmentDto[]): AttachmentDto[] {
  const order = (k: AttachmentKind) => ATTACHMENT_KINDS.indexOf(k);
  return [...list].sort((a, b) => order(a.kind) - order(b.kind) || a.createdAt.localeCompare(b.createdAt));
}

/**
 * Saves downloaded content under `filename` through an object URL. The content is re-typed as
 * `application/octet-stream` so that a browser never shows it inline, even one that ignores `download`.
 */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(new Blob([blob], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
