/**
 * Panels of the listing detail page for staff and for the poster's own users: 匹配候选 (ranked eligible
 * organisations) and 资格查询. Nothing is shown (or fetched) for anyone else.
 */
import { ORG_TYPE_LABELS } from '@jiebang/contracts';
import { useMemo, useState } from 'react';
import { $api } from '../../../api/query';
import { isStaff, useAuth } from '../../../auth/useAuth';
import { regionLabel } from '../../../shared/lib/format';
import { EligibilityBox } from '../../organisations/components/EligibilityBox';
import { MatchCandidatesCard } from './MatchCandidates';
import type { OrgOption } from '../../organisations/components/OrgSelect';
import type { ListingDetailDto } from '../lib/listingDto';

/** Candidates per page. */
const MATCH_PAGE_SIZE = 10;

/** The panels, fetched for a user allowed to see them. */
function Panels({ listingId }: { listingId: string }) {
  const [page, setPage] = useState(1);
  const matches = $api.useQuery(
    'get',
    '/api/v1/listings/{id}/matches',
    { params: { path: { id: listingId }, query: { page, pageSize: MATCH_PAGE_SIZE } } },
    { placeholderData: (previous) => previous },
  );
  const data = matches.data;
  const presetOptions = useMemo<OrgOption[]>(
    () =>
      (data?.items ?? []).map((m) => ({
        value: m.orgId,
        label: m.name,
        hint: [ORG_TYPE_LABELS[m.type] ?? m.type, regionLabel(m.regionCode, m.regionName), `匹配度 ${m.score}`]
          .filter(Boolean)
          .join(' · '),
      })),
    [data],
  );
  return (
    <div className="listing-panels" data-testid="listing-panels">
      <MatchCandidatesCard
        data={data}
        error={matches.error}
        loading={matches.isPending}
        retry={() => void matches.refetch()}
        page={page}
        pageSize={MATCH_PAGE_SIZE}
        onPageChange={setPage}
      />
      <EligibilityBox listingId={listingId} presetOptions={presetOptions} />
    </div>
  );
}

/** Shows the panels to staff and to users of the posting organisation. */
export function ListingStaffPanels({ listing }: { listing: ListingDetailDto }) {
  const { user } = useAuth();
  const allowed = !!user && (isStaff(user) || (!!user.orgId && user.orgId === listing.poster?.id));
  if (!user || !allowed) return null;
  // Keyed by the user too: another session starts on page 1 (the cache is cleared at logout).
  return <Panels key={`${listing.id}:${user.id}`} listingId={listing.id} />;
}
