/** The board's search box (antd `Input.Search`), controlled, submitting on Enter or the button. */
import { SearchOutlined } from '@ant-design/icons';
import { Input, type InputRef } from 'antd';

/** Props of `SearchBox`. */
export interface SearchBoxProps {
  value: string;
  onChange: (value: string) => void;
  /** Called with the trimmed text on Enter, on the search button, and with `''` when cleared. */
  onSearch: (value: string) => void;
}

/**
 * antd puts `data-*` props of `Input.Search` on its wrapper; tests need `data-testid="search-input"` on the
 * `<input>` itself, so it is set through the ref.
 */
function tagInput(ref: InputRef | null): void {
  ref?.input?.setAttribute('data-testid', 'search-input');
}

/** Full-text search box of the board. */
export function SearchBox({ value, onChange, onSearch }: SearchBoxProps) {
  return (
    <Input.Search
      ref={tagInput}
      className="board-search"
      data-testid="search-box"
      size="large"
      allowClear
      enterButton={
        <span>
          <SearchOutlined /> 搜索
        </span>
      }
      placeholder="搜索成果名称、单位、关键词"
      aria-label="搜索榜单"
      maxLength={200}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      onSearch={(v) => onSearch(v.trim())}
    />
  );
}
