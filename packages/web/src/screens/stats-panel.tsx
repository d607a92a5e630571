import type { HelperStats } from '@minga/sdk';
import { useEffect, useState } from 'react';
import { client, type StoredSession } from '../session.ts';

const percent = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);

/** The helper's own figures: answers, control accuracy, skill level, earnings. `version` reloads them. */
export function StatsPanel({ session, version = 0, compact = false }: { session: StoredSession; version?: number; compact?: boolean }) {
  const [stats, setStats] = useState<HelperStats | null>(null);
  useEffect(() => {
    let live = true;
    client(session.token)
      .helpers.stats(session.user.id)
      .then((s) => live && setStats(s))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [session, version]);
  if (!stats) return null;
  const figures: [string, string][] = [
    ['Answers today', String(stats.answers_today)],
    ['Answers', String(stats.answers)],
    ['Accuracy', percent(stats.accuracy)],
    ['Skill level', `${stats.skill_level} / 5`],
    ['Earnings', stats.earnings.toFixed(2)],
  ];
  return (
    <section aria-label="Your stats" className={compact ? 'stats compact' : 'stats'}>
      {!compact && <h2>Your stats</h2>}
      <dl>
        {figures.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
