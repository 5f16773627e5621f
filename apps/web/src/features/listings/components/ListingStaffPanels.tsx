/**
 * Panels of the listing detail page for staff and for the poster's own users: 匹配候选 (ranked eligible
 * organisations) and 资格查询. Nothing is shown (or fetched) for anyone else.
 */
import { ORG_TYPE_LABELS, type ListingDetail } from '@jiebang/contracts';
import { useMemo, useState } from 'react';
import { getListingMatches } from '../../../api/client';
import { isStaff, useAuth } from '../../../auth/useAuth';
import { useApi } from '../../../shared/hooks/useApi';
import { regionLabel } from '../../../shared/lib/format';
import { EligibilityBox } from '../../organisations/components/EligibilityBox';
import { MatchCandidatesCard } from './MatchCandidates';
import type { OrgOption } from '../../organisations/components/OrgSelect';

/** Candidates per page. */
const MATCH_PAGE_SIZE = 10;

/** The panels, fetched for a user allowed to see them. */
function Panels({ listingId, userId }: { listingId: string; userId: string }) {
  const [page, setPage] = useState(1);
  const { data, error, loading, retry } = useApi(`listing-matches:${listingId}:${page}:${userId}`, (signal) =>
    getListingMatches(listingId, { page, pageSize: MATCH_PAGE_SIZE }, signal),
  );
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
        error={error}
        loading={loading}
        retry={retry}
        page={page}
        pageSize={MATCH_PAGE_SIZE}
        onPageChange={setPage}
      />
      <EligibilityBox listingId={listingId} presetOptions={presetOptions} />
    </div>
  );
}

/** Shows the panels to staff and to users of the posting organisation. */
export function ListingStaffPanels({ listing }: { listing: ListingDetail }) {
  const { user } = useAuth();
  const allowed = !!user && (isStaff(user) || (!!user.orgId && user.orgId === listing.poster?.id));
  if (!user || !allowed) return null;
  return <Panels key={listing.id} listingId={listing.id} userId={user.id} />;
}
