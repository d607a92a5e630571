import type { AnswerProps } from './answer-props.ts';
import { ChoiceButtons, numbered } from './choice-buttons.tsx';
import { Passage } from './passage.tsx';
import { inputList, inputText } from '../work/helper-task.ts';

export function LabelTextAnswer({ task, onAnswer, busy }: AnswerProps) {
  return (
    <>
      <Passage label="Text" text={inputText(task, 'text')} />
      <Passage label="Question" text={inputText(task, 'question')} />
      <ChoiceButtons legend="Category" busy={busy} onChoose={onAnswer} choices={numbered(inputList(task, 'categories'))} />
    </>
  );
}
