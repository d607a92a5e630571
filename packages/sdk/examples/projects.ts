// The @example blocks of src/resources/projects.ts, type-checked.
import { minga, projectId } from './context.ts';

export async function projectsCreate(): Promise<void> {
  const { project, api_key } = await minga.projects.create({ name: 'Sentiment', defaults: { type: 'label_text', overlap: 3 } });
  console.log(project.id, api_key);
}

export async function projectsList(): Promise<void> {
  for await (const project of minga.projects.list()) console.log(project.name, project.status);
}

export async function projectsListPage(): Promise<void> {
  const page = await minga.projects.listPage({ limit: 10 });
  console.log(page.data.map((p) => p.name));
}

export async function projectsGet(): Promise<void> {
  const project = await minga.projects.get(projectId);
  console.log(project.defaults);
}

export async function projectsUpdate(): Promise<void> {
  await minga.projects.update(projectId, { defaults: { overlap: 5 }, quality: { control_rate: 0.2 } });
}

export async function projectsOpen(): Promise<void> {
  const project = await minga.projects.open(projectId);
}

export async function projectsClose(): Promise<void> {
  const project = await minga.projects.close(projectId);
  console.log(project.status); // 'closed'
}

export async function projectsStats(): Promise<void> {
  const stats = await minga.projects.stats(projectId);
  console.log(`${stats.tasks.completed}/${stats.tasks.total} done`);
}

export async function projectsAggregate(): Promise<void> {
  const result = await minga.projects.aggregate(projectId, { method: 'dawid_skene' });
  for (const t of result.tasks) console.log(t.task_id, t.answer, t.confidence);
}
