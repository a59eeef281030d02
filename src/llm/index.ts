// The optional LLM: a synthesis over the excerpts, and the check every sentence of it must pass.
export { createLlmSynthesiser, type LlmOptions, type Synthesiser } from './synthesis.js';
export { verifySummary, verifyDisagreements, looksLikeInstruction, type ProposedDisagreement } from './verify.js';
