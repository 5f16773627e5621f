/**
 * The confirmed actions of the web tests: a note written, a button clicked, nothing sent until the Popconfirm's
 * 确定 is clicked, then the one POST the page sent. Pages confirm every irreversible step (developers' guide), so a
 * test of such a step asserts both halves: no request before the confirmation, the right request after it.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { expect } from 'vitest';
import type { Sent } from './api';

/** Clicks the open Popconfirm's 确定 (`OK` in an English locale). */
export async function confirmPopup(): Promise<void> {
  await act(async () => {
    fireEvent.click(await screen.findByRole('button', { name: /确\s*定|OK/ }));
  });
}

/**
 * Asserts that nothing was POSTed yet, confirms, waits for the POST and returns it (the first one sent).
 * @throws (assertion) when a POST went out before the confirmation, or none after it.
 */
export async function confirmAndPost(sent: readonly Sent[]): Promise<Sent> {
  expect(sent.some((s) => s.method === 'POST')).toBe(false);
  await confirmPopup();
  await waitFor(() => expect(sent.some((s) => s.method === 'POST')).toBe(true));
  return sent.find((s) => s.method === 'POST')!;
}

/**
 * Inside `scope`, writes `note` into the element `noteTestId`, clicks `buttonTestId`, confirms and returns the POST
 * (`confirmAndPost`).
 */
export async function noteClickConfirm(
  scope: HTMLElement,
  sent: readonly Sent[],
  { noteTestId, note, buttonTestId }: { noteTestId: string; note: string; buttonTestId: string },
): Promise<Sent> {
  fireEvent.change(within(scope).getByTestId(noteTestId), { target: { value: note } });
  fireEvent.click(within(scope).getByTestId(buttonTestId));
  return confirmAndPost(sent);
}
