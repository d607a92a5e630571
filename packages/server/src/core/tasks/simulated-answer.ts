import { answerSchemaFor, type TaskType } from '@minga/api-contracts';
import type { TaskSpec } from './task-view.ts';

/**
 * What the test-mode helper answers: the best-weighted known solution, else the most confident baseline
 * solution, else a plain valid answer of the task type — so an integration sees results shaped exactly as
 * live ones, and results it chose itself when it gives solutions.
 */
export function simulatedAnswer(type: TaskType, spec: TaskSpec): unknown {
  const schema = answerSchemaFor(type, spec.input, spec.answers ?? undefined);
  const known = [...spec.known_solutions].sort((a, b) => b.correctness_weight - a.correctness_weight)[0];
  const baseline = [...spec.baseline_solutions].sort((a, b) => b.confidence_weight - a.confidence_weight)[0];
  for (const candidate of [known?.output_values.answer, baseline?.output_values.answer]) {
    if (candidate === undefined) continue;
    const checked = schema.safeParse(candidate);
    if (checked.success) return checked.data;
  }
  return exampleAnswer(type, spec);
}

/** A valid answer of the type, from the task's own input where it offers choices. */
function exampleAnswer(type: TaskType, spec: TaskSpec): unknown {
  const input = spec.input as Record<string, unknown>;
  const first = (list: unknown) => (Array.isArray(list) ? (list[0] as unknown) : undefined);
  switch (type) {
    case 'yesno':
      return 'yes';
    case 'multi':
      return first(spec.answers);
    case 'fill':
      return 'test answer';
    case 'transcription_review':
      return typeof input.ai_transcript === 'string' ? input.ai_transcript : 'test answer';
    case 'form':
      return Object.fromEntries(((input.fields as { name: string }[] | undefined) ?? []).map((f) => [f.name, 'test']));
    case 'categorization':
    case 'label_text':
      return first(input.categories);
    case 'label_image':
      return first(input.labels);
    case 'rate_quality':
      return 3;
    case 'verify_fact':
      return 'true';
    case 'moderate_content':
      return 'approve';
    case 'compare_rank':
      return 'a';
    case 'answer_question':
      return input.answer_format === 'multiple_choice' ? first(input.choices) : 'test answer';
  }
}
