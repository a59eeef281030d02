// Reading a follow-up with its conversation (src/question/follow-up.ts): pure text in, text out.
import { describe, expect, it } from 'vitest';
import { namingForms, peopleIn, readFollowUp, type EarlierTurn } from '../../src/question/index.js';

const turn = (question: string, sourceIds: string[] = ['s1']): EarlierTurn => ({ question, resolved: question, sourceIds });

describe('readFollowUp', () => {
  it('reads a first question as it is', () => {
    expect(readFollowUp('Who is Pete Hegseth?', [])).toEqual({ question: 'Who is Pete Hegseth?', resolved: 'Who is Pete Hegseth?', followUp: false, boostSources: [] });
  });

  it('resolves he / she / her to the newest person, with earlier sources as a boost', () => {
    const r = readFollowUp('What did he say about the borders?', [turn('Who is Pete Hegseth?', ['a', 'b'])]);
    expect(r.resolved).toBe('What did Pete Hegseth say about the borders?');
    expect(r.followUp).toBe(true);
    expect(r.boostSources).toEqual(['a', 'b']);
    expect(r.newSubject).toBeUndefined();
    expect(readFollowUp('When did she announce her tour?', [turn('What did Taylor Swift say in Tokyo?')]).resolved).toBe('When did Taylor Swift announce Taylor Swift’s tour?');
    expect(readFollowUp('What did they ask her?', [turn('What did the senators ask Taylor Swift?')]).resolved).toBe('What did they ask Taylor Swift?');
  });

  it('resolves it to the newest name that is not a person', () => {
    expect(readFollowUp('How much did it cost?', [turn('What did Microsoft buy?')]).resolved).toBe('How much did Microsoft cost?');
  });

  it('asks the earlier question about the new subject of a short form, which must then be named where the answer comes from', () => {
    const r = readFollowUp('And the Kremlin?', [turn('What did the White House say about the call with Putin?')]);
    expect(r.resolved).toBe('What did the Kremlin say about the call with Putin?');
    expect(r.newSubject).toBe('the Kremlin');
    expect(r.subjectNames).toEqual(['Kremlin']);
    // A new subject is not helped by the earlier topic's sources.
    expect(r.boostSources).toEqual([]);
    expect(readFollowUp('And the EU?', [turn('What did the White House say about the call with Putin?')]).resolved).toBe('What did the EU say about the call with Putin?');
    const unknown = readFollowUp('What about Narnia?', [turn('How did OpenAI respond to Sam Altman leaving?')]);
    expect(unknown.resolved).toBe('How did Narnia respond to Sam Altman leaving?');
    expect(unknown.subjectNames).toEqual(['Narnia']);
  });

  it('reads "Why?" as the earlier question asked why', () => {
    expect(readFollowUp('Why?', [turn('Who resigned as defence minister?')]).resolved).toBe('Why? (Who resigned as defence minister)');
  });

  it('reads "And the sanctions?" as another side of the same subject', () => {
    expect(readFollowUp('And the sanctions?', [turn('Who is Pete Hegseth?')]).resolved).toBe('What about the sanctions, regarding Pete Hegseth?');
  });

  it('answers fresh a question naming a new subject without a pronoun', () => {
    const r = readFollowUp('Who is Joe Biden?', [turn('Who is Pete Hegseth?')]);
    expect(r).toEqual({ question: 'Who is Joe Biden?', resolved: 'Who is Joe Biden?', followUp: false, boostSources: [] });
  });

  it('keeps the newest subject over several turns', () => {
    const earlier = [turn('Who is Pete Hegseth?'), { question: 'What did he say?', resolved: 'What did Pete Hegseth say?', sourceIds: ['s2'] }];
    expect(readFollowUp('Where did he say it?', earlier).resolved).toBe('Where did Pete Hegseth say it?');
  });

  it('names a person by surname too, other names whole', () => {
    expect(namingForms('Pete Hegseth')).toEqual(['Pete Hegseth', 'Hegseth']);
    expect(namingForms('Quellmark Industries')).toEqual(['Quellmark Industries']);
  });
});

describe('names joined by a dash', () => {
  it('reads "the Trump–Putin call" as two names, a pronoun standing for the first person', () => {
    expect(readFollowUp('What did he say about the ceasefire?', [turn('How long did the Trump–Putin call last?')]).resolved).toBe('What did Trump say about the ceasefire?');
  });
});

describe('who "he" stands for when compromise knows no person', () => {
  it('takes a name written like a person’s, then a person the earlier answer named', () => {
    expect(readFollowUp('Which team does he play for?', [turn('What happened to Damar Hamlin during the game on Monday?')]).resolved).toBe('Which team does Damar Hamlin play for?');
    expect(readFollowUp('What did he say after leaving?', [turn('Why did Fox News part ways with Tucker Carlson?')]).resolved).toBe('What did Tucker Carlson say after leaving?');
    const won = { question: 'Who won the 2023 Masters Tournament?', resolved: 'Who won the 2023 Masters Tournament?', sourceIds: ['m'], answerPeople: ['Jon Rahm'] };
    expect(readFollowUp('Where is he from?', [won]).resolved).toBe('Where is Jon Rahm from?');
    expect(peopleIn('Jon Rahm won the Masters on Sunday, ahead of Phil Mickelson.')).toEqual(['Jon Rahm', 'Phil Mickelson']);
  });
});
