import type { Kysely } from 'kysely';
import type { Capabilities } from '../capabilities.ts';
import * as m001 from './001-initial.ts';
import * as m002 from './002-work-engine.ts';
import * as m003 from './003-drop-redundant-event-index.ts';
import * as m004 from './004-shard-hourly-throughput.ts';
import * as m005 from './005-webhooks.ts';
import * as m006 from './006-estimated-accuracy.ts';
import * as m007 from './007-credits.ts';
import * as m008 from './008-rate-limits.ts';
import * as m009 from './009-task-callback-url.ts';
import * as m010 from './010-task-tags-without-rowid.ts';

export interface Migration {
  name: string;
  up(db: Kysely<unknown>, caps: Capabilities): Promise<void>;
}

/** Linear and append-only: a released migration is never edited, a change is a new number. */
export const MIGRATIONS: readonly Migration[] = [
  { name: '001-initial', up: m001.up },
  { name: '002-work-engine', up: m002.up },
  { name: '003-drop-redundant-event-index', up: m003.up },
  { name: '004-shard-hourly-throughput', up: m004.up },
  { name: '005-webhooks', up: m005.up },
  { name: '006-estimated-accuracy', up: m006.up },
  { name: '007-credits', up: m007.up },
  { name: '008-rate-limits', up: m008.up },
  { name: '009-task-callback-url', up: m009.up },
  { name: '010-task-tags-without-rowid', up: m010.up },
];
