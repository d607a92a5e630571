// The @example blocks of src/resources/helpers.ts, type-checked.
import { minga, helper, projectId, helperId } from './context.ts';

export async function helpersInvite(): Promise<void> {
  const invite = await minga.helpers.invite({ email: 'ana@example.com', name: 'Ana', project_ids: [projectId] });
  console.log(invite.invite_url);
}

export async function helpersList(): Promise<void> {
  for await (const helper of minga.helpers.list()) console.log(helper.email, helper.status);
}

export async function helpersListPage(): Promise<void> {
  const page = await minga.helpers.listPage({ limit: 20 });
}

export async function helpersGet(): Promise<void> {
  const helper = await minga.helpers.get(helperId);
}

export async function helpersUpdate(): Promise<void> {
  await minga.helpers.update(helperId, { project_ids: [projectId], super_user: true });
}

export async function helpersRemove(): Promise<void> {
  await minga.helpers.remove(helperId);
}

export async function helpersStats(): Promise<void> {
  const stats = await minga.helpers.stats(helperId);
  console.log(stats.accuracy, stats.skill_level);
}
