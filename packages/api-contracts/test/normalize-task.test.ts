import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { normalizeTask, zodIssues, type NormalizeResult } from '../src/index.ts';

const ok = (r: NormalizeResult) => {
  if (!r.ok) throw new Error(`expected a task, got ${r.code}: ${r.message}`);
  return r.task;
};
const fields = (r: NormalizeResult) => (r.ok ? [] : r.details.map((d) => d.field));

describe('normalizeTask', () => {
  it('fills every default of a minimal task', () => {
    const task = ok(normalizeTask({ project_id: 'p', type: 'yesno', content: 'Cat?' }));
    expect(task).toMatchObject({
      format: 'markdown',
      priority: 50,
      overlap: 1,
      consensus_strategy: 'any_first',
      quorum: null,
      max_overlap: 1,
      min_confidence: null,
      super_user_override: true,
      claim_timeout_minutes: 30,
      reward: 0,
      tags: [],
      metadata: {},
      unique_id: null,
    });
  });

  it('gives dynamic a default min_confidence and room above overlap', () => {
    const task = ok(normalizeTask({ type: 'yesno', content: 'x', overlap: 3, consensus_strategy: 'dynamic' }));
    expect(task).toMatchObject({ min_confidence: 0.85, max_overlap: 5 });
  });

  it('gives quorum enough room to reach agreement by default', () => {
    const task = ok(normalizeTask({ type: 'yesno', content: 'x', num_answers: 3 }));
    expect(task).toMatchObject({ consensus_strategy: 'quorum', quorum: 3, max_overlap: 5 });
  });

  it('refuses the quorum strategy without a quorum, and a quorum with another strategy', () => {
    expect(fields(normalizeTask({ type: 'yesno', content: 'x', consensus_strategy: 'quorum' }))).toEqual(['quorum']);
    expect(fields(normalizeTask({ type: 'yesno', content: 'x', consensus_strategy: 'majority_vote', quorum: 2, overlap: 3 }))).toEqual(['quorum']);
  });

  it('refuses max_overlap below overlap', () => {
    expect(fields(normalizeTask({ type: 'yesno', content: 'x', overlap: 3, max_overlap: 2 }))).toEqual(['max_overlap']);
  });

  it('refuses a helper both reserved and unavailable', () => {
    expect(fields(normalizeTask({ type: 'yesno', content: 'x', reserved_for: ['h1'], unavailable_for: ['h1'] }))).toEqual(['unavailable_for']);
  });

  it('resolves aliases in the project defaults too', () => {
    const task = ok(normalizeTask({ type: 'yesno' }, { instruction: 'From the project', assignments_required: 3, webhook_url: 'https://example.com/h' }));
    expect(task).toMatchObject({ content: 'From the project', overlap: 3, consensus_strategy: 'majority_vote', callback_url: 'https://example.com/h' });
  });

  it('lets a task alias override a canonical project default', () => {
    const task = ok(normalizeTask({ type: 'yesno', instruction: 'Mine' }, { content: 'The project\u2019s' }));
    expect(task.content).toBe('Mine');
  });

  it('lets a task format override a project html flag, and a task html flag override a project format', () => {
    expect(ok(normalizeTask({ type: 'yesno', content: 'x', format: 'markdown' }, { html: true })).format).toBe('markdown');
    expect(ok(normalizeTask({ type: 'yesno', content: 'x', html: 1 }, { format: 'markdown' })).format).toBe('html');
  });

  it('drops a default quorum when the task picks another consensus strategy', () => {
    const task = ok(normalizeTask({ type: 'yesno', content: 'x', overlap: 3, consensus_strategy: 'majority_vote' }, { num_answers: 2 }));
    expect(task).toMatchObject({ consensus_strategy: 'majority_vote', quorum: null, max_overlap: 3 });
    const byDefault = ok(normalizeTask({ type: 'yesno', content: 'x' }, { num_answers: 2 }));
    expect(byDefault).toMatchObject({ consensus_strategy: 'quorum', quorum: 2 });
  });

  it('refuses an AI step type with unsupported_task_type, and an unknown type with validation_error', () => {
    const ai = normalizeTask({ type: 'llm_generate' });
    expect(ai.ok ? null : ai.code).toBe('unsupported_task_type');
    expect(ai.ok ? '' : ai.message).toContain('/v1/pipelines');
    const unknown = normalizeTask({ type: 'nope' });
    expect(unknown.ok ? null : unknown.code).toBe('validation_error');
  });

  it('names unknown fields, at the top level and inside input', () => {
    expect(fields(normalizeTask({ type: 'yesno', content: 'x', priorty: 1, overlapp: 2 }))).toEqual(['priorty', 'overlapp']);
    expect(fields(normalizeTask({ type: 'compare_rank', input: { option_a: 'a', option_b: 'b', optoin_c: 'c' } }))).toEqual(['input.optoin_c']);
  });

  it('is pure: it leaves its arguments untouched and gives the same result twice', () => {
    const body = { type: 'yesno', instruction: 'x', params: {}, html: 1, num_answers: 2 };
    const defaults = { assignments_required: 3, html: false };
    const copy = structuredClone({ body, defaults });
    const a = normalizeTask(body, defaults);
    const b = normalizeTask(body, defaults);
    expect(a).toEqual(b);
    expect({ body, defaults }).toEqual(copy);
  });
});

describe('zodIssues', () => {
  const schema = z.strictObject({ a: z.strictObject({ b: z.array(z.int()) }) });

  it('writes paths with dots and indices', () => {
    const r = schema.safeParse({ a: { b: [1, 'x'] } });
    expect(r.success ? [] : zodIssues(r.error)).toEqual([{ field: 'a.b[1]', message: expect.any(String) }]);
  });

  it('names an issue on the value itself by the prefix, with or without its dot', () => {
    const r = z.int().safeParse('x');
    if (r.success) throw new Error('expected a failure');
    expect(zodIssues(r.error).map((i) => i.field)).toEqual(['(body)']);
    expect(zodIssues(r.error, 'answer').map((i) => i.field)).toEqual(['answer']);
    expect(zodIssues(r.error, 'query.').map((i) => i.field)).toEqual(['query']);
  });

  it('joins a prefix without a dot to a path', () => {
    const r = schema.safeParse({ a: { b: ['x'] } });
    expect(r.success ? [] : zodIssues(r.error, 'response').map((i) => i.field)).toEqual(['response.a.b[0]']);
  });

  it('names each unknown key as its own field', () => {
    const r = schema.safeParse({ a: { b: [], c: 1, d: 2 }, e: 3 });
    expect(r.success ? [] : zodIssues(r.error, 'query.').map((i) => i.field).sort()).toEqual(['query.a.c', 'query.a.d', 'query.e']);
  });
});
