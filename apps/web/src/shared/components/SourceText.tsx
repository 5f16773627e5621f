/** A record's source: a link when it is a URL, plain text (文号, 工商登记…) otherwise. */
export function SourceText({ source }: { source: string | null | undefined }) {
  if (!source) return <span className="empty-value">未注明</span>;
  if (/^https?:\/\//i.test(source.trim())) {
    return (
      <a href={source.trim()} target="_blank" rel="noopener noreferrer" className="source-text">
        {source.trim()}
      </a>
    );
  }
  return <span className="source-text">{source}</span>;
}
