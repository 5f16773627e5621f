import { describe, expect, it } from 'vitest';
import { affectedPrefixes, applyLiveNotification } from './live';
import { queryClient } from './query';

describe('live updates', () => {
  it('maps a notification link to its area and the notifications', () => {
    expect(affectedPrefixes('/deals/123?tab=subsidy')).toEqual(['/api/v1/notifications', '/api/v1/deals']);
    expect(affectedPrefixes('/negotiations/9')).toEqual(['/api/v1/notifications', '/api/v1/negotiations']);
    expect(affectedPrefixes(null)).toEqual(['/api/v1/notifications']);
    expect(affectedPrefixes('https://elsewhere.example/x')).toEqual(['/api/v1/notifications']);
  });

  it("marks the area's cached queries stale and leaves the others alone", async () => {
    queryClient.setQueryData(['get', '/api/v1/deals/{id}', { params: { path: { id: '1' } } }], { id: '1' });
    queryClient.setQueryData(['get', '/api/v1/deals', {}], { items: [] });
    queryClient.setQueryData(['get', '/api/v1/listings/{id}', { params: { path: { id: '2' } } }], { id: '2' });
    await applyLiveNotification({ id: 'n1', link: '/deals/1' });
    const stale = (key: unknown[]) => queryClient.getQueryState(key)?.isInvalidated;
    expect(stale(['get', '/api/v1/deals/{id}', { params: { path: { id: '1' } } }])).toBe(true);
    expect(stale(['get', '/api/v1/deals', {}])).toBe(true);
    expect(stale(['get', '/api/v1/listings/{id}', { params: { path: { id: '2' } } }])).toBe(false);
    queryClient.clear();
  });
});
