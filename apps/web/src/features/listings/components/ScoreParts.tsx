/** A match score (0–100, plus up to 5 for a carrier's service capacity: issue 15 §8) and its named parts, each as a labelled bar with its explanation in a tooltip. */
import type { ScorePart } from '@jiebang/contracts';
import { Progress, Tooltip } from 'antd';

/** `12.345` → `12.3`, `12` → `12`. */
export function formatPoints(points: number): string {
  return String(Math.round(points * 10) / 10);
}

/** Colour of a score: green ≥ 75, blue ≥ 50, orange otherwise. */
function scoreColor(score: number): string {
  if (score >= 75) return '#389e0d';
  if (score >= 50) return '#0b4ea2';
  return '#d48806';
}

/** The total score as a small ring. */
export function ScoreBadge({ score, size = 56 }: { score: number; size?: number }) {
  const value = Math.max(0, Math.min(100, score));
  return (
    <div
      className="score-badge"
      data-testid="match-score"
      data-score={score}
      title={`匹配度 ${formatPoints(score)} 分(满分 100;载体服务能力另加至多 5 分)`}
    >
      <Progress
        type="circle"
        size={size}
        percent={value}
        strokeColor={scoreColor(value)}
        format={() => <span className="score-badge-value">{formatPoints(score)}</span>}
      />
      <span className="score-badge-caption">匹配度</span>
    </div>
  );
}

/** The parts of a score: label, bar (points / max) and points; hover for the explanation. */
export function ScoreParts({ parts }: { parts: ScorePart[] }) {
  if (parts.length === 0) return null;
  return (
    <ul className="score-parts" aria-label="得分构成">
      {parts.map((p) => {
        const percent = p.max > 0 ? Math.max(0, Math.min(100, (p.points / p.max) * 100)) : 0;
        return (
          <Tooltip key={p.name} title={p.explanation} placement="top">
            <li
              className="score-part"
              data-testid="score-part"
              data-name={p.name}
              tabIndex={0}
              aria-label={`${p.label} ${formatPoints(p.points)}/${formatPoints(p.max)}：${p.explanation}`}
            >
              <span className="score-part-label">{p.label}</span>
              <Progress
                className="score-part-bar"
                percent={percent}
                showInfo={false}
                size="small"
                strokeColor="#0b4ea2"
              />
              <span className="score-part-points">
                {formatPoints(p.points)}/{formatPoints(p.max)}
              </span>
            </li>
          </Tooltip>
        );
      })}
    </ul>
  );
}
