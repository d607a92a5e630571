import type { TaskCreate } from '@minga/sdk';
import type { Page } from 'playwright-core';

/** One task of a type, how the helper answers it in the browser, and the answer that must be recorded. */
export interface TaskCase {
  name: string;
  task: Omit<TaskCreate, 'project_id'>;
  by: 'mouse' | 'keyboard';
  act: (page: Page) => Promise<void>;
  expected: unknown;
}

const FORM_HTML = `<h2>About you</h2>
<form><label>Name <input name="name" required></label>
<label><input type="checkbox" name="agree"> I agree</label>
<label for="c">Colour</label><select id="c" name="color"><option value="red">Red</option><option value="green">Green</option></select></form>`;

const click = (name: string) => async (page: Page) => page.getByRole('button', { name, exact: true }).click();
const press = (key: string) => async (page: Page) => page.keyboard.press(key);

/** All thirteen task types, half answered by mouse and half by keyboard. `baseUrl` hosts images and audio. */
export function everyType(baseUrl: string): TaskCase[] {
  return [
    { name: 'yesno', task: { type: 'yesno', content: 'Is **this** a cat?' }, by: 'keyboard', act: press('y'), expected: 'yes' },
    { name: 'multi', task: { type: 'multi', content: 'Which colour is the sky?', answers: ['Red', 'Blue', 'Green'] }, by: 'mouse', act: click('Blue'), expected: 'Blue' },
    {
      name: 'fill',
      task: { type: 'fill', content: 'What is six times seven?', input: { placeholder: 'a number in words' } },
      by: 'keyboard',
      act: async (page) => {
        await page.keyboard.type('forty two');
        await page.keyboard.press('Enter');
      },
      expected: 'forty two',
    },
    {
      name: 'form',
      task: { type: 'form', format: 'html', content: FORM_HTML },
      by: 'mouse',
      act: async (page) => {
        const form = page.getByRole('form', { name: 'Form answer' });
        await form.getByLabel('Name').fill('Ana');
        await form.getByLabel('I agree').check();
        await form.getByLabel('Colour').selectOption('green');
        await form.getByRole('button', { name: /Submit/ }).click();
      },
      expected: { name: 'Ana', agree: true, color: 'green' },
    },
    {
      name: 'categorization',
      task: { type: 'categorization', input: { attachment: 'I loved this film', categories: ['negative', 'positive', 'neutral'], question: 'Sentiment?' } },
      by: 'keyboard',
      act: press('2'),
      expected: 'positive',
    },
    {
      name: 'label_image',
      task: { type: 'label_image', input: { image_url: `${baseUrl}/pet.png`, labels: ['Cat', 'Dog'], description: 'A pet' } },
      by: 'mouse',
      act: click('Dog'),
      expected: 'Dog',
    },
    { name: 'label_text', task: { type: 'label_text', input: { text: 'Refund my order now', categories: ['complaint', 'praise'] } }, by: 'keyboard', act: press('1'), expected: 'complaint' },
    { name: 'rate_quality', task: { type: 'rate_quality', input: { title: 'A summary', content: 'Short and right.', criteria: 'Accuracy' } }, by: 'keyboard', act: press('4'), expected: 4 },
    { name: 'verify_fact', task: { type: 'verify_fact', input: { claim: 'Water boils at 90 °C', context: 'At sea level.' } }, by: 'mouse', act: click('Cannot tell'), expected: 'indeterminate' },
    { name: 'moderate_content', task: { type: 'moderate_content', input: { content: 'Buy cheap pills!!!', guidelines: 'No spam' } }, by: 'keyboard', act: press('2'), expected: 'reject' },
    { name: 'compare_rank', task: { type: 'compare_rank', input: { option_a: 'Teh cat', option_b: 'The cat', criteria: 'Spelling' } }, by: 'keyboard', act: press('b'), expected: 'b' },
    {
      name: 'answer_question',
      task: { type: 'answer_question', input: { content: 'France is in Europe.', question: 'Capital of France?', answer_format: 'multiple_choice', choices: ['Lyon', 'Paris'] } },
      by: 'mouse',
      act: click('Paris'),
      expected: 'Paris',
    },
    {
      name: 'transcription_review',
      task: { type: 'transcription_review', input: { audio_url: `${baseUrl}/clip.mp3`, ai_transcript: 'helo world', language: 'en' } },
      by: 'keyboard',
      act: async (page) => {
        await page.keyboard.press('ControlOrMeta+A');
        await page.keyboard.type('hello world');
        await page.keyboard.press('Enter');
      },
      expected: 'hello world',
    },
  ];
}
