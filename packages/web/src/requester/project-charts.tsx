import type { ProjectStats } from '@minga/sdk';
import { BarChart } from './bar-chart.tsx';

/**
 * Answers per hour over the last 24 hours (the hours with any), and the mean agreement of decided tasks, as
 * labelled inline-SVG bars.
 */
export function ProjectCharts({ stats }: { stats: ProjectStats }) {
  const hourly = stats.throughput.hourly;
  const agreement = stats.agreement;
  const peak = Math.max(1, ...hourly.map((h) => h.answers));
  return (
    <section aria-label="Charts" className="charts">
      <BarChart
        title="Answers per hour (last 24 hours, UTC)"
        max={peak}
        bars={
          hourly.length === 0
            ? [{ label: 'No answers yet', value: 0, text: '0' }]
            : hourly.map((h) => ({ label: `${h.hour.slice(5, 10)} ${h.hour.slice(11)}:00`, value: h.answers, text: `${h.answers} (${h.completed} completed)` }))
        }
      />
      <BarChart
        title="Agreement"
        max={1}
        bars={[{ label: 'Mean agreement', value: agreement ?? 0, text: agreement === null ? 'no data' : `${Math.round(agreement * 100)}%` }]}
      />
    </section>
  );
}
