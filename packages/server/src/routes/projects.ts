import { z } from 'zod';
import { AggregateRequest, AggregateResult, PageQuery, Project, ProjectCreate, ProjectPatch, ProjectStats, page } from '@minga/api-contracts';
import { aggregateAnswers } from '../core/projects/aggregate-answers.ts';
import { projectStats } from '../core/projects/project-counters.ts';
import { createProject, getProject, listProjects, setProjectStatus, updateProject } from '../core/projects/projects.ts';
import { defineRoute } from '../http/route.ts';
import { IdParams } from './params.ts';

export const createProjectRoute = defineRoute({
  method: 'post',
  path: '/v1/projects',
  operationId: 'createProject',
  summary: 'Create a project; returns a project-scoped API key once',
  tag: 'Projects',
  auth: 'required',
  body: ProjectCreate,
  responses: { 201: { description: 'The project and its key', schema: z.object({ project: Project, api_key: z.string() }) } },
  handle: async ({ deps, principal, body }) => ({ status: 201, body: await createProject(deps.store, principal, body) }),
});

export const listProjectsRoute = defineRoute({
  method: 'get',
  path: '/v1/projects',
  operationId: 'listProjects',
  summary: 'List projects',
  tag: 'Projects',
  auth: 'required',
  query: PageQuery.strict(),
  responses: { 200: { description: 'A page of projects', schema: page(Project) } },
  handle: async ({ deps, principal, query }) => ({ status: 200, body: await listProjects(deps.store, principal, query) }),
});

export const getProjectRoute = defineRoute({
  method: 'get',
  path: '/v1/projects/{id}',
  operationId: 'getProject',
  summary: 'Get a project',
  tag: 'Projects',
  auth: 'required',
  params: IdParams,
  responses: { 200: { description: 'The project', schema: Project } },
  handle: async ({ deps, principal, params }) => ({ status: 200, body: await getProject(deps.store, principal, params.id) }),
});

export const updateProjectRoute = defineRoute({
  method: 'patch',
  path: '/v1/projects/{id}',
  operationId: 'updateProject',
  summary: "Change a project's name, description or task defaults",
  tag: 'Projects',
  auth: 'required',
  params: IdParams,
  body: ProjectPatch,
  responses: { 200: { description: 'The project', schema: Project } },
  handle: async ({ deps, principal, params, body }) => ({ status: 200, body: await updateProject(deps.store, principal, params.id, body) }),
});

const statusRoute = (status: 'open' | 'closed', verb: 'open' | 'close') =>
  defineRoute({
    method: 'post',
    path: `/v1/projects/{id}/${verb}`,
    operationId: `${verb}Project`,
    summary: verb === 'open' ? 'Open a project: its tasks are handed out' : 'Close a project: it hands out no work',
    tag: 'Projects',
    auth: 'required',
    params: IdParams,
    responses: { 200: { description: 'The project', schema: Project } },
    handle: async ({ deps, principal, params }) => ({ status: 200, body: await setProjectStatus(deps.store, principal, params.id, status) }),
  });
export const openProjectRoute = statusRoute('open', 'open');
export const closeProjectRoute = statusRoute('closed', 'close');

export const projectStatsRoute = defineRoute({
  method: 'get',
  path: '/v1/projects/{id}/stats',
  operationId: 'getProjectStats',
  summary: 'Counts by status, answers, throughput and agreement (constant time in project size)',
  tag: 'Projects',
  auth: 'required',
  params: IdParams,
  responses: { 200: { description: 'The stats', schema: ProjectStats } },
  handle: async ({ deps, principal, params }) => ({ status: 200, body: await projectStats(deps.store, principal, params.id) }),
});

export const aggregateProjectRoute = defineRoute({
  method: 'post',
  path: '/v1/projects/{id}/aggregate',
  operationId: 'aggregateProject',
  summary: "Aggregate the project's answers offline (majority vote, Wawa, weighted, Dawid-Skene, GLAD, MACE…): per-task answer and confidence, per-helper quality",
  tag: 'Projects',
  auth: 'required',
  params: IdParams,
  body: AggregateRequest,
  responses: { 200: { description: 'The aggregated answers', schema: AggregateResult } },
  handle: async ({ deps, principal, params, body }) => ({ status: 200, body: await aggregateAnswers(deps.store, principal, params.id, body) }),
});
