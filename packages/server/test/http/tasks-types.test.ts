import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../support/stores.ts';
import { openTestApp, type TestApp } from '../support/test-app.ts';

interface TypeCase {
  type: string;
  /** A valid task of the type (without project_id and type). */
  valid: Record<string, unknown>;
  /** A typical mistake, and the field the 400 must name. */
  invalid: Record<string, unknown>;
  invalidField: string;
  /** An answer that fits the valid task, and one that does not. */
  goodAnswer: unknown;
  badAnswer: unknown;
}

const CATEGORIES = ['positive', 'negative'];

/** The thirteen human task types of SPEC §3.2, with the answer shapes of §3.4. */
const CASES: TypeCase[] = [
  { type: 'yesno', valid: { content: 'Is the sky blue?' }, invalid: {}, invalidField: 'content', goodAnswer: 'yes', badAnswer: 'maybe' },
  {
    type: 'multi',
    valid: { content: 'Which colour?', answers: ['red', 'green'] },
    invalid: { content: 'Which colour?' },
    invalidField: 'answers',
    goodAnswer: 'green',
    badAnswer: 'blue',
  },
  { type: 'fill', valid: { content: 'Capital of France?' }, invalid: { input: { placeholder: '' } }, invalidField: 'input.placeholder', goodAnswer: 'Paris', badAnswer: 42 },
  {
    type: 'form',
    valid: { content: 'Your details', input: { fields: [{ name: 'email', label: 'E-mail', required: true }] } },
    invalid: { content: 'Your details', input: { fields: [{ name: '1 bad name' }] } },
    invalidField: 'input.fields[0].name',
    goodAnswer: { email: 'a@example.com' },
    badAnswer: 'a@example.com',
  },
  {
    type: 'categorization',
    valid: { input: { attachment: 'I love it', categories: CATEGORIES } },
    invalid: { input: { attachment: 'I love it' } },
    invalidField: 'input.categories',
    goodAnswer: 'positive',
    badAnswer: 'neutral',
  },
  {
    type: 'label_image',
    valid: { input: { image_url: 'https://example.com/cat.jpg', labels: ['cat', 'dog'] } },
    invalid: { input: { image_url: 'javascript:alert(1)', labels: ['cat', 'dog'] } },
    invalidField: 'input.image_url',
    goodAnswer: 'cat',
    badAnswer: 'bird',
  },
  {
    type: 'label_text',
    valid: { input: { text: 'Great product', categories: CATEGORIES } },
    invalid: { input: { text: 'Great product' } },
    invalidField: 'input.categories',
    goodAnswer: 'negative',
    badAnswer: 'neutral',
  },
  {
    type: 'rate_quality',
    valid: { input: { title: 'Essay', content: 'Once upon a time', criteria: 'clarity' } },
    invalid: { input: { content: 'Once upon a time' } },
    invalidField: 'input.title',
    goodAnswer: 4,
    badAnswer: 6,
  },
  {
    type: 'verify_fact',
    valid: { input: { claim: 'Water boils at 100 °C at sea level', context: 'Physics' } },
    invalid: { input: { claim: 'Water boils at 100 °C at sea level' } },
    invalidField: 'input.context',
    goodAnswer: 'true',
    badAnswer: 'yes',
  },
  {
    type: 'moderate_content',
    valid: { input: { content: 'Buy cheap pills', content_type: 'comment' } },
    invalid: { input: { content_type: 'comment' } },
    invalidField: 'input.content',
    goodAnswer: 'reject',
    badAnswer: 'delete',
  },
  {
    type: 'compare_rank',
    valid: { input: { option_a: 'First', option_b: 'Second' } },
    invalid: { input: { option_a: 'First' } },
    invalidField: 'input.option_b',
    goodAnswer: 'b',
    badAnswer: 'c',
  },
  {
    type: 'answer_question',
    valid: { input: { content: 'Paris is the capital of France.', question: 'What is the capital of France?' } },
    invalid: { input: { content: 'Paris is the capital of France.', question: 'Capital?', answer_format: 'multiple_choice' } },
    invalidField: 'input.choices',
    goodAnswer: 'Paris',
    badAnswer: '',
  },
  {
    type: 'transcription_review',
    valid: { input: { audio_url: 'https://example.com/a.mp3', ai_transcript: 'hello world', language: 'pt-BR' } },
    invalid: { input: { audio_url: 'https://example.com/a.mp3' } },
    invalidField: 'input.ai_transcript',
    goodAnswer: 'hello world',
    badAnswer: 42,
  },
];

