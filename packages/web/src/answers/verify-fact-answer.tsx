import type { AnswerProps } from './answer-props.ts';
import { ChoiceButtons } from './choice-buttons.tsx';
import { Passage } from './passage.tsx';
import { inputText } from '../work/helper-task.ts';

const VERDICTS = [
  { value: 'true', label: 'True', key: '1' },
  { value: 'false', label: 'False', key: '2' },
  { value: 'indeterminate', label: 'Cannot tell', key: '3' },
];

export function VerifyFactAnswer({ task, onAnswer, busy }: AnswerProps) {
  return (
    <>
      <Passage label="Claim" text={inputText(task, 'claim')} />
      <Passage label="Context" text={inputText(task, 'context')} />
      <ChoiceButtons legend="Is the claim true?" busy={busy} onChoose={onAnswer} choices={VERDICTS} />
    </>
  );
}
