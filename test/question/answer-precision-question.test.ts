// Issue 22: reading what a question names and what kind of answer it wants.
import { describe, expect, it } from 'vitest';
import { answerTypeOf, holdsAnswerType, introducedName, introduces, mentions, nameCoverage, questionNames } from '../../src/question/index.js';

describe('names a question is about', () => {
  it('takes the question words and titles off a name', () => {
    expect(questionNames('Who is Senator Maria Delgado?').map((n) => n.text)).toEqual(['Maria Delgado']);
    expect(questionNames('What did Orion Mining announce in Perth?').map((n) => n.text)).toEqual(['Orion Mining', 'Perth']);
  });

  it('matches a person by surname and by title + surname, an organisation by all its words', () => {
    const [person] = questionNames('What did Maria Delgado say about the dam?');
    expect(mentions(person, 'Senator Delgado told reporters the dam was safe.')).toBe(true);
    expect(mentions(person, 'The senator told reporters the dam was safe.')).toBe(false);
    const [org] = questionNames('How much did Orion Mining pay?');
    expect(mentions(org, 'Orion said on Monday it would pay more.')).toBe(false);
    expect(mentions(org, 'Orion Mining will pay $4 million.')).toBe(true);
    expect(nameCoverage(questionNames('Did Orion Mining buy land in Perth?'), 'The land in Perth was sold.')).toBe(0.5);
  });
});

describe('"who is / what is X" questions', () => {
  it('finds the name to introduce and only for a name', () => {
    expect(introducedName('Who is Maria Delgado?')?.text).toBe('Maria Delgado');
    expect(introducedName('What is Orion Mining?')?.text).toBe('Orion Mining');
    expect(introducedName('Who is the mayor of Perth?')).toBeNull();
    expect(introducedName('What is the price of gold?')).toBeNull();
  });

  it('tells a sentence that introduces the name from one that only mentions it', () => {
    const name = introducedName('Who is Maria Delgado?')!;
    expect(introduces(name, 'Maria Delgado, the senator who chairs the water committee, opposed the plan.')).toBe(true);
    expect(introduces(name, 'State water commissioner Maria Delgado said the dam was safe.')).toBe(true);
    expect(introduces(name, 'The board named Maria Delgado as its new chair.')).toBe(true);
    expect(introduces(name, 'Delgado is a former engineer who built bridges.')).toBe(true);
    expect(introduces(name, 'Reporters asked about Delgado again on Monday.')).toBe(false);
    expect(introduces(name, 'The dam will open in May.')).toBe(false);
  });
});

describe('answer type found in a sentence', () => {
  it('"how much … pay" wants money, not another amount', () => {
    const q = 'How much is Orion Mining paying for the Perth site?';
    const t = answerTypeOf(q);
    expect(t.money).toBe(true);
    expect(holdsAnswerType(t, q, 'Orion Mining agreed to pay $310 million for the site.')).toBe(true);
    expect(holdsAnswerType(t, q, 'The site covers 40 hectares near the river.')).toBe(false);
  });

  it('"how many" wants a count of the thing asked about', () => {
    const q = 'How many ferries did the company order?';
    const t = answerTypeOf(q);
    expect(t.kind).toBe('count');
    expect(holdsAnswerType(t, q, 'The company ordered six ferries from a Norwegian yard.')).toBe(true);
    expect(holdsAnswerType(t, q, 'The company employs 400 workers at the yard.')).toBe(false);
  });

  it('"who" wants a person the question does not name', () => {
    const q = 'Who replaced Maria Delgado as chair?';
    const t = answerTypeOf(q);
    expect(t.kind).toBe('person');
    expect(holdsAnswerType(t, q, 'The board chose Tomas Reyes to replace her.')).toBe(true);
    expect(holdsAnswerType(t, q, 'Maria Delgado stepped down on Friday.')).toBe(false);
  });

  it('"when" wants a date and "where" a place', () => {
    const when = 'When did the bridge reopen?';
    expect(holdsAnswerType(answerTypeOf(when), when, 'The bridge reopened on 14 March 2023 after repairs.')).toBe(true);
    expect(holdsAnswerType(answerTypeOf(when), when, 'The bridge reopened after long repairs.')).toBe(false);
    const where = 'Where did the ferry run aground?';
    expect(holdsAnswerType(answerTypeOf(where), where, 'The ferry ran aground near Bergen late on Sunday.')).toBe(true);
    expect(holdsAnswerType(answerTypeOf(where), where, 'Nobody was hurt when the ferry ran aground.')).toBe(false);
  });
});
