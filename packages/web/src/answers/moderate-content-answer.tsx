import type { AnswerProps } from './answer-props.ts';
import { ChoiceButtons } from './choice-buttons.tsx';
import { Passage } from './passage.tsx';
import { inputText } from '../work/helper-task.ts';

const DECISIONS = [
  { value: 'approve', label: 'Approve', key: '1' },
  { value: 'reject', label: 'Reject', key: '2' },
  { value: 'escalate', label: 'Escalate', key: '3' },
];

export function ModerateContentAnswer({ task, onAnswer, busy }: AnswerProps) {
  const type = inputText(task, 'content_type');
  return (
    <>
      <Passage label={type ? `Content (${type})` : 'Content'} text={inputText(task, 'content')} />
      <Passage label="Policy" text={inputText(task, 'policy_context')} />
      <Passage label="Guidelines" text={inputText(task, 'guidelines')} />
      <ChoiceButtons legend="Decision" busy={busy} onChoose={onAnswer} choices={DECISIONS} />
    </>
  );
}
