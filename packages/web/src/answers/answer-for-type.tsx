import type { TaskType } from '@minga/api-contracts';
import type { ComponentType } from 'react';
import type { AnswerProps } from './answer-props.ts';
import { AnswerQuestionAnswer } from './answer-question-answer.tsx';
import { CategorizationAnswer } from './categorization-answer.tsx';
import { CompareRankAnswer } from './compare-rank-answer.tsx';
import { FillAnswer } from './fill-answer.tsx';
import { FormAnswer } from './form-answer.tsx';
import { LabelImageAnswer } from './label-image-answer.tsx';
import { LabelTextAnswer } from './label-text-answer.tsx';
import { ModerateContentAnswer } from './moderate-content-answer.tsx';
import { MultiAnswer } from './multi-answer.tsx';
import { RateQualityAnswer } from './rate-quality-answer.tsx';
import { TranscriptionReviewAnswer } from './transcription-review-answer.tsx';
import { VerifyFactAnswer } from './verify-fact-answer.tsx';
import { YesNoAnswer } from './yesno-answer.tsx';

/** The answer component of each task type (tsc checks that all thirteen are here). */
export const ANSWER_FOR_TYPE: Record<TaskType, ComponentType<AnswerProps>> = {
  yesno: YesNoAnswer,
  multi: MultiAnswer,
  fill: FillAnswer,
  form: FormAnswer,
  categorization: CategorizationAnswer,
  label_image: LabelImageAnswer,
  label_text: LabelTextAnswer,
  rate_quality: RateQualityAnswer,
  verify_fact: VerifyFactAnswer,
  moderate_content: ModerateContentAnswer,
  compare_rank: CompareRankAnswer,
  answer_question: AnswerQuestionAnswer,
  transcription_review: TranscriptionReviewAnswer,
};
