import type { NegotiationDto, OfferDto } from '@jiebang/contracts';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { INITIAL_ROOM, roomReducer, type RoomState } from '../hooks/useNegotiationRoom';
import { OfferPanel, type OfferPanelProps } from './OfferPanel';

const negotiation: NegotiationDto = {
  id: 'n1',
  applicationId: 'a1',
  listingId: 'l1',
  listingTitle: '榜单',
  kind: 'challenge',
  status: 'open',
  statusReason: null,
  lastSeq: 0,
  posterOrgId: 'poster-org',
  applicantOrgId: 'applicant-org',
  agreementDraftId: null,
};

/** Version `version` of an offer by `side`, open. */
function offer(version: number, side: OfferDto['side'], amountYuan: string): OfferDto {
  return {
    id: `o${version}`,
    negotiationId: 'n1',
    version,
    side,
    proposedByUserId: `${side}-user`,
    terms: {
      dealForm: 'transfer',
      amountYuan,
      amountFen: `${Number(amountYuan) * 100}`,
      schedule: [{ dueDate: '2027-01-01', amountYuan }],
      ipOwnership: '归发榜方所有',
      benefitSharing: '按约定分配',
      durationMonths: 12,
    },
    status: 'open',
    acceptedByPoster: false,
    acceptedByApplicant: false,
    reason: null,
    createdAt: '2026-12-01T00:00:00.000Z',
  };
}

/** The room after joining with `offers`. */
function joined(offers: OfferDto[]): RoomState {
  return roomReducer(INITIAL_ROOM, { type: 'joined', negotiation, messages: [], offers, online: [] });
}

/** Renders one side's panel of `state`; returns a rerender with a later state and the respond spy. */
function renderPanel(side: OfferPanelProps['mySide'], state: RoomState) {
  const onRespond = vi.fn<OfferPanelProps['onRespond']>().mockResolvedValue(undefined);
  const props = (s: RoomState): OfferPanelProps => ({
    negotiation,
    offers: s.offers,
    mySide: side,
    canAct: true,
    onPropose: vi.fn().mockResolvedValue(undefined),
    onRespond,
  });
  const view = renderWithProviders(<OfferPanel {...props(state)} />);
  return {
    onRespond,
    update: (s: RoomState) => view.rerender(<OfferPanel {...props(s)} />),
  };
}

describe('the offer panel given a new offer event', () => {
  it('a counter-offer supersedes the version it answers in the room state', () => {
    const before = joined([offer(1, 'applicant', '100')]);
    const after = roomReducer(before, { type: 'offer', offer: offer(2, 'poster', '90') });
    expect(after.offers.map((o) => [o.version, o.status])).toEqual([
      [1, 'superseded'],
      [2, 'open'],
    ]);
    // An answer to the current version (accepted by one side) leaves the other versions alone.
    const accepted = roomReducer(after, {
      type: 'offer',
      offer: { ...offer(2, 'poster', '90'), acceptedByApplicant: true },
    });
    expect(accepted.offers.map((o) => o.status)).toEqual(['superseded', 'open']);
  });

  it('updates both sides live and accepts the now current version without a reload', async () => {
    const ue = userEvent.setup({ delay: null });
    const before = joined([offer(1, 'applicant', '100')]);
    const after = roomReducer(before, { type: 'offer', offer: offer(2, 'poster', '90') });

    // The applicant waits on its own version 1; the counter-offer (version 2) arrives.
    const applicant = renderPanel('applicant', before);
    expect(screen.getByTestId('offer-current').dataset.version).toBe('1');
    expect(screen.queryByTestId('offer-accept')).toBeNull();
    act(() => applicant.update(after));
    const current = screen.getByTestId('offer-current');
    expect(current.dataset.version).toBe('2');
    expect(within(current).getByTestId('offer-amount-text').textContent).toBe('90.00 元(0.009 万元)');

    await ue.click(screen.getByTestId('offer-accept'));
    await ue.click(await screen.findByTestId('confirm-ok'));
    await waitFor(() => expect(applicant.onRespond).toHaveBeenCalledWith('o2', 'accept'));
  });

  it("shows the poster its own counter-offer as current, waiting for the other side's answer", () => {
    const before = joined([offer(1, 'applicant', '100')]);
    const poster = renderPanel('poster', before);
    expect(screen.getByTestId('offer-accept')).toBeTruthy();
    act(() => poster.update(roomReducer(before, { type: 'offer', offer: offer(2, 'poster', '90') })));
    expect(screen.getByTestId('offer-current').dataset.version).toBe('2');
    expect(screen.queryByTestId('offer-accept')).toBeNull();
    expect(screen.getByText('等待揭榜方答复')).toBeTruthy();
    const history = screen.getAllByTestId('offer-version').map((e) => [e.dataset.version, e.dataset.status]);
    expect(history).toEqual([
      ['2', 'open'],
      ['1', 'superseded'],
    ]);
  });
});
