// The @example blocks of src/errors.ts, type-checked.
import { Minga, MingaError, AuthError, InsufficientCreditsError, ValidationError, NotFoundError, ConflictError, RateLimitError, ConnectionError, TaskError, WaitTimeoutError, WebhookVerificationError, verifyWebhook } from '@minga/sdk';
import { minga, projectId, taskId, rawBody, signature, secret } from './context.ts';

export async function mingaError(): Promise<void> {
  try {
    await minga.tasks.get('tsk_does_not_exist');
  } catch (error) {
    if (error instanceof MingaError) console.log(error.status, error.code, error.requestId);
  }
}

export async function authError(): Promise<void> {
  const anonymous = new Minga({ apiKey: 'mk_live_revoked' });
  await anonymous.me().catch((error: unknown) => {
    if (error instanceof AuthError) console.log('check MINGA_API_KEY:', error.message);
  });
}

export async function insufficientCreditsError(): Promise<void> {
  await minga.tasks.create({ project_id: projectId, type: 'yesno', content: 'Cat?', reward: 5 }).catch((error: unknown) => {
    if (error instanceof InsufficientCreditsError) console.log('top up:', error.message);
  });
}

export async function validationError(): Promise<void> {
  await minga.tasks.create({ project_id: projectId, type: 'yesno', priority: 101 }).catch((error: unknown) => {
    if (error instanceof ValidationError) for (const issue of error.details) console.log(issue.field, issue.message);
  });
}

export async function notFoundError(): Promise<void> {
  const task = await minga.tasks.get(taskId).catch((error: unknown) => {
    if (error instanceof NotFoundError) return null;
    throw error;
  });
}

export async function conflictError(): Promise<void> {
  const task = await minga.tasks.create({ project_id: projectId, type: 'yesno', content: 'Cat?', unique_id: 'photo-1' }).catch((error: unknown) => {
    if (error instanceof ConflictError && error.existingTaskId) return minga.tasks.get(error.existingTaskId);
    throw error;
  });
}

export async function rateLimitError(): Promise<void> {
  const slow = new Minga({ apiKey: 'mk_live_…', maxRetries: 0 });
  await slow.tasks.get(taskId).catch((error: unknown) => {
    if (error instanceof RateLimitError) console.log(`try again in ${error.retryAfter ?? 1} s`);
  });
}

export async function connectionError(): Promise<void> {
  const offline = new Minga({ baseUrl: 'http://127.0.0.1:9', maxRetries: 0 });
  await offline.me().catch((error: unknown) => {
    if (error instanceof ConnectionError) console.log('is the server running?', error.code);
  });
}

export async function taskError(): Promise<void> {
  await minga.tasks.wait(taskId).catch((error: unknown) => {
    if (error instanceof TaskError) console.log(error.task.id, 'ended', error.task.status);
  });
}

export async function waitTimeoutError(): Promise<void> {
  await minga.tasks.wait(taskId, { timeoutMs: 5_000 }).catch((error: unknown) => {
    if (error instanceof WaitTimeoutError) console.log('still', error.task.status);
  });
}

export async function webhookVerificationError(): Promise<void> {
  const event = await verifyWebhook({ payload: rawBody, header: signature, secret }).catch((error: unknown) => {
    if (error instanceof WebhookVerificationError) return null;
    throw error;
  });
}
