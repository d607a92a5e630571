import type { AnswerProps } from './answer-props.ts';
import { ChoiceButtons, numbered } from './choice-buttons.tsx';
import { Passage } from './passage.tsx';
import { inputText } from '../work/helper-task.ts';

export function MultiAnswer({ task, onAnswer, busy }: AnswerProps) {
  return (
    <>
      <Passage label="Question" text={inputText(task, 'question')} />
      <ChoiceButtons legend="Pick one" busy={busy} onChoose={onAnswer} choices={numbered(task.answers ?? [])} />
    </>
  );
}
