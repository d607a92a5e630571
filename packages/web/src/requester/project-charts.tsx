import type { ProjectStats } from '@minga/sdk';
import { BarChart } from './bar-chart.tsx';

/**
 * Throughput and agreement from the project's stats. The API gives the last hour only (no per-hour history),
 * so these are the last hour's counts and the mean agreement, as labelled bars.
 */
export function ProjectCharts({ stats }: { stats: ProjectStats }) {
  const { answers_last_hour, completed_last_hour } = stats.throughput;
  const agreement = stats.agreement;
  return (
    <section aria-label="Charts" className="charts">
      <BarChart
        title="Last hour"
        max={Math.max(answers_last_hour, completed_last_hour, 1)}
        bars={[
          { label: 'Answers', value: answers_last_hour, text: String(answers_last_hour) },
          { label: 'Tasks completed', value: completed_last_hour, text: String(completed_last_hour) },
        ]}
      />
      <BarChart
        title="Agreement"
        max={1}
        bars={[{ label: 'Mean agreement', value: agreement ?? 0, text: agreement === null ? 'no data' : `${Math.round(agreement * 100)}%` }]}
      />
    </section>
  );
}