describeEachStore('POST /v1/tasks per task type', (ctx) => {
  let t: TestApp;
  let projectId: string;
  beforeAll(async () => {
    t = await openTestApp(ctx.store);
    projectId = (await t.newProject(t.adminKey)).id;
  });
  const post = (body: Record<string, unknown>) => t.call('POST', '/v1/tasks', { body: { project_id: projectId, ...body } });
  const fields = (r: { json: { error: { details: { field: string }[] } } }) => r.json.error.details.map((d) => d.field);

  it('covers all thirteen human task types', () => {
    expect(CASES.map((c) => c.type).sort()).toEqual(
      [
        'yesno', 'multi', 'fill', 'form', 'categorization', 'label_image', 'label_text', 'rate_quality', 'verify_fact',
        'moderate_content', 'compare_rank', 'answer_question', 'transcription_review',
      ].sort(),
    );
  });

  for (const c of CASES) {
    it(`creates a valid ${c.type} task`, async () => {
      const r = await post({ type: c.type, ...c.valid });
      expect(r.status).toBe(201);
      expect(r.json.type).toBe(c.type);
      expect(r.json.status).toBe('pending');
      if (c.valid.input) expect(r.json.input).toMatchObject(c.valid.input as object);
    });

    it(`refuses a ${c.type} task with a typical mistake, naming ${c.invalidField}`, async () => {
      const r = await post({ type: c.type, ...c.invalid });
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBe('validation_error');
      expect(fields(r)).toContain(c.invalidField);
    });

    it(`accepts a ${c.type} control task whose known answer fits the type`, async () => {
      const r = await post({ type: c.type, ...c.valid, known_solutions: [{ output_values: { answer: c.goodAnswer } }] });
      expect(r.status).toBe(201);
      expect(r.json.known_solutions).toEqual([{ output_values: { answer: c.goodAnswer }, correctness_weight: 1 }]);
    });

    it(`refuses a ${c.type} known solution whose answer does not fit the type`, async () => {
      const r = await post({ type: c.type, ...c.valid, known_solutions: [{ output_values: { answer: c.badAnswer }, correctness_weight: 1 }] });
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBe('validation_error');
      expect(fields(r)).toEqual(['known_solutions[0].output_values.answer']);
    });
  }

  it('refuses a multi task without answers, naming answers', async () => {
    const r = await post({ type: 'multi', content: 'Pick one' });
    expect(r.status).toBe(400);
    expect(fields(r)).toEqual(['answers']);
  });

  it('refuses multi answers that repeat, or fewer than two', async () => {
    for (const answers of [['a', 'a'], ['only']]) {
      const r = await post({ type: 'multi', content: 'Pick one', answers });
      expect(r.status).toBe(400);
      expect(fields(r)).toEqual(['answers']);
    }
  });

  it('refuses answers on a task type other than multi', async () => {
    const r = await post({ type: 'yesno', content: 'Cat?', answers: ['yes', 'no'] });
    expect(r.status).toBe(400);
    expect(fields(r)).toEqual(['answers']);
  });

  it('checks a multiple-choice answer_question known solution against its choices', async () => {
    const input = { content: 'Paris is in France.', question: 'Where is Paris?', answer_format: 'multiple_choice', choices: ['France', 'Spain'] };
    const good = await post({ type: 'answer_question', input, known_solutions: [{ output_values: { answer: 'France' } }] });
    expect(good.status).toBe(201);
    const bad = await post({ type: 'answer_question', input, known_solutions: [{ output_values: { answer: 'Italy' } }] });
    expect(bad.status).toBe(400);
    expect(fields(bad)).toEqual(['known_solutions[0].output_values.answer']);
  });

  it('checks baseline solutions against the type too, by their index', async () => {
    const r = await post({
      type: 'yesno',
      content: 'Cat?',
      consensus_strategy: 'dynamic',
      baseline_solutions: [{ output_values: { answer: 'yes' }, confidence_weight: 0.5 }, { output_values: { answer: 'perhaps' } }],
    });
    expect(r.status).toBe(400);
    expect(fields(r)).toEqual(['baseline_solutions[1].output_values.answer']);
  });

  it('refuses a known solution with extra keys or a weight above 1', async () => {
    const extra = await post({ type: 'yesno', content: 'Cat?', known_solutions: [{ output_values: { answer: 'yes', extra: 1 } }] });
    expect(extra.status).toBe(400);
    expect(fields(extra)).toEqual(['known_solutions[0].output_values.extra']);
    const heavy = await post({ type: 'yesno', content: 'Cat?', known_solutions: [{ output_values: { answer: 'yes' }, correctness_weight: 2 }] });
    expect(heavy.status).toBe(400);
    expect(fields(heavy)).toEqual(['known_solutions[0].correctness_weight']);
  });

  it('lets input.question stand in for content on the T4SK types', async () => {
    const r = await post({ type: 'fill', input: { question: 'Capital of France?' } });
    expect(r.status).toBe(201);
    expect(r.json.content).toBeNull();
  });
});
