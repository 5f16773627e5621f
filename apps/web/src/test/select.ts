import { fireEvent, screen, waitFor } from '@testing-library/react';
import { expect } from 'vitest';

/**
 * Picks the option titled `label` of the antd `Select` carrying `data-testid={testId}`, once the select is enabled
 * (opens its list with a mouse-down, as a user's click does, and clicks the option).
 * @throws Error when no option has that title.
 */
export async function chooseOption(testId: string, label: string): Promise<void> {
  const select = screen.getByTestId(testId);
  await waitFor(() => expect(select.className).not.toContain('ant-select-disabled'));
  fireEvent.mouseDown(select.querySelector('input') ?? select);
  const found = await screen.findAllByTitle(label);
  const option = found.map((e) => e.closest('.ant-select-item-option')).find((e): e is Element => !!e);
  if (!option) throw new Error(`no option ${label}`);
  fireEvent.click(option);
}
