// The @example blocks of src/resources/work.ts, type-checked.
import { helper, projectId, assignmentId } from './context.ts';

export async function workProjects(): Promise<void> {
  const { data } = await helper.work.projects();
  console.log(data.map((p) => `${p.name} (level ${p.skill_level})`));
}

export async function workClaim(): Promise<void> {
  const assignment = await helper.work.claim({ project_id: projectId });
  if (assignment) console.log(assignment.task?.content, assignment.lease_expires_at);
}

export async function workSubmit(): Promise<void> {
  const { assignment, feedback } = await helper.work.submit(assignmentId, { answer: 'yes', seconds_spent: 4 });
  console.log(assignment.status, feedback?.correct);
}

export async function workRelease(): Promise<void> {
  await helper.work.release(assignmentId);
}

export async function workHeartbeat(): Promise<void> {
  const { lease_expires_at } = await helper.work.heartbeat(assignmentId);
}
