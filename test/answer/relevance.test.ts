import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ANSWERABLE_FEATURES, answerableFeatures, answerableInput, FEATURES, keyTermsOf, modelInput, otherTermsOf, probability, RELEVANCE_MODEL, relevanceFeatures, type QuestionContext } from '../../src/answer/relevance.js';
import { DATA_22, STACK_ANSWERABLE_22, STACK_ISSUE_22, fitLogistic, MODEL, readData, train } from '../../scripts/train-relevance.js';
import { terms } from '../../src/index/terms.js';

describe('relevance features', () => {
  it('takes names and numbers of the question as key terms, not its first word', () => {
    expect(keyTermsOf('How much did Elon Musk pay for Twitter in 2022?').sort()).toEqual(['2022', 'elon', 'musk', 'twitter'].sort());
    expect(keyTermsOf('Which country hosted the summit?')).toEqual([]);
  });

  it('sees the answer kind in the sentence and in the next one', () => {
    const question = 'How much did Musk pay for Twitter?';
    const keyTerms = keyTermsOf(question);
    const q: QuestionContext = { terms: [...new Set(terms(question))], keyTerms, otherTerms: otherTermsOf(question, keyTerms), kind: 'amount', holdsKind: (t) => /\$\d/.test(t) };
    expect(q.otherTerms).toEqual(['pai']); // "pay", stemmed; not "how much", not the names
    const paragraph = { text: 'Musk agreed to buy Twitter last spring. He agreed to pay $44 billion.' };
    const base = { rank: 0, paragraph, title: 'Musk buys Twitter', cosine: 0.6, paragraphCosine: 0.7, bestCosine: 0.6, lexical: 1, fused: 1 };
    const first = relevanceFeatures(q, { ...base, text: 'Musk agreed to buy Twitter last spring.', start: 0, end: 39 });
    const second = relevanceFeatures(q, { ...base, text: 'He agreed to pay $44 billion.', start: 40, end: 69 });
    const f = (x: number[], name: (typeof FEATURES)[number]) => x[FEATURES.indexOf(name)];
    expect(first.length).toBe(FEATURES.length);
    expect(f(first, 'answerKind')).toBe(0);
    expect(f(first, 'nextAnswerKind')).toBe(1);
    expect(f(second, 'answerKind')).toBe(1);
    expect(f(first, 'keyTerms')).toBe(1);
    expect(f(second, 'keyTerms')).toBe(0);
    expect(f(second, 'otherTerms')).toBe(1);
    expect(f(first, 'otherTerms')).toBe(0);
    expect(f(second, 'neighbourTerms')).toBeGreaterThan(f(second, 'sentenceTerms'));
  });
});

describe('the relevance model', () => {
  it('has a weight for every feature and a probability bar', () => {
    // A model reads its features by name (issue 22 leaves out a signal its data did not vary).
    for (const f of RELEVANCE_MODEL.sentence.features) expect(FEATURES).toContain(f);
    expect(RELEVANCE_MODEL.sentence.weights).toHaveLength(RELEVANCE_MODEL.sentence.features.length);
    expect(RELEVANCE_MODEL.answerable.features.slice(0, ANSWERABLE_FEATURES.length)).toEqual([...ANSWERABLE_FEATURES]);
    expect(RELEVANCE_MODEL.answerable.bar).toBeGreaterThan(0);
    expect(RELEVANCE_MODEL.answerable.bar).toBeLessThan(1);
  });

  it('gives a higher probability to a sentence that holds the question’s words and names', () => {
    const x = (cos: number, share: number) => FEATURES.map((n) => (n.endsWith('Cosine') && n !== 'behindBestCosine' ? cos : /Terms$/.test(n) && n !== 'noKeyTerms' ? share : 0));
    const p = (v: number[]) => probability(RELEVANCE_MODEL.sentence, modelInput(RELEVANCE_MODEL.sentence, v));
    expect(p(x(0.7, 1))).toBeGreaterThan(p(x(0.2, 0)));
    const sure = answerableFeatures([{ features: x(0.8, 1) }, { features: x(0.3, 0) }]);
    expect(sure).toEqual([0.8, 0.8, 1]);
    const A = RELEVANCE_MODEL.answerable;
    expect(probability(A, answerableInput(A, [{ features: x(0.8, 1) }, { features: x(0.3, 0) }]))).toBeGreaterThan(A.bar);
    expect(probability(A, answerableInput(A, [{ features: x(0.2, 0) }]))).toBeLessThan(A.bar);
  });

  it('fitLogistic recovers a separable direction', () => {
    const xs = [[0], [0.1], [0.2], [0.8], [0.9], [1]];
    const fit = fitLogistic(xs, [0, 0, 0, 1, 1, 1], xs.map(() => 1), 0.1);
    expect(fit.weights[0]).toBeGreaterThan(3);
    expect(fit.bias).toBeLessThan(0);
  });

  it('scripts/train-relevance.ts reproduces the committed weights from the committed data', () => {
    const committed = JSON.parse(readFileSync(MODEL, 'utf8'));
    expect(train(readData(), STACK_ISSUE_22 && existsSync(DATA_22) ? readData(DATA_22) : undefined, STACK_ANSWERABLE_22)).toEqual(committed);
  });
});
