import type { AnswerProps } from './answer-props.ts';
import { ChoiceButtons } from './choice-buttons.tsx';
import { Passage } from './passage.tsx';
import { inputText } from '../work/helper-task.ts';

export function YesNoAnswer({ task, onAnswer, busy }: AnswerProps) {
  return (
    <>
      <Passage label="Question" text={inputText(task, 'question')} />
      <ChoiceButtons legend="Your answer" busy={busy} onChoose={onAnswer} choices={[{ value: 'yes', label: 'Yes', key: 'y' }, { value: 'no', label: 'No', key: 'n' }]} />
    </>
  );
}
