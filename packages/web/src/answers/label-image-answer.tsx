import type { AnswerProps } from './answer-props.ts';
import { ChoiceButtons, numbered } from './choice-buttons.tsx';
import { Passage } from './passage.tsx';
import { inputList, inputText } from '../work/helper-task.ts';

export function LabelImageAnswer({ task, onAnswer, busy }: AnswerProps) {
  return (
    <>
      <img className="task-image" src={inputText(task, 'image_url')} alt={inputText(task, 'description') ?? 'The image to label'} />
      <Passage label="Description" text={inputText(task, 'description')} />
      <ChoiceButtons legend="Label" busy={busy} onChoose={onAnswer} choices={numbered(inputList(task, 'labels'))} />
    </>
  );
}
