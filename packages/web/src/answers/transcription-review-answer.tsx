import type { AnswerProps } from './answer-props.ts';
import { TextAnswer } from './text-answer.tsx';
import { inputText } from '../work/helper-task.ts';

export function TranscriptionReviewAnswer({ task, onAnswer, busy }: AnswerProps) {
  const language = inputText(task, 'language');
  return (
    <>
      <audio className="task-audio" controls preload="metadata" src={inputText(task, 'audio_url')} aria-label="The recording" />
      <TextAnswer label={`Correct the transcript${language ? ` (${language})` : ''}`} initial={inputText(task, 'ai_transcript') ?? ''} required={false} busy={busy} onSubmit={onAnswer} />
    </>
  );
}
