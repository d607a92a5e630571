import { z } from 'zod';
import { AI_STEP_TYPES, HUMAN_TASK_TYPES, TASK_INPUT_SCHEMAS, answerSchemaFor, type TaskType } from './task-types.ts';
import { CONSENSUS_STRATEGIES, PRIORITY_WORDS, type FieldIssue } from './common.ts';

const jsonLength = (v: unknown) => JSON.stringify(v)?.length ?? 0;
const objectId = z.string().min(1).max(64);
const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048);
const solution = (weight: 'correctness_weight' | 'confidence_weight') =>
  z.strictObject({
    output_values: z.strictObject({ answer: z.unknown() }),
    [weight]: z.number().min(0).max(1).default(1),
  });

/**
 * Every field a requester may send when creating a task, including the seed documents' aliases
 * (`instruction`, `params`, `assignments_required`, `num_answers`, `webhook_url`, T4SK's `html` flag).
 * Unknown fields are refused so that a typo never silently drops a setting.
 */
export const TaskCreateFields = z.strictObject({
  project_id: objectId.optional(),
  type: z.string().max(64).optional(),
  format: z.enum(['markdown', 'html']).optional(),
  html: z.union([z.boolean(), z.literal(0), z.literal(1)], { error: 'must be true, false, 1 or 0' }).optional(),
  description: z.string().max(256).optional(),
  content: z.string().max(5000).optional(),
  instruction: z.string().max(5000).optional(),
  input: z.record(z.string(), z.unknown()).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  answers: z
    .array(z.string().min(1).max(200))
    .min(2)
    .refine((xs) => new Set(xs).size === xs.length, 'answers must be distinct')
    .refine((xs) => jsonLength(xs) <= 1000, 'answers must be at most 1,000 characters as JSON')
    .optional(),
  priority: z
    .union([z.int().min(0).max(100), z.enum(Object.keys(PRIORITY_WORDS) as [keyof typeof PRIORITY_WORDS])], {
      error: 'must be an integer from 0 to 100, or low, normal, high or urgent',
    })
    .optional(),
  overlap: z.int().min(1).max(20).optional(),
  assignments_required: z.int().min(1).max(20).optional(),
  consensus_strategy: z.enum(CONSENSUS_STRATEGIES).optional(),
  quorum: z.int().min(1).max(20).optional(),
  num_answers: z.int().min(1).max(20).optional(),
  max_overlap: z.int().min(1).max(20).optional(),
  min_confidence: z.number().min(0).max(1).optional(),
  super_user_override: z.boolean().optional(),
  known_solutions: z.array(solution('correctness_weight')).max(20).optional(),
  baseline_solutions: z.array(solution('confidence_weight')).max(20).optional(),
  message_on_unknown_solution: z.string().max(1000).optional(),
  infinite_overlap: z.boolean().optional(),
  reserved_for: z.array(objectId).max(1000).optional(),
  unavailable_for: z.array(objectId).max(1000).optional(),
  min_skill_level: z.int().min(1).max(5).optional(),
  claim_timeout_minutes: z.int().min(5).max(480).optional(),
  reward: z.number().min(0).max(1_000_000).optional(),
  callback_url: url.optional(),
  webhook_url: url.optional(),
  metadata: z
    .record(z.string(), z.unknown())
    .refine((m) => jsonLength(m) <= 16_384, 'metadata must be at most 16 KiB as JSON')
    .optional(),
  passthrough: z.string().max(256).optional(),
  unique_id: z.string().min(1).max(255).optional(),
  tags: z
    .array(z.string().min(1).max(64))
    .max(5)
    .refine((xs) => new Set(xs).size === xs.length, 'tags must be distinct')
    .optional(),
});
export type TaskCreateInput = z.input<typeof TaskCreateFields>;

/** Settings a project may hold as defaults for its tasks: any task field but the per-task identifiers. */
export const TaskDefaults = TaskCreateFields.omit({ project_id: true, unique_id: true });
export type TaskDefaults = z.output<typeof TaskDefaults>;

