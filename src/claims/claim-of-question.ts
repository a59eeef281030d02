// The claim a question is about, as a statement: "Is it true that X?" → X; "Did Putin accept the
// ceasefire?" → "Putin accepted the ceasefire"; "Putin accepted the ceasefire?" → itself.
// Wh-questions ("How long …", "Who …") ask for a value, not about a claim: null.
import nlp from 'compromise';

const LEAD = /^(?:is it (?:true|correct|right|accurate|the case|a fact)|was it (?:true|the case)|did it turn out|do (?:you|we) know|is there (?:any )?(?:evidence|proof)|are there reports)\s+(?:that\s+)?/i;
const WH = /^(?:how|what|which|who|whom|whose|when|where|why)\b/i;
const AUX = /^(did|does|do|is|are|was|were|has|have|had|can|could|will|would|should)\s+(.+)$/i;

export function claimOfQuestion(question: string): string | null {
  const q = question.replace(/\s+/g, ' ').trim().replace(/[?.!]+\s*$/, '').trim();
  if (!q || WH.test(q)) return null;
  const lead = LEAD.exec(q);
  if (lead) {
    const rest = q.slice(lead[0].length).trim();
    return rest.split(/\s+/).length >= 2 ? rest : null;
  }
  const m = AUX.exec(q);
  if (!m) {
    // A statement put as a question ("Putin accepted the ceasefire?"): it has a verb of its own.
    return question.trim().endsWith('?') && nlp(q).verbs().length > 0 && q.split(/\s+/).length >= 3 ? q : null;
  }
  const aux = m[1].toLowerCase();
  const rest = m[2];
  // An either-or question asks for a choice, not about a claim.
  if (/\bor\b/i.test(rest)) return null;
  if (aux === 'did' || aux === 'does' || aux === 'do') {
    const doc = nlp(rest);
    if (aux === 'did') doc.verbs().toPastTense();
    else if (aux === 'does') doc.verbs().toPresentTense();
    const text = doc.text().trim();
    return text.split(/\s+/).length >= 2 ? text : null;
  }
  // "Is the bridge closed" → "the bridge is closed": the auxiliary goes after the subject (its
  // first noun phrase); when compromise finds none, the words stay as they are (the model
  // reads words, not order).
  const first = nlp(rest).nouns().first();
  const np = first.found && rest.startsWith(first.text()) ? first.text().replace(/[,;:]$/, '') : '';
  if (np && rest.startsWith(np) && rest.length > np.length) return `${np} ${aux} ${rest.slice(np.length).trim()}`;
  return rest.split(/\s+/).length >= 2 ? `${rest}` : null;
}
