import { describe, expect, it } from 'vitest';
import { type CaseResult, loadCorpus, runAnswer, runFirstMessage } from './corpus-runner.js';

const firstMessages = loadCorpus('first-messages.json');
const answers = loadCorpus('answers.json');

function sum(results: readonly CaseResult[], key: 'extracted' | 'asked' | 'questions'): number {
  return results.reduce((total, r) => total + r[key], 0);
}

const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;

describe('intake corpus (test/core/intake/corpus)', () => {
  const first = firstMessages.map(runFirstMessage);
  const answered = answers.map(runAnswer);
  const all = [...first, ...answered];

  it('has at least 150 realistic messages in English and Dutch', () => {
    expect(all.length).toBeGreaterThanOrEqual(150);
    expect(new Set([...firstMessages, ...answers].map((c) => c.id)).size).toBe(all.length);
    for (const language of ['en', 'nl']) {
      expect(firstMessages.filter((c) => c.language === language).length).toBeGreaterThanOrEqual(40);
    }
  });

  it('never stores a field silently with a value the user did not mean', () => {
    const fields = sum(all, 'extracted') + sum(all, 'asked') + all.reduce((n, r) => n + r.wrong.length, 0);
    const wrong = all.flatMap((r) => r.wrong.map((w) => `${r.id}: ${w}`));
    const perTicket = sum(first, 'questions') / first.length;
    // The figures in README.md ("The terminal chat") come from this output.
    console.log(
      [
        `intake corpus: ${firstMessages.length} first messages, ${answers.length} answers`,
        `  fields taken without a question: ${sum(all, 'extracted')}/${fields} (${percent(sum(all, 'extracted'), fields)})`,
        `    first messages: ${sum(first, 'extracted')}/${sum(first, 'extracted') + sum(first, 'asked')}, answers: ${sum(answered, 'extracted')}/${sum(answered, 'extracted') + sum(answered, 'asked')}`,
        `  silently wrong fields: ${wrong.length}`,
        `  questions per ticket (required fields and questions back, first message to review): ${perTicket.toFixed(2)} (8 without extraction)`,
        `  questions back per answer: ${(sum(answered, 'questions') / answered.length).toFixed(2)}`,
      ].join('\n'),
    );
    expect(wrong).toEqual([]);
  });

  it('ends every conversation at the review with the values the user meant', () => {
    const mismatches = all
      .filter((r) => r.finalMismatches.length)
      .map((r) => `${r.id}: ${r.finalMismatches.join('; ')}`);
    expect(mismatches).toEqual([]);
  });

  it('takes most fields from the text itself', () => {
    const taken = sum(first, 'extracted') / (sum(first, 'extracted') + sum(first, 'asked'));
    expect(taken).toBeGreaterThan(0.75);
    expect(sum(first, 'questions') / first.length).toBeLessThan(6);
  });
});
