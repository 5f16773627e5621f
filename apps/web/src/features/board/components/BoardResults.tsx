/**
 * The board's results once the search answered: the listing cards and the pagination (`PAGE_SIZE` a page), or
 * the empty state — 没有找到符合条件的榜单 with 清除筛选条件, or, past the last page, 该页没有榜单 with 回到第一页.
 */
import type { ListingSearchResponse } from '@jiebang/contracts';
import { Button, Empty, Pagination } from 'antd';
import { PAGE_SIZE } from '../lib/boardQuery';
import { ListingCard } from './ListingCard';

/** Props of `BoardResults`. */
export interface BoardResultsProps {
  data: ListingSearchResponse;
  /** The current page (1-based). */
  page: number;
  /** The board's query string, kept on the cards' links so that 返回 restores the board. */
  boardSearch: string;
  onPage: (page: number) => void;
  onClearFilters: () => void;
}

/** The result list with its pagination, or the empty state. */
export function BoardResults({ data, page, boardSearch, onPage, onClearFilters }: BoardResultsProps) {
  if (data.hits.length === 0) {
    const pastEnd = data.totalHits > 0;
    return (
      <Empty
        data-testid="empty-state"
        className="board-empty"
        description={pastEnd ? '该页没有榜单' : '没有找到符合条件的榜单'}
      >
        {pastEnd ? (
          <Button type="primary" onClick={() => onPage(1)}>
            回到第一页
          </Button>
        ) : (
          <Button type="primary" onClick={onClearFilters} data-testid="clear-filters">
            清除筛选条件
          </Button>
        )}
      </Empty>
    );
  }
  return (
    <>
      <div className="result-list">
        {data.hits.map((hit) => (
          <ListingCard key={hit.id} hit={hit} boardSearch={boardSearch} />
        ))}
      </div>
      <Pagination
        className="board-pagination"
        data-testid="pagination"
        align="center"
        current={page}
        pageSize={PAGE_SIZE}
        total={data.totalHits}
        showSizeChanger={false}
        showTotal={(total) => `共 ${total} 条`}
        onChange={onPage}
      />
    </>
  );
}
