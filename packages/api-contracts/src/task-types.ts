import { z } from 'zod';

/**
 * The thirteen human task types, each with the schema of its `input` and a builder for the schema of a
 * helper's answer (which may depend on the task, e.g. a `multi` answer must be one of the task's `answers`).
 */
export const HUMAN_TASK_TYPES = [
  'yesno',
  'multi',
  'fill',
  'form',
  'categorization',
  'label_image',
  'label_text',
  'rate_quality',
  'verify_fact',
  'moderate_content',
  'compare_rank',
  'answer_question',
  'transcription_review',
] as const;
export type TaskType = (typeof HUMAN_TASK_TYPES)[number];

/** AI primitives that run only as pipeline steps; `POST /v1/tasks` refuses them with 422. */
export const AI_STEP_TYPES = [
  'llm_generate',
  'data_transform',
  'web_research',
  'document_parse',
  'pii_detect',
  'code_execute',
] as const;

const text = (max: number) => z.string().min(1).max(max);
const choiceList = z
  .array(text(200))
  .min(2)
  .max(100)
  .refine((xs) => new Set(xs).size === xs.length, 'choices must be distinct');
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048);

const categorizationInput = z.strictObject({
  attachment_type: z.enum(['text', 'image', 'website']).default('text'),
  attachment: text(5000),
  categories: choiceList,
  question: text(1000).optional(),
});

/** The input schema of each type. Types whose work lives in `content` take an optional free object. */
export const TASK_INPUT_SCHEMAS = {
  yesno: z.strictObject({ question: text(1000).optional() }),
  multi: z.strictObject({ question: text(1000).optional() }),
  fill: z.strictObject({ question: text(1000).optional(), placeholder: text(200).optional() }),
  form: z.strictObject({
    fields: z
      .array(
        z.strictObject({
          name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/, 'field names are 1-64 word characters'),
          label: text(200).optional(),
          required: z.boolean().default(false),
        }),
      )
      .max(50)
      .optional(),
  }),
  categorization: categorizationInput,
  label_image: z.strictObject({
    image_url: httpUrl,
    labels: choiceList,
    description: text(1000).optional(),
  }),
  label_text: z.strictObject({
    text: text(5000),
    categories: choiceList,
    question: text(1000).optional(),
  }),
  rate_quality: z.strictObject({
    title: text(500),
    content: text(5000),
    criteria: text(1000).optional(),
  }),
  verify_fact: z.strictObject({ claim: text(2000), context: text(5000) }),
  moderate_content: z.strictObject({
    content: text(5000),
    content_type: text(100).optional(),
    policy_context: text(2000).optional(),
    guidelines: text(2000).optional(),
  }),
  compare_rank: z.strictObject({
    option_a: text(5000),
    option_b: text(5000),
    criteria: text(1000).optional(),
  }),
  answer_question: z
    .strictObject({
      content: text(5000),
      question: text(1000),
      answer_format: z.enum(['free_text', 'multiple_choice']).default('free_text'),
      choices: choiceList.optional(),
    })
    .refine((v) => v.answer_format === 'free_text' || v.choices !== undefined, {
      path: ['choices'],
      message: 'multiple_choice needs choices',
    }),
  transcription_review: z.strictObject({
    audio_url: httpUrl,
    ai_transcript: text(5000),
    language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'a language tag such as en or pt-BR').optional(),
  }),
} satisfies Record<TaskType, z.ZodType>;

const answerSchemas = new Map<string, z.ZodType>();

/**
 * What an answer must look like for a task, given its normalised input and `answers`. Schemas are cached
 * by their shape: a project's tasks share a handful of choice lists, and building a schema costs more than
 * using one.
 */
export function answerSchemaFor(type: TaskType, input: Record<string, unknown>, answers?: string[]): z.ZodType {
  const key = `${type}|${JSON.stringify(choicesOf(type, input, answers))}`;
  let schema = answerSchemas.get(key);
  if (!schema) {
    schema = buildAnswerSchema(type, input, answers);
    if (answerSchemas.size >= 1000) answerSchemas.delete(answerSchemas.keys().next().value as string);
    answerSchemas.set(key, schema);
  }
  return schema;
}

function choicesOf(type: TaskType, input: Record<string, unknown>, answers?: string[]): unknown {
  if (type === 'multi') return answers ?? [];
  if (type === 'categorization' || type === 'label_text') return input.categories;
  if (type === 'label_image') return input.labels;
  if (type === 'answer_question') return input.answer_format === 'multiple_choice' ? input.choices : null;
  return null;
}

function buildAnswerSchema(type: TaskType, input: Record<string, unknown>, answers?: string[]): z.ZodType {
  switch (type) {
    case 'yesno':
      return z.enum(['yes', 'no']);
    case 'multi':
      return z.enum((answers ?? []) as [string, ...string[]]);
    case 'fill':
    case 'transcription_review':
      return z.string().max(10_000);
    case 'form':
      return z.record(z.string().max(64), z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]));
    case 'categorization':
    case 'label_text':
      return z.enum(input.categories as [string, ...string[]]);
    case 'label_image':
      return z.enum(input.labels as [string, ...string[]]);
    case 'rate_quality':
      return z.int().min(1).max(5);
    case 'verify_fact':
      return z.enum(['true', 'false', 'indeterminate']);
    case 'moderate_content':
      return z.enum(['approve', 'reject', 'escalate']);
    case 'compare_rank':
      return z.enum(['a', 'b']);
    case 'answer_question':
      return input.answer_format === 'multiple_choice'
        ? z.enum(input.choices as [string, ...string[]])
        : z.string().min(1).max(10_000);
  }
}