/** A task after aliases are resolved, project defaults applied and every cross-field rule checked. */
export interface NormalizedTask {
  project_id: string | undefined;
  type: TaskType;
  format: 'markdown' | 'html';
  description: string | null;
  content: string | null;
  input: Record<string, unknown>;
  answers: string[] | null;
  priority: number;
  overlap: number;
  consensus_strategy: (typeof CONSENSUS_STRATEGIES)[number];
  quorum: number | null;
  max_overlap: number;
  min_confidence: number | null;
  super_user_override: boolean;
  known_solutions: { output_values: { answer: unknown }; correctness_weight: number }[];
  baseline_solutions: { output_values: { answer: unknown }; confidence_weight: number }[];
  message_on_unknown_solution: string | null;
  infinite_overlap: boolean;
  reserved_for: string[];
  unavailable_for: string[];
  min_skill_level: number | null;
  claim_timeout_minutes: number;
  reward: number;
  callback_url: string | null;
  metadata: Record<string, unknown>;
  passthrough: string | null;
  unique_id: string | null;
  tags: string[];
}

export type NormalizeResult =
  | { ok: true; task: NormalizedTask }
  | { ok: false; code: 'validation_error' | 'unsupported_task_type'; message: string; details: FieldIssue[] };

const ALIASES = [
  ['content', 'instruction'],
  ['input', 'params'],
  ['overlap', 'assignments_required'],
  ['quorum', 'num_answers'],
  ['callback_url', 'webhook_url'],
] as const;

/**
 * Zod issues as field issues. `prefix` names where the value sits (`input.`, `query.`, or `answer` with or
 * without the dot); an issue on the value itself is named by the prefix alone, or `(body)` without one.
 */
export function zodIssues(error: z.ZodError, prefix = ''): FieldIssue[] {
  const base = prefix.replace(/\.$/, '');
  const name = (path: PropertyKey[]) =>
    (base + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')).replace(/^\./, '') || '(body)';
  return error.issues.flatMap((i) =>
    // Zod reports unknown keys on their parent object; name each key so that a typo is pointed at.
    i.code === 'unrecognized_keys'
      ? i.keys.map((key) => ({ field: name([...i.path, key]), message: 'is not a known field' }))
      : [{ field: name(i.path), message: i.message }],
  );
}

function fail(details: FieldIssue[]): NormalizeResult {
  const first = details[0];
  const message = details.length === 1 && first ? `${first.field}: ${first.message}` : `${details.length} fields are invalid`;
  return { ok: false, code: 'validation_error', message, details };
}

const KNOWN_FIELDS = new Set(Object.keys(TaskCreateFields.shape));
const MAX_FIELD_SETS = 256;
const byFieldSet = new Map<string, z.ZodType<z.output<typeof TaskCreateFields>>>();

/**
 * TaskCreateFields narrowed to the fields `raw` sends, cached by field set. Zod runs every field of an
 * object schema, sent or not, and a task body sends a handful of its forty: a batch of 5,000 paid for
 * 170,000 field parses that could only say "absent". No field has a default, so the narrowed schema gives
 * the same result and the same issues (a property test holds the two equal); a body with an unknown field, or
 * that is no object, gets the whole schema, which names it.
 */
export function fieldsSentIn(raw: unknown): z.ZodType<z.output<typeof TaskCreateFields>> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return TaskCreateFields;
  const keys = Object.keys(raw);
  for (const key of keys) if (!KNOWN_FIELDS.has(key)) return TaskCreateFields;
  const signature = keys.join(',');
  let schema = byFieldSet.get(signature);
  if (schema === undefined) {
    // Bodies with ever new field sets start the cache afresh rather than grow it.
    if (byFieldSet.size >= MAX_FIELD_SETS) byFieldSet.clear();
    // In the schema's own field order, so that issues come in the same order too.
    const sent = new Set(keys);
    const mask = Object.fromEntries([...KNOWN_FIELDS].filter((k) => sent.has(k)).map((k) => [k, true]));
    schema = TaskCreateFields.pick(mask as { [K in keyof typeof TaskCreateFields.shape]?: true });
    byFieldSet.set(signature, schema);
  }
  return schema;
}

