export interface Bar {
  label: string;
  value: number;
  /** What is written after the bar, e.g. "12" or "85%". */
  text: string;
}

const ROW = 28;
const LABEL = 150;
const WIDTH = 480;

/** Horizontal bars as inline SVG (no chart library); `max` is the full width. Its label and each bar's text are read out. */
export function BarChart({ title, bars, max }: { title: string; bars: Bar[]; max: number }) {
  const id = `chart-${title.replaceAll(/\W+/g, '-').toLowerCase()}`;
  const room = WIDTH - LABEL - 60;
  return (
    <figure className="chart">
      <figcaption id={id}>{title}</figcaption>
      <svg role="img" aria-labelledby={id} aria-describedby={`${id}-desc`} viewBox={`0 0 ${WIDTH} ${bars.length * ROW}`} width="100%" style={{ maxWidth: WIDTH }}>
        <desc id={`${id}-desc`}>{bars.map((b) => `${b.label}: ${b.text}`).join('; ')}</desc>
        {bars.map((b, i) => {
          const w = max > 0 ? Math.max(0, Math.min(1, b.value / max)) * room : 0;
          const y = i * ROW;
          return (
            <g key={b.label}>
              <text x={0} y={y + ROW / 2 + 5} className="chart-label">
                {b.label}
              </text>
              <rect x={LABEL} y={y + 4} width={room} height={ROW - 8} className="chart-track" />
              <rect x={LABEL} y={y + 4} width={w} height={ROW - 8} className="chart-bar" />
              <text x={LABEL + room + 8} y={y + ROW / 2 + 5} className="chart-value">
                {b.text}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
