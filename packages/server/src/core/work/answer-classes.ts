import type { TaskType } from '@minga/api-contracts';

/** How many different answers a task admits, when that is a fixed set; undefined for free text and forms. */
export function answerClasses(type: TaskType, input: Record<string, unknown>, answers: string[] | null): number | undefined {
  switch (type) {
    case 'yesno':
    case 'compare_rank':
      return 2;
    case 'verify_fact':
    case 'moderate_content':
      return 3;
    case 'rate_quality':
      return 5;
    case 'multi':
      return answers?.length;
    case 'categorization':
    case 'label_text':
      return (input.categories as unknown[] | undefined)?.length;
    case 'label_image':
      return (input.labels as unknown[] | undefined)?.length;
    case 'answer_question':
      return input.answer_format === 'multiple_choice' ? (input.choices as unknown[] | undefined)?.length : undefined;
    default:
      return undefined;
  }
}
