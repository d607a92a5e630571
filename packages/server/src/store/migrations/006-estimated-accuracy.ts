import type { Kysely } from 'kysely';
import type { Capabilities } from '../capabilities.ts';

/**
 * A helper's accuracy in a project as estimated by offline aggregation (agreement with the aggregated
 * answers, e.g. Dawid-Skene), for the helpers `dynamic` consensus would otherwise weigh at a default
 * because they have answered no control task.
 */
export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema.alterTable('skills').addColumn('estimated_accuracy', 'double precision').execute();
  await db.schema.alterTable('skills').addColumn('estimated_at', 'text').execute();
}