/**
 * Turns one raw task body into a {@link NormalizedTask}, taking left-out fields from the project's defaults.
 * Pure and synchronous: the same body and defaults always give the same result.
 */
export function normalizeTask(raw: unknown, defaults: TaskDefaults = {}): NormalizeResult {
  const parsed = fieldsSentIn(raw).safeParse(raw);
  if (!parsed.success) return fail(zodIssues(parsed.error));
  const body: Record<string, unknown> = { ...parsed.data };
  const issues: FieldIssue[] = [];

  for (const [name, alias] of ALIASES) {
    if (body[alias] === undefined) continue;
    if (body[name] !== undefined && JSON.stringify(body[name]) !== JSON.stringify(body[alias])) {
      issues.push({ field: alias, message: `is an alias of ${name}: give one of them` });
    }
    body[name] = body[alias];
    delete body[alias];
  }
  if (body.html !== undefined) {
    const fmt = body.html === true || body.html === 1 ? 'html' : 'markdown';
    if (body.format !== undefined && body.format !== fmt) issues.push({ field: 'html', message: 'contradicts format' });
    body.format = fmt;
    delete body.html;
  }
  if (issues.length) return fail(issues);

  const d: Record<string, unknown> = { ...defaults };
  for (const [name, alias] of ALIASES) if (d[alias] !== undefined && d[name] === undefined) d[name] = d[alias];
  if (d.html !== undefined && d.format === undefined) d.format = d.html === true || d.html === 1 ? 'html' : 'markdown';
  const pick = <T>(k: string): T | undefined => (body[k] !== undefined ? body[k] : d[k]) as T | undefined;

  const type = pick<string>('type');
  if (type === undefined) return fail([{ field: 'type', message: 'is required' }]);
  if ((AI_STEP_TYPES as readonly string[]).includes(type)) {
    return {
      ok: false,
      code: 'unsupported_task_type',
      message: `${type} is an AI step, not a human task: run it as a step of a pipeline with POST /v1/pipelines`,
      details: [{ field: 'type', message: 'AI step types run only in /v1/pipelines' }],
    };
  }
  if (!(HUMAN_TASK_TYPES as readonly string[]).includes(type)) {
    return fail([{ field: 'type', message: `must be one of ${HUMAN_TASK_TYPES.join(', ')}` }]);
  }
  const taskType = type as TaskType;

  const inputRaw = pick<Record<string, unknown>>('input') ?? {};
  const inputParsed = TASK_INPUT_SCHEMAS[taskType].safeParse(inputRaw);
  if (!inputParsed.success) issues.push(...zodIssues(inputParsed.error, 'input.'));
  const input = (inputParsed.success ? inputParsed.data : {}) as Record<string, unknown>;

  const content = pick<string>('content') ?? null;
  const answers = pick<string[]>('answers') ?? null;
  if (taskType === 'multi' && !answers) issues.push({ field: 'answers', message: 'multi tasks need at least two answers' });
  if (taskType !== 'multi' && answers) issues.push({ field: 'answers', message: 'is only for multi tasks' });
  if (['yesno', 'multi', 'fill', 'form'].includes(taskType) && !content?.trim() && !input.question) {
    issues.push({ field: 'content', message: `${taskType} tasks need content (or input.question)` });
  }

  const overlap = pick<number>('overlap') ?? 1;
  // A project's default quorum goes with its (implied) quorum strategy; a task that picks another strategy
  // leaves it behind instead of being refused for a field it never sent.
  const chosen = pick<NormalizedTask['consensus_strategy']>('consensus_strategy');
  const quorum = ((body.quorum ?? (chosen === undefined || chosen === 'quorum' ? d.quorum : undefined)) as number | undefined) ?? null;
  const strategy = chosen ?? (quorum !== null ? 'quorum' : overlap > 1 ? 'majority_vote' : 'any_first');
  if (strategy === 'quorum' && quorum === null) issues.push({ field: 'quorum', message: 'the quorum strategy needs quorum' });
  if (quorum !== null && strategy !== 'quorum') issues.push({ field: 'quorum', message: 'is only for the quorum strategy' });
  const minConfidence = pick<number>('min_confidence') ?? (strategy === 'dynamic' ? 0.85 : null);
  const defaultMax =
    strategy === 'quorum' ? Math.max(overlap, 2 * (quorum ?? 1) - 1) : strategy === 'dynamic' ? Math.min(20, overlap + 2) : overlap;
  const maxOverlap = pick<number>('max_overlap') ?? defaultMax;
  if (maxOverlap < overlap) issues.push({ field: 'max_overlap', message: `must be at least overlap (${overlap})` });
  if (quorum !== null && maxOverlap < quorum) issues.push({ field: 'max_overlap', message: `must be at least quorum (${quorum})` });

  const reserved = pick<string[]>('reserved_for') ?? [];
  const unavailable = pick<string[]>('unavailable_for') ?? [];
  if (reserved.some((h) => unavailable.includes(h))) {
    issues.push({ field: 'unavailable_for', message: 'a helper cannot be both reserved and unavailable' });
  }

  const known = pick<NormalizedTask['known_solutions']>('known_solutions') ?? [];
  const baseline = pick<NormalizedTask['baseline_solutions']>('baseline_solutions') ?? [];
  if (inputParsed.success && (taskType !== 'multi' || answers) && known.length + baseline.length > 0) {
    const answerSchema = answerSchemaFor(taskType, input, answers ?? undefined);
    const check = (list: { output_values: { answer: unknown } }[], field: string) =>
      list.forEach((s, i) => {
        const r = answerSchema.safeParse(s.output_values.answer);
        if (!r.success) issues.push({ field: `${field}[${i}].output_values.answer`, message: r.error.issues[0]?.message ?? 'invalid' });
      });
    check(known, 'known_solutions');
    check(baseline, 'baseline_solutions');
  }
  if (issues.length) return fail(issues);

  const priority = pick<number | keyof typeof PRIORITY_WORDS>('priority') ?? 50;
  return {
    ok: true,
    task: {
      project_id: body.project_id as string | undefined,
      type: taskType,
      format: pick<'markdown' | 'html'>('format') ?? 'markdown',
      description: pick<string>('description') ?? null,
      content,
      input,
      answers,
      priority: typeof priority === 'number' ? priority : PRIORITY_WORDS[priority],
      overlap,
      consensus_strategy: strategy,
      quorum,
      max_overlap: maxOverlap,
      min_confidence: minConfidence,
      super_user_override: pick<boolean>('super_user_override') ?? true,
      known_solutions: known,
      baseline_solutions: baseline,
      message_on_unknown_solution: pick<string>('message_on_unknown_solution') ?? null,
      infinite_overlap: pick<boolean>('infinite_overlap') ?? false,
      reserved_for: reserved,
      unavailable_for: unavailable,
      min_skill_level: pick<number>('min_skill_level') ?? null,
      claim_timeout_minutes: pick<number>('claim_timeout_minutes') ?? 30,
      reward: pick<number>('reward') ?? 0,
      callback_url: pick<string>('callback_url') ?? null,
      metadata: pick<Record<string, unknown>>('metadata') ?? {},
      passthrough: pick<string>('passthrough') ?? null,
      unique_id: (body.unique_id as string | undefined) ?? null,
      tags: pick<string[]>('tags') ?? [],
    },
  };
}
