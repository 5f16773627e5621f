import { Role, StaffRole, type CurrentUser } from '@jiebang/contracts';
import { calendarSource, setMaintainedCalendar } from '@jiebang/policy';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import type { CalendarYearDto, CalendarYearsDto } from '../lib/calendar';
import { useCalendarSync } from '../lib/calendar';
import { CalendarPage } from './CalendarPage';

const staff = (roles: StaffRole[]): CurrentUser => ({
  id: 'u1',
  username: 'staff',
  displayName: '工作人员',
  role: Role.Staff,
  staffRoles: roles,
  orgId: null,
});

const Y2027: CalendarYearDto = {
  year: 2027,
  documentNo: '国办发明电〔2026〕99号',
  publishedOn: '2026-11-20',
  holidays: ['2027-01-01'],
  makeUpWorkdays: ['2027-01-09'],
  updatedAt: '2026-11-21T00:00:00.000Z',
  updatedBy: 'staff.admin',
};
const withoutYears: CalendarYearsDto = {
  years: [],
  coverage: [
    { year: 2026, source: 'package', provisional: false },
    { year: 2027, source: 'none', provisional: true },
  ],
};
const with2027: CalendarYearsDto = {
  years: [Y2027],
  coverage: [
    { year: 2026, source: 'package', provisional: false },
    { year: 2027, source: 'maintained', provisional: false },
  ],
};

describe('CalendarPage (/staff/calendar)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setMaintainedCalendar([]);
  });

  it('flags a provisional year and lets an administrator enter it (holiday and make-up day marked on the calendar)', async () => {
    let saved = false;
    const sent = serveApi({
      'GET /api/v1/calendar/years': () => json(200, saved ? with2027 : withoutYears),
      'PUT /api/v1/calendar/years/2027': () => {
        saved = true;
        return json(200, Y2027);
      },
    });
    renderWithProviders(<CalendarPage />, { user: staff([StaffRole.Admin]) });
    expect((await screen.findByTestId('calendar-provisional')).textContent).toContain('2027');
    expect(screen.getByTestId('calendar-source-2027').textContent).toContain('暂定');

    await userEvent.click(screen.getByTestId('calendar-edit-2027'));
    // Saving without 文号 and date is refused in the form, nothing is sent.
    await userEvent.click(await screen.findByTestId('calendar-save'));
    expect((await screen.findByTestId('calendar-missing')).textContent).toContain('文号');
    expect(sent.filter((s) => s.method === 'PUT')).toHaveLength(0);

    fireEvent.change(screen.getByTestId('calendar-document-no'), { target: { value: Y2027.documentNo } });
    const date =
      screen.getByTestId('calendar-published-on').querySelector('input') ?? screen.getByTestId('calendar-published-on');
    await userEvent.click(date);
    await userEvent.type(date, '2026-11-20{enter}');
    fireEvent.click(screen.getByTestId('calendar-day-2027-01-01'));
    fireEvent.click(screen.getByTestId('calendar-day-2027-01-09'));
    fireEvent.click(screen.getByTestId('calendar-day-2027-01-09'));
    expect(within(screen.getByTestId('calendar-holidays')).getByText('2027-01-01')).toBeTruthy();
    expect(within(screen.getByTestId('calendar-workdays')).getByText('2027-01-09')).toBeTruthy();
    await userEvent.click(screen.getByTestId('calendar-save'));

    await waitFor(() => expect(sent.filter((s) => s.method === 'PUT')).toHaveLength(1));
    expect(sent.find((s) => s.method === 'PUT')?.body).toEqual({
      documentNo: Y2027.documentNo,
      publishedOn: '2026-11-20',
      holidays: ['2027-01-01'],
      makeUpWorkdays: ['2027-01-09'],
    });
    await waitFor(() => expect(screen.getByTestId('calendar-source-2027').textContent).toContain('人工维护'));
  }, 180_000); // antd's modal, date picker and calendar render slowly in jsdom on a shared 2-core machine

  it('asks for the year to be typed before deleting it', async () => {
    const sent = serveApi({
      'GET /api/v1/calendar/years': () => json(200, with2027),
      'DELETE /api/v1/calendar/years/2027': () => json(200, { year: 2027, source: 'none', provisional: true }),
    });
    renderWithProviders(<CalendarPage />, { user: staff([StaffRole.Admin]) });
    await userEvent.click(await screen.findByTestId('calendar-delete-2027'));
    const dialog = await screen.findByRole('dialog');
    const ok = within(dialog).getByRole('button', { name: /删\s*除/ });
    expect((ok as HTMLButtonElement).disabled).toBe(true);
    await userEvent.type(screen.getByTestId('calendar-delete-confirm'), '2027');
    await waitFor(() => expect((ok as HTMLButtonElement).disabled).toBe(false));
    await userEvent.click(ok);
    await waitFor(() => expect(sent.some((s) => s.method === 'DELETE')).toBe(true));
    expect(sent.find((s) => s.method === 'DELETE')?.search).toBe('?confirm=2027');
  });

  it('is read-only for staff without 维护节假日', async () => {
    serveApi({ 'GET /api/v1/calendar/years': () => json(200, with2027) });
    renderWithProviders(<CalendarPage />, { user: staff([StaffRole.Broker]) });
    await screen.findByTestId('calendar-years');
    expect(screen.queryByTestId('calendar-edit-2027')).toBeNull();
    expect(screen.queryByTestId('calendar-add')).toBeNull();
    expect(screen.getByText(/维护节假日/)).toBeTruthy();
  });

  it('useCalendarSync installs the maintained years in @jiebang/policy', async () => {
    serveApi({ 'GET /api/v1/calendar/years': () => json(200, with2027) });
    function Sync() {
      useCalendarSync();
      return <div data-testid="synced" />;
    }
    renderWithProviders(
      <Routes>
        <Route path="*" element={<Sync />} />
      </Routes>,
    );
    await waitFor(() => expect(calendarSource(2027)).toBe('maintained'));
  });
});
