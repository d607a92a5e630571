import { describe, expectTypeOf, it } from 'vitest';
import {
  AuthError,
  ConflictError,
  InsufficientCreditsError,
  Minga,
  MingaError,
  NotFoundError,
  RateLimitError,
  TaskError,
  ValidationError,
  verifyWebhook,
  type Assignment,
  type Event,
  type FieldIssue,
  type Operation,
  type Page,
  type Project,
  type Task,
  type TaskBatchResult,
  type TaskCreate,
  type TaskStatus,
  type WebhookEvent,
} from '../src/index.ts';

/** The public surface's types: checked by tsc (npm run typecheck) and by vitest's expectTypeOf; nothing here runs a request. */
const minga = new Minga({ apiKey: 'mk_test_x' });

describe('public types', () => {
  it('types task creation by the server schema', () => {
    expectTypeOf(minga.tasks.create).parameter(0).toEqualTypeOf<TaskCreate>();
    expectTypeOf(minga.tasks.create).returns.resolves.toEqualTypeOf<Task>();
    expectTypeOf<TaskCreate>().toHaveProperty('project_id').toEqualTypeOf<string | undefined>();
    expectTypeOf<TaskCreate['type']>().toEqualTypeOf<
      | 'yesno' | 'multi' | 'fill' | 'form' | 'categorization' | 'label_image' | 'label_text' | 'rate_quality'
      | 'verify_fact' | 'moderate_content' | 'compare_rank' | 'answer_question' | 'transcription_review' | undefined
    >();
    expectTypeOf<TaskCreate['priority']>().toEqualTypeOf<number | 'low' | 'normal' | 'high' | 'urgent' | undefined>();
    // @ts-expect-error: not a task field; the server refuses unknown fields, so the types do too.
    void minga.tasks.create({ project_id: 'p', type: 'yesno', colour: 'red' });
    // @ts-expect-error: an AI step type is not a task.
    void minga.tasks.create({ project_id: 'p', type: 'llm_generate' });
  });

  it('types task output with its status, result and submissions', () => {
    expectTypeOf<TaskStatus>().toEqualTypeOf<'pending' | 'in_progress' | 'completed' | 'canceled' | 'error' | 'needs_review'>();
    expectTypeOf<Task['result']>().toEqualTypeOf<{ answer: unknown; summary: string; confidence: number; agreement: number } | null>();
    expectTypeOf<Task['submissions']>().toEqualTypeOf<{ helper_id: string; helper_name: string | null; answer: unknown; seconds_spent: number; submitted_at: string }[] | undefined>();
  });

  it('picks createMany’s result by async_mode', () => {
    expectTypeOf(minga.tasks.createMany([], { async_mode: true })).resolves.toEqualTypeOf<Operation>();
    expectTypeOf(minga.tasks.createMany([], { skip_invalid_items: true })).resolves.toEqualTypeOf<TaskBatchResult>();
    expectTypeOf(minga.tasks.createMany([])).resolves.toEqualTypeOf<TaskBatchResult>();
  });

  it('iterates lists item by item, and pages page by page', () => {
    expectTypeOf(minga.tasks.list()).toExtend<AsyncIterable<Task>>();
    expectTypeOf(minga.projects.list()).toExtend<AsyncIterable<Project>>();
    expectTypeOf(minga.events.list({ after: 'c' })).toExtend<AsyncIterable<Event>>();
    expectTypeOf(minga.tasks.listPage()).resolves.toEqualTypeOf<Page<Task>>();
    expectTypeOf<NonNullable<Parameters<typeof minga.tasks.list>[0]>['status']>().toEqualTypeOf<TaskStatus | undefined>();
  });

  it('types wait, run and the work resource', () => {
    expectTypeOf(minga.tasks.wait).returns.resolves.toEqualTypeOf<Task>();
    expectTypeOf(minga.tasks.run).returns.resolves.toEqualTypeOf<Task>();
    expectTypeOf(minga.work.claim).returns.resolves.toEqualTypeOf<Assignment | null>();
    expectTypeOf(minga.helpers.remove).returns.resolves.toBeVoid();
  });

  it('types the errors', () => {
    expectTypeOf<AuthError>().toExtend<MingaError>();
    expectTypeOf<InsufficientCreditsError>().toExtend<MingaError>();
    expectTypeOf<NotFoundError>().toExtend<MingaError>();
    expectTypeOf<MingaError['status']>().toEqualTypeOf<number | null>();
    expectTypeOf<MingaError['requestId']>().toEqualTypeOf<string | null>();
    expectTypeOf<RateLimitError['retryAfter']>().toEqualTypeOf<number | null>();
    expectTypeOf<ValidationError['details']>().toEqualTypeOf<FieldIssue[]>();
    expectTypeOf<ConflictError['existingTaskId']>().toEqualTypeOf<string | null>();
    expectTypeOf<TaskError['task']>().toEqualTypeOf<Task>();
  });

  it('types verifyWebhook', () => {
    expectTypeOf(verifyWebhook).returns.resolves.toEqualTypeOf<WebhookEvent>();
    expectTypeOf(verifyWebhook).parameter(0).toHaveProperty('payload').toEqualTypeOf<string | Uint8Array>();
  });
});
