import type { TestApp } from './test-app.ts';

let helperSeq = 0;

/** Invites a helper to the given projects and accepts the invite; returns its id and session token. */
export async function newHelper(t: TestApp, projectIds: string[], options: { superUser?: boolean; token?: string } = {}): Promise<{ id: string; token: string }> {
  const email = `helper-${Date.now()}-${helperSeq++}@example.test`;
  const invited = await t.call('POST', '/v1/helpers', {
    ...(options.token ? { token: options.token } : {}),
    body: { email, name: `Helper ${helperSeq}`, project_ids: projectIds, super_user: options.superUser ?? false },
  });
  if (invited.status !== 201) throw new Error(`invite failed: ${invited.status} ${invited.text}`);
  const accepted = await t.call('POST', '/v1/auth/accept-invite', { token: null, body: { token: invited.json.invite_token, password: 'a long enough password' } });
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${accepted.text}`);
  return { id: invited.json.helper.id, token: accepted.json.token };
}

/** Claims the next task as the helper; null on 204. */
export async function claim(t: TestApp, token: string, projectId?: string) {
  const r = await t.call('POST', '/v1/work/claim', { token, body: projectId ? { project_id: projectId } : {} });
  if (r.status === 204) return null;
  if (r.status !== 200) throw new Error(`claim failed: ${r.status} ${r.text}`);
  return r.json;
}

export async function submit(t: TestApp, token: string, assignmentId: string, answer: unknown, seconds = 5) {
  return t.call('POST', `/v1/work/assignments/${assignmentId}/submit`, { token, body: { answer, seconds_spent: seconds } });
}
