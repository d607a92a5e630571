import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../support/stores.ts';
import { openTestApp, type TestApp } from '../support/test-app.ts';

// POST /v1/tasks with one task object: defaults, aliases, priority words, project defaults, and refusals.
describeEachStore('POST /v1/tasks (one task)', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(ctx.store);
  });

  const create = async (body: Record<string, unknown>, projectBody?: Record<string, unknown>) => {
    const project = await t.newProject(t.adminKey, projectBody);
    const r = await t.call('POST', '/v1/tasks', { body: { project_id: project.id, ...body } });
    return { ...r, projectId: project.id };
  };
  const fields = (r: { json: { error: { details: { field: string }[] } } }) => r.json.error.details.map((d) => d.field);

  it('creates a task and answers 201 with every default filled in', async () => {
    const r = await create({ type: 'yesno', content: 'Is the sky blue?' });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({
      project_id: r.projectId,
      type: 'yesno',
      status: 'pending',
      test: false,
      format: 'markdown',
      content: 'Is the sky blue?',
      priority: 50,
      overlap: 1,
      consensus_strategy: 'any_first',
      max_overlap: 1,
      quorum: null,
      super_user_override: true,
      claim_timeout_minutes: 30,
      answer_count: 0,
      result: null,
      tags: [],
      metadata: {},
      unique_id: null,
      review_status: null,
      times_redone: 0,
      execution_mode: 'human',
    });
    expect(r.json.id).toEqual(expect.any(String));
    expect(new Date(r.json.created_at).toISOString()).toBe(r.json.created_at);
    const read = await t.call('GET', `/v1/tasks/${r.json.id}`);
    expect(read.status).toBe(200);
    expect({ ...read.json, submissions: undefined }).toEqual({ ...r.json, submissions: undefined });
  });

  it('picks majority_vote when more than one answer is wanted', async () => {
    const r = await create({ type: 'yesno', content: 'Cat?', overlap: 3 });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ overlap: 3, consensus_strategy: 'majority_vote', max_overlap: 3 });
  });

  it('keeps an explicit consensus strategy', async () => {
    const r = await create({ type: 'yesno', content: 'Cat?', overlap: 2, consensus_strategy: 'unanimous' });
    expect(r.status).toBe(201);
    expect(r.json.consensus_strategy).toBe('unanimous');
  });

  it('accepts the seed documents\u2019 aliases and answers with the canonical names', async () => {
    const r = await create({
      type: 'label_text',
      instruction: 'Label the sentiment',
      params: { text: 'I love it', categories: ['positive', 'negative'] },
      assignments_required: 5,
      num_answers: 3,
      webhook_url: 'https://example.com/hook',
    });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({
      content: 'Label the sentiment',
      input: { text: 'I love it', categories: ['positive', 'negative'] },
      overlap: 5,
      quorum: 3,
      consensus_strategy: 'quorum',
      callback_url: 'https://example.com/hook',
    });
    for (const alias of ['instruction', 'params', 'assignments_required', 'num_answers', 'webhook_url']) expect(r.json).not.toHaveProperty(alias);
  });

  it('lets num_answers alone imply the quorum strategy', async () => {
    const r = await create({ type: 'yesno', content: 'Cat?', num_answers: 2 });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ quorum: 2, consensus_strategy: 'quorum', overlap: 1 });
    expect(r.json.max_overlap).toBeGreaterThanOrEqual(2);
  });

  it('reads T4SK\u2019s html: 1 as format html, and html: 0 as markdown', async () => {
    const html = await create({ type: 'yesno', content: '<b>Cat?</b>', html: 1 });
    expect(html.status).toBe(201);
    expect(html.json.format).toBe('html');
    expect(html.json).not.toHaveProperty('html');
    const markdown = await create({ type: 'yesno', content: '**Cat?**', html: 0 });
    expect(markdown.json.format).toBe('markdown');
  });

  it('refuses an alias that contradicts its canonical field, naming the alias', async () => {
    const r = await create({ type: 'yesno', content: 'one', instruction: 'two' });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('validation_error');
    expect(fields(r)).toEqual(['instruction']);
    expect(r.json.error.message).toContain('content');
  });

  it('accepts an alias that repeats its canonical field with the same value', async () => {
    const r = await create({ type: 'yesno', content: 'same', instruction: 'same', overlap: 2, assignments_required: 2 });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ content: 'same', overlap: 2 });
  });

  it('refuses html that contradicts format', async () => {
    const r = await create({ type: 'yesno', content: 'x', html: true, format: 'markdown' });
    expect(r.status).toBe(400);
    expect(fields(r)).toEqual(['html']);
  });

  it.each([
    ['low', 25],
    ['normal', 50],
    ['high', 75],
    ['urgent', 100],
  ])('turns the priority word %s into %i', async (word, value) => {
    const r = await create({ type: 'yesno', content: 'Cat?', priority: word });
    expect(r.status).toBe(201);
    expect(r.json.priority).toBe(value);
  });

  it.each([[101], [-1], [2.5], ['asap']])('refuses the priority %j, naming priority', async (priority) => {
    const r = await create({ type: 'yesno', content: 'Cat?', priority });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('validation_error');
    expect(fields(r)).toEqual(['priority']);
  });

  it('returns metadata, passthrough, tags, description and unique_id untouched', async () => {
    const metadata = { batch: 7, nested: { ok: true, list: [1, 'two'] } };
    const r = await create({
      type: 'yesno',
      content: 'Cat?',
      description: 'short',
      metadata,
      passthrough: 'opaque',
      tags: ['a', 'b'],
      unique_id: `u-${Math.random()}`,
    });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ metadata, passthrough: 'opaque', tags: ['a', 'b'], description: 'short' });
    const read = await t.call('GET', `/v1/tasks/${r.json.id}`);
    expect(read.json.metadata).toEqual(metadata);
  });

  it('takes a left-out field from the project defaults, and lets a task field override a default', async () => {
    const defaults = { priority: 'high', overlap: 3, tags: ['from-project'], claim_timeout_minutes: 60, instruction: 'Default work', html: 1 };
    const project = await t.newProject(t.adminKey, { defaults });
    const inherited = await t.call('POST', '/v1/tasks', { body: { project_id: project.id, type: 'yesno' } });
    expect(inherited.status).toBe(201);
    expect(inherited.json).toMatchObject({
      priority: 75,
      overlap: 3,
      consensus_strategy: 'majority_vote',
      tags: ['from-project'],
      claim_timeout_minutes: 60,
      content: 'Default work',
      format: 'html',
    });
    const own = await t.call('POST', '/v1/tasks', {
      body: { project_id: project.id, type: 'yesno', priority: 10, overlap: 1, tags: ['own'], content: 'Own work', format: 'markdown' },
    });
    expect(own.status).toBe(201);
    expect(own.json).toMatchObject({ priority: 10, overlap: 1, consensus_strategy: 'any_first', tags: ['own'], content: 'Own work', format: 'markdown', claim_timeout_minutes: 60 });
    // The tag filter sees the inherited tag too.
    const listed = await t.call('GET', `/v1/tasks?project_id=${project.id}&tag=from-project`);
    expect(listed.json.data.map((x: { id: string }) => x.id)).toEqual([inherited.json.id]);
  });

  it('leaves a default quorum behind when a task picks another consensus strategy', async () => {
    const project = await t.newProject(t.adminKey, { defaults: { num_answers: 2 } });
    const quorum = await t.call('POST', '/v1/tasks', { body: { project_id: project.id, type: 'yesno', content: 'x' } });
    expect(quorum.json).toMatchObject({ consensus_strategy: 'quorum', quorum: 2 });
    const majority = await t.call('POST', '/v1/tasks', { body: { project_id: project.id, type: 'yesno', content: 'x', overlap: 3, consensus_strategy: 'majority_vote' } });
    expect(majority.status).toBe(201);
    expect(majority.json).toMatchObject({ consensus_strategy: 'majority_vote', quorum: null, overlap: 3 });
  });

  it('lets a project default type stand in for a task that leaves type out', async () => {
    const project = await t.newProject(t.adminKey, { defaults: { type: 'verify_fact' } });
    const r = await t.call('POST', '/v1/tasks', { body: { project_id: project.id, input: { claim: 'Water is wet', context: 'Physics' } } });
    expect(r.status).toBe(201);
    expect(r.json.type).toBe('verify_fact');
  });

  it('applies defaults changed with PATCH /v1/projects/{id} to tasks created afterwards', async () => {
    const project = await t.newProject(t.adminKey, { defaults: { priority: 'low' } });
    const before = await t.call('POST', '/v1/tasks', { body: { project_id: project.id, type: 'yesno', content: 'x' } });
    const patched = await t.call('PATCH', `/v1/projects/${project.id}`, { body: { defaults: { priority: 'urgent' } } });
    expect(patched.status).toBe(200);
    const after = await t.call('POST', '/v1/tasks', { body: { project_id: project.id, type: 'yesno', content: 'x' } });
    expect([before.json.priority, after.json.priority]).toEqual([25, 100]);
  });

  it('refuses a task without type or without project_id, naming the field', async () => {
    const noType = await create({ content: 'x' });
    expect(noType.status).toBe(400);
    expect(fields(noType)).toEqual(['type']);
    const noProject = await t.call('POST', '/v1/tasks', { body: { type: 'yesno', content: 'x' } });
    expect(noProject.status).toBe(400);
    expect(fields(noProject)).toEqual(['project_id']);
  });

  it('answers 404 for a project of another account or one that does not exist', async () => {
    const theirs = await t.newProject((await t.newAccount('Other')).apiKey);
    for (const projectId of [theirs.id, 'no-such-project']) {
      const r = await t.call('POST', '/v1/tasks', { body: { project_id: projectId, type: 'yesno', content: 'x' } });
      expect(r.status).toBe(404);
      expect(r.json.error.code).toBe('not_found');
    }
  });

  it.each(['llm_generate', 'data_transform', 'web_research', 'document_parse', 'pii_detect', 'code_execute'])(
    'refuses the AI step type %s with 422 unsupported_task_type pointing to /v1/pipelines',
    async (type) => {
      const r = await create({ type, content: 'Summarise this' });
      expect(r.status).toBe(422);
      expect(r.json.error.code).toBe('unsupported_task_type');
      expect(r.json.error.message).toContain('/v1/pipelines');
      expect(r.json.error.request_id).toEqual(expect.any(String));
    },
  );

  it('refuses an unknown type with 400 naming type', async () => {
    const r = await create({ type: 'sentiment', content: 'x' });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('validation_error');
    expect(fields(r)).toEqual(['type']);
  });

  it('refuses a misspelt field instead of silently dropping it, naming the field', async () => {
    const r = await create({ type: 'yesno', content: 'x', priorty: 90 });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('validation_error');
    expect(fields(r)).toEqual(['priorty']);
  });

  it('refuses a misspelt input field, naming it under input', async () => {
    const r = await create({ type: 'label_text', input: { text: 'x', categories: ['a', 'b'], categorys: ['c'] } });
    expect(r.status).toBe(400);
    expect(fields(r)).toEqual(['input.categorys']);
  });

  it('refuses out-of-range settings, naming each', async () => {
    const r = await create({ type: 'yesno', content: 'x', overlap: 21, claim_timeout_minutes: 4, tags: ['1', '2', '3', '4', '5', '6'], callback_url: 'ftp://example.com' });
    expect(r.status).toBe(400);
    expect(fields(r).sort()).toEqual(['callback_url', 'claim_timeout_minutes', 'overlap', 'tags']);
  });

  it('refuses a body that is not a JSON object, and malformed JSON, with 400', async () => {
    const project = await t.newProject(t.adminKey);
    for (const body of ['"just a string"', '42', 'null']) {
      const r = await t.call('POST', '/v1/tasks', { rawBody: body });
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBe('validation_error');
    }
    const broken = await t.call('POST', '/v1/tasks', { rawBody: `{"project_id":"${project.id}",` });
    expect(broken.status).toBe(400);
    expect(broken.json.error.code).toBe('validation_error');
  });

  it('answers 401 without a key', async () => {
    const r = await t.call('POST', '/v1/tasks', { token: null, body: { type: 'yesno', content: 'x' } });
    expect(r.status).toBe(401);
    expect(r.json.error.code).toBe('unauthorized');
  });
});
