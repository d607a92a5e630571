import type { AnswerProps } from './answer-props.ts';
import { ChoiceButtons, numbered } from './choice-buttons.tsx';
import { Passage } from './passage.tsx';
import { inputList, inputText } from '../work/helper-task.ts';

export function CategorizationAnswer({ task, onAnswer, busy }: AnswerProps) {
  const kind = inputText(task, 'attachment_type') ?? 'text';
  const attachment = inputText(task, 'attachment') ?? '';
  return (
    <>
      {kind === 'image' && <img className="task-image" src={attachment} alt="The item to categorise" />}
      {kind === 'website' && (
        <p>
          <a href={/^https?:/i.test(attachment) ? attachment : undefined} target="_blank" rel="noopener noreferrer">
            Open the website to categorise
          </a>{' '}
          <span className="muted">({attachment})</span>
        </p>
      )}
      {kind === 'text' && <Passage label="Item" text={attachment} />}
      <Passage label="Question" text={inputText(task, 'question')} />
      <ChoiceButtons legend="Category" busy={busy} onChoose={onAnswer} choices={numbered(inputList(task, 'categories'))} />
    </>
  );
}
