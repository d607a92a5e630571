import { z } from 'zod';
import { CreateTasksQuery, Operation, Task, TaskCreateFields } from '@minga/api-contracts';
import { DomainError } from '../core/domain-error.ts';
import { createTasksOperation } from '../core/operations/create-tasks-operation.ts';
import { createTasks } from '../core/tasks/create-tasks.ts';
import { defineRoute } from '../http/route.ts';

export const MAX_SYNC_ITEMS = 5_000;

const ItemError = z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() });

export const createTasksRoute = defineRoute({
  method: 'post',
  path: '/v1/tasks',
  operationId: 'createTasks',
  summary: 'Create one task, or an array of up to 5,000 (any number with async_mode=true)',
  tag: 'Tasks',
  auth: 'required',
  query: CreateTasksQuery,
  bodyDoc: z.union([TaskCreateFields.meta({ id: 'TaskCreate' }), z.array(TaskCreateFields)]),
  tasksCreated: (body) => (Array.isArray(body) ? body.length : 1),
  responses: {
    201: {
      description: 'The task (single) or the created items and per-item errors by index (array)',
      schema: z.union([Task, z.object({ items: z.record(z.string(), Task), validation_errors: z.record(z.string(), ItemError) })]),
    },
    202: { description: 'The operation that creates the tasks in the background', schema: Operation },
  },
  handle: async ({ deps, principal, query, body }) => {
    const single = !Array.isArray(body);
    const items = single ? [body] : (body as unknown[]);
    if (query.operation_id !== undefined && !query.async_mode) {
      throw new DomainError('validation_error', 'operation_id: is only used with async_mode=true', [{ field: 'query.operation_id', message: 'needs async_mode=true' }]);
    }
    if (query.async_mode) {
      const { operation } = await createTasksOperation(deps.store, principal, items, {
        skipInvalidItems: query.skip_invalid_items,
        operationId: query.operation_id,
      });
      deps.onOperationQueued();
      return { status: 202, body: operation };
    }
    if (items.length > MAX_SYNC_ITEMS) {
      throw new DomainError('validation_error', `at most ${MAX_SYNC_ITEMS} tasks per request; use async_mode=true for more`, [
        { field: '(body)', message: `has ${items.length} items; the limit is ${MAX_SYNC_ITEMS}` },
      ]);
    }
    if (items.length === 0) throw new DomainError('validation_error', 'the array is empty', [{ field: '(body)', message: 'must hold at least one task' }]);
    const result = await createTasks(deps.store, principal, items, { skipInvalidItems: query.skip_invalid_items && !single, single, credits: deps.config.credits });
    if (single) return { status: 201, json: result.items[0]?.[1] as string };
    const created = result.items.map(([index, json]) => `"${index}":${json}`).join(',');
    return { status: 201, json: `{"items":{${created}},"validation_errors":${JSON.stringify(result.validation_errors)}}` };
  },
});
