// Features of a source relative to the claim (issue 23): what its sentences about the claim's
// core do with it (sentence-stance.ts: asserts, asserts the opposite, calls it false, reports
// it), and the claim's polarity crossed with the source's debunking wording. A body calling a
// story a hoax agrees with "X is a hoax" and disagrees with "X happened": cue counts alone
// cannot carry that, their product with the claim's polarity can.
import { claimCore } from './claim-core.js';
import { debunks, judgeSentences, verdictOf } from './sentence-stance.js';

export const RELATIVE_FEATURES = [
  'negativeClaim',
  'debunkingXeventClaim',
  'debunkingXnegativeClaim',
  'sentAsserts',
  'sentOpposite',
  'sentCallsFalse',
  'sentReports',
  'verdictRefutes',
  'bothSides',
] as const;

export function relativeFeatures(claim: string, sentences: string[]): number[] {
  const core = claimCore(claim);
  const judged = judgeSentences(core, sentences);
  const count = (act: string) => Math.log1p(judged.filter((j) => j.act === act).length);
  const debunking = Math.log1p(sentences.filter(debunks).length);
  const verdict = verdictOf(judged);
  const negative = core.negative ? 1 : 0;
  return [
    negative,
    (1 - negative) * debunking,
    negative * debunking,
    count('asserts'),
    count('opposite'),
    count('calls-false'),
    count('reports'),
    verdict.stance === 'refutes' ? 1 : 0,
    verdict.asserting && verdict.against ? 1 : 0,
  ];
}
