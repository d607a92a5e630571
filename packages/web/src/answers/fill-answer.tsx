import type { AnswerProps } from './answer-props.ts';
import { TextAnswer } from './text-answer.tsx';
import { inputText } from '../work/helper-task.ts';

export function FillAnswer({ task, onAnswer, busy }: AnswerProps) {
  return <TextAnswer label={inputText(task, 'question') ?? 'Your answer'} placeholder={inputText(task, 'placeholder')} busy={busy} onSubmit={onAnswer} />;
}
