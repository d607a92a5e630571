import type { AnswerProps } from './answer-props.ts';
import { ChoiceButtons, numbered } from './choice-buttons.tsx';
import { Passage } from './passage.tsx';
import { TextAnswer } from './text-answer.tsx';
import { inputList, inputText } from '../work/helper-task.ts';

export function AnswerQuestionAnswer({ task, onAnswer, busy }: AnswerProps) {
  const question = inputText(task, 'question') ?? 'Your answer';
  return (
    <>
      <Passage label="Content" text={inputText(task, 'content')} />
      {inputText(task, 'answer_format') === 'multiple_choice' ? (
        <ChoiceButtons legend={question} busy={busy} onChoose={onAnswer} choices={numbered(inputList(task, 'choices'))} />
      ) : (
        <TextAnswer label={question} busy={busy} onSubmit={onAnswer} />
      )}
    </>
  );
}
