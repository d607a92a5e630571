import type { AnswerProps } from './answer-props.ts';
import { ChoiceButtons } from './choice-buttons.tsx';
import { Passage } from './passage.tsx';
import { inputText } from '../work/helper-task.ts';

const RATINGS = ['1 — poor', '2', '3', '4', '5 — excellent'].map((label, i) => ({ value: String(i + 1), label, key: String(i + 1) }));

export function RateQualityAnswer({ task, onAnswer, busy }: AnswerProps) {
  return (
    <>
      <h2 className="task-title">{inputText(task, 'title')}</h2>
      <Passage label="Content" text={inputText(task, 'content')} />
      <Passage label="Criteria" text={inputText(task, 'criteria')} />
      <ChoiceButtons legend="Rating" busy={busy} onChoose={(v) => onAnswer(Number(v))} choices={RATINGS} />
    </>
  );
}
