import type { AnswerProps } from './answer-props.ts';
import { ChoiceButtons } from './choice-buttons.tsx';
import { Passage } from './passage.tsx';
import { inputText } from '../work/helper-task.ts';

export function CompareRankAnswer({ task, onAnswer, busy }: AnswerProps) {
  return (
    <>
      <Passage label="Criteria" text={inputText(task, 'criteria')} />
      <div className="side-by-side">
        <Passage label="A" text={inputText(task, 'option_a')} />
        <Passage label="B" text={inputText(task, 'option_b')} />
      </div>
      <ChoiceButtons legend="Which is better?" busy={busy} onChoose={onAnswer} choices={[{ value: 'a', label: 'A is better', key: 'a' }, { value: 'b', label: 'B is better', key: 'b' }]} />
    </>
  );
}
