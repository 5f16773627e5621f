import { DEAL_ATTACHMENT_PURPOSES } from '@jiebang/contracts';
import { isDealAttachmentPurpose, mayDownload } from './deal-attachments.service';

describe('deal files', () => {
  it('knows the purposes a deal file may have, nothing else', () => {
    for (const p of DEAL_ATTACHMENT_PURPOSES) expect(isDealAttachmentPurpose(p)).toBe(true);
    expect(isDealAttachmentPurpose('Voucher')).toBe(false);
    expect(isDealAttachmentPurpose('')).toBe(false);
  });

  it('lets parties and staff download any file, anyone else only their own', () => {
    expect(mayDownload(['staff'], 'u2', 'u1')).toBe(true);
    expect(mayDownload(['taker'], 'u2', 'u1')).toBe(true);
    expect(mayDownload([], 'u1', 'u1')).toBe(true);
    expect(mayDownload([], 'u2', 'u1')).toBe(false);
  });
});
