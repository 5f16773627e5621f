/**
 * Renders Meilisearch `_formatted` text, where matches are wrapped in literal `<mark>`…`</mark>` tags and the
 * rest is raw (not HTML-escaped) text. The string is split on the tags and rendered as React text and
 * `<mark>` elements — never as HTML.
 */
import { Fragment } from 'react';

/** One piece of a highlighted string. */
export interface HighlightSegment {
  text: string;
  marked: boolean;
}

const TAG = /<mark>|<\/mark>/g;

/** Splits `<mark>`-tagged text into plain and marked segments (unbalanced tags are tolerated). */
export function splitHighlight(formatted: string): HighlightSegment[] {
  const segments: HighlightSegment[] = [];
  let marked = false;
  let last = 0;
  const push = (text: string) => {
    if (!text) return;
    const prev = segments[segments.length - 1];
    if (prev && prev.marked === marked) prev.text += text;
    else segments.push({ text, marked });
  };
  for (const match of formatted.matchAll(TAG)) {
    push(formatted.slice(last, match.index));
    marked = match[0] === '<mark>';
    last = match.index + match[0].length;
  }
  push(formatted.slice(last));
  return segments;
}

/** Props of `Highlight`. */
export interface HighlightProps {
  /** Text with `<mark>` tags (from `_formatted`); when absent, `text` is shown unhighlighted. */
  formatted?: string | null;
  /** Plain fallback text. */
  text?: string | null;
}

/** Shows `formatted` with its `<mark>` parts highlighted, or the plain `text`. */
export function Highlight({ formatted, text }: HighlightProps) {
  if (!formatted) return <>{text ?? ''}</>;
  return (
    <>
      {splitHighlight(formatted).map((s, i) =>
        s.marked ? <mark key={i}>{s.text}</mark> : <Fragment key={i}>{s.text}</Fragment>,
      )}
    </>
  );
}
