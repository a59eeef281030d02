import { describe, expect, it } from 'vitest';
import { analyseQuestion, orChoices, questionKind } from '../../src/claims/question-kind.js';
import { topicOf } from '../../src/disagree/disagreement.js';

describe('questionKind', () => {
  it.each([
    ['How long did the call last?', 'duration'],
    ['How many years did the dynasty rule?', 'duration'],
    ['When was Paul McCole born?', 'date'],
    ['What day did Karl Weyprecht die?', 'date'],
    ['In what year did the Whitehead Torpedo enter service?', 'date'],
    ['How many drones did Russia launch?', 'count'],
    ['How much did the deal cost?', 'amount'],
    ['How tall is Tyler Mane?', 'amount'],
    ['What percentage of voters backed him?', 'percentage'],
    ['What is the salinity of Lake Maracaibo?', 'percentage'],
    ['Who founded the company?', 'person'],
    ['What is the name of John Henry Seadlund’s father?', 'person'],
    ['Where did he die?', 'place'],
    ['Which party won the election?', 'organisation'],
    ['Did Putin accept the deal?', 'yesno'],
    ['Is Castle Donington a town or a village?', 'stance'],
  ])('%s → %s', (q, kind) => {
    expect(questionKind(q)).toBe(kind);
  });

  it.each(['What is the capital of France?', 'Why did the talks fail?', 'What did Trump say?', 'Tell me about the war'])('%s → null', (q) => {
    expect(questionKind(q)).toBe(null);
  });
});

describe('analyseQuestion', () => {
  it('splits subject, predicate and the counted thing', () => {
    const f = analyseQuestion('How many drones did Russia launch?')!;
    expect(f.countNoun).toBe('dron');
    expect(f.subject).toEqual(['russia']);
    expect(f.predicate).toEqual(['launch']);
  });

  it('treats "last" as part of "how long"', () => {
    const f = analyseQuestion('How long did the call last?')!;
    expect(f.predicate).toEqual(['call']);
    expect(f.hints).toContain('last');
  });

  it('turns a yes/no question with a date into a date question', () => {
    const f = analyseQuestion('Did Karl Weyprecht die on 2 March 1881?')!;
    expect(f.kind).toBe('date');
    expect(f.role).toBe('death');
    expect(f.given).toEqual(['on 2 March 1881']);
  });

  it('keeps only the last question of a text with context before it', () => {
    const f = analyseQuestion('Marina Augusta Pepper also called Marina Baker is a politician. When was Marina Baker born?')!;
    expect(f.question).toBe('When was Marina Baker born?');
    expect(f.role).toBe('birth');
  });

  it('does not cut a question after initials or abbreviations', () => {
    const q = 'When was the northbound span of the 14th Street Bridge renamed the Arland D. Williams Jr. Memorial Bridge?';
    const f = analyseQuestion(q)!;
    expect([f.kind, f.question]).toEqual(['date', q]);
    // "14th": the ordinal's suffix is not a word of the question.
    expect(f.predicate).toEqual(['northbound', 'span', 'renam']);
  });

  it('asks for a person when it asks for a birth, real or maiden name', () => {
    expect(questionKind('What is Heinrich Mark birth name?')).toBe('person');
    expect(questionKind('What was the real name of the singer?')).toBe('person');
    expect(questionKind('What is the name of the river?')).toBe(null);
  });

  it('counts the first plural after the number in a yes/no question', () => {
    expect(analyseQuestion('Does more than two monks know the secret recipe of Chartreuse?')!.countNoun).toBe('monk');
    expect(analyseQuestion('Has Emperor released more than one live albums?')!.countNoun).toBe('album');
  });

  it('reads "set up" as "establish"', () => {
    expect(analyseQuestion('When did Mari Fitzduff set up Mediation Northern Ireland?')!.predicate).toEqual(['establish']);
  });

  it('reads the options of a choice question', () => {
    expect(orChoices('Did Tipperary or Galway play the final?')).toEqual(['Tipperary', 'Galway']);
    expect(orChoices('Is Castle Donington considered to be a town or a village?')).toEqual(['town', 'village']);
  });
});

describe('topicOf', () => {
  it.each([
    ['How long did the call last?', 'how long the call lasted'],
    ['How many drones did Russia launch?', 'how many drones Russia launched'],
    ['When was Paul McCole born?', 'when Paul McCole was born'],
    ['How many drones were shot down?', 'how many drones were shot down'],
    ['How many homes were destroyed?', 'how many homes were destroyed'],
    ['When was the northbound span shut down?', 'when the northbound span was shut down'],
    ['What is the salinity of Lake Maracaibo?', 'the salinity of Lake Maracaibo'],
    ['Who was the manager of St Eunan’s GAA in 2017?', 'who was the manager of St Eunan’s GAA in 2017'],
  ])('%s → %s', (q, topic) => {
    expect(topicOf(analyseQuestion(q)!)).toBe(topic);
  });
});
