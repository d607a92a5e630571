// The @example blocks of src/minga.ts, type-checked.
import { Minga } from '@minga/sdk';
import { minga } from './context.ts';

export async function newMinga(): Promise<void> {
  const minga = new Minga({ apiKey: 'mk_live_…', baseUrl: 'http://127.0.0.1:8080' });
  const { project } = await minga.projects.create({ name: 'Cats', defaults: { type: 'yesno' } });
  const task = await minga.tasks.create({ project_id: project.id, content: 'Is this a cat?' });
}

export async function mingaMe(): Promise<void> {
  const me = await minga.me();
  console.log(me.account.name, me.api_key?.mode ?? me.user?.role);
}
