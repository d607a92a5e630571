import { z } from 'zod';
import { Assignment, ClaimBody, SubmitBody, SubmitResult } from '@minga/api-contracts';
import { claimTask, listWorkProjects } from '../core/work/claim-task.ts';
import { heartbeatAssignment, releaseAssignment } from '../core/work/release-assignment.ts';
import { submitAssignment } from '../core/work/submit-assignment.ts';
import { defineRoute } from '../http/route.ts';
import { IdParams } from './params.ts';

export const workProjectsRoute = defineRoute({
  method: 'get',
  path: '/v1/work/projects',
  operationId: 'listWorkProjects',
  summary: 'The open projects the caller may work on, with its skill level in each',
  tag: 'Work',
  auth: 'required',
  audience: 'worker',
  responses: {
    200: { description: 'Projects', schema: z.object({ data: z.array(z.object({ id: z.string(), name: z.string(), description: z.string().nullable(), skill_level: z.int() })) }) },
  },
  handle: async ({ deps, principal }) => ({ status: 200, body: await listWorkProjects(deps.store, principal) }),
});

export const claimRoute = defineRoute({
  method: 'post',
  path: '/v1/work/claim',
  operationId: 'claimTask',
  summary: 'Lease the next task to answer (highest priority first); 204 when there is no work',
  tag: 'Work',
  auth: 'required',
  audience: 'worker',
  body: ClaimBody,
  responses: { 200: { description: 'An assignment with its task', schema: Assignment }, 204: { description: 'No work right now' } },
  handle: async ({ deps, principal, body }) => {
    const assignment = await claimTask(deps.store, principal, body);
    return assignment ? { status: 200, body: assignment } : { status: 204 };
  },
});

export const submitRoute = defineRoute({
  method: 'post',
  path: '/v1/work/assignments/{id}/submit',
  operationId: 'submitAssignment',
  summary: "Submit the answer of a live assignment, with the seconds the task was visible",
  tag: 'Work',
  auth: 'required',
  audience: 'worker',
  params: IdParams,
  body: SubmitBody,
  responses: { 200: { description: 'The submitted assignment, and feedback after a control task', schema: SubmitResult } },
  handle: async ({ deps, principal, params, body }) => ({ status: 200, body: await submitAssignment(deps.store, principal, params.id, body, deps.config.credits) }),
});

export const releaseRoute = defineRoute({
  method: 'post',
  path: '/v1/work/assignments/{id}/release',
  operationId: 'releaseAssignment',
  summary: 'Skip: give the task back at once',
  tag: 'Work',
  auth: 'required',
  audience: 'worker',
  params: IdParams,
  responses: { 200: { description: 'The released assignment', schema: Assignment } },
  handle: async ({ deps, principal, params }) => ({ status: 200, body: await releaseAssignment(deps.store, principal, params.id) }),
});

export const heartbeatRoute = defineRoute({
  method: 'post',
  path: '/v1/work/assignments/{id}/heartbeat',
  operationId: 'heartbeatAssignment',
  summary: 'Extend a live lease by the task’s claim timeout',
  tag: 'Work',
  auth: 'required',
  audience: 'worker',
  params: IdParams,
  responses: { 200: { description: 'The assignment with its new expiry', schema: Assignment } },
  handle: async ({ deps, principal, params }) => ({ status: 200, body: await heartbeatAssignment(deps.store, principal, params.id) }),
});
