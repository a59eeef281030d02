// Who a sentence's denial or statement belongs to: "The Kremlin denied the reports" → "The
// Kremlin"; "…, Peskov said." → "Peskov"; "According to the ministry, …" → "the ministry". A
// refutation is shown with its party, so a reader sees a denial by the accused apart from a
// newsroom's own finding. Null when the sentence is the source's own voice.
import nlp from 'compromise';

/** Verbs a party denies or states with; the subject before one is the party. */
const SPEECH = '(?:denied|denies|deny|dismissed|dismisses|rejected|rejects|refuted|refutes|disputed|disputes|called|calls|said|says|told|insisted|insists|stated|states|confirmed|confirms|added|claimed|claims)';
const SUBJECT_FIRST = new RegExp(`^(?:[^,]{0,40},\\s*)?((?:the |a |an )?[A-Z][\\w’'.-]*(?:\\s+[\\w’'.-]+){0,5}?)\\s+(?:has |have |had |also |quickly |flatly |strongly )?${SPEECH}\\b`);
const SAID_AFTER = new RegExp(`,\\s*((?:the |a |an )?[\\w’'.-]+(?:\\s+[\\w’'.-]+){0,5}?)\\s+${SPEECH}(?:\\s+(?:on|in|at|late|earlier|this|last)\\b[^,.]*)?\\s*[.!”"]*\\s*$`, 'i');
const SAID_INVERTED = new RegExp(`,\\s*${SPEECH}\\s+((?:the |a |an )?[\\w’'.-]+(?:\\s+[\\w’'.-]+){0,5}?)\\s*[.!”"]*\\s*$`, 'i');
const ACCORDING = /\baccording to ((?:the |a |an )?[\w’'.-]+(?:\s+[\w’'.-]+){0,5}?)(?=[,.;]|$)/i;

/** A party's name looks like one: a noun phrase compromise reads as such, no clause inside. */
function plausibleParty(p: string): boolean {
  if (p.split(/\s+/).length > 6 || /^(it|this|that|there|they|he|she|we|i|you)$/i.test(p)) return false;
  return nlp(p).nouns().found;
}

/** The party a sentence's claim or denial is attributed to, or null. */
export function attributionOf(sentence: string): string | null {
  const text = sentence.trim();
  for (const re of [ACCORDING, SAID_INVERTED, SAID_AFTER, SUBJECT_FIRST]) {
    const m = re.exec(text);
    const party = m?.[1]?.trim().replace(/[,;:]+$/, '');
    if (party && plausibleParty(party)) return party;
  }
  return null;
}
