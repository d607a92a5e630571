// The @example blocks of src/verify-webhook.ts, type-checked.
import { Minga, verifyWebhook } from '@minga/sdk';
import { secret } from './context.ts';

export async function verifyWebhookInHandler(): Promise<void> {
  // In any handler that can read the raw body (here a fetch-style Request):
  async function handle(request: Request): Promise<Response> {
    const event = await verifyWebhook({
      payload: await request.text(),
      header: request.headers.get('Minga-Signature'),
      secret: process.env.MINGA_WEBHOOK_SECRET ?? '',
    });
    if (event.event === 'task.completed') console.log('done:', event.task_id);
    return new Response(null, { status: 204 });
  }
}
