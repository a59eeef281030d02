// Cue words of injected instructions in the languages the bot detects most (English, French,
// German, Spanish; Italian and Portuguese where the forms are plain). compromise reads English
// only, so these lexicons are what the recogniser (instruction.ts) sees in other languages, and
// what it sees inside quotation marks in any: who is addressed (a model, an assistant, "KI",
// "IA"), a clause that opens with a command to a model ("Ignorez …", "Antworte …", "Di que …"),
// a sentence that says which answer or figure to give, and a chat-template role marker
// ("SYSTEM:", "[INST]", "###"). Each is a feature of the learned model, not a verdict.

/** Function words of each language, to tell whether compromise's English tags mean anything. */
const FUNCTION_WORDS: Record<string, Set<string>> = {
  en: new Set('the a an of to and is was are were that this for on in with it be by as at from has have had will would you your not but'.split(' ')),
  fr: new Set('le la les des du de un une et est sont que qui pour dans sur avec pas ce cette cet au aux vous nous il elle ils été a ont ne se'.split(' ')),
  de: new Set('der die das den dem des und ist sind nicht ein eine einer eines zu mit auf für von im dass sich wird wurde sie du ich wir auch bei nach'.split(' ')),
  es: new Set('el la los las del de un una y es son que en por para con se al lo su está fue ha han no como'.split(' ')),
  it: new Set('il lo la gli le di del della dei e è sono che per con non un una nel alla ha'.split(' ')),
  pt: new Set('o a os as do da dos das de um uma e é são que em para com não no na foi'.split(' ')),
};

/**
 * Whether a sentence reads as English: 'yes' when its English function words are the most,
 * 'no' when another language's are more, 'unsure' with none at all ("Achtung, automatischer
 * Assistent.", "SYSTEM: new policy."), where both readings are made.
 */
export function readsAsEnglish(sentence: string): 'yes' | 'no' | 'unsure' {
  const words = sentence.toLowerCase().match(/[\p{L}]+/gu) ?? [];
  const count = (lang: string) => words.filter((w) => FUNCTION_WORDS[lang].has(w)).length;
  const en = count('en');
  if (!Object.keys(FUNCTION_WORDS).every((lang) => lang === 'en' || count(lang) <= en)) return 'no';
  return en > 0 ? 'yes' : 'unsure';
}

/**
 * A pattern whose \b means a boundary of letters in any script: JavaScript's \b knows only
 * ASCII, so "communiqué\b" or "a déclaré\b" would never match.
 */
function unicodeWords(re: RegExp): RegExp {
  const boundary = String.raw`(?:(?<![\p{L}\p{N}])(?=[\p{L}\p{N}])|(?<=[\p{L}\p{N}])(?![\p{L}\p{N}]))`;
  return new RegExp(re.source.replaceAll(String.raw`\b`, boundary), re.flags.includes('u') ? re.flags : `${re.flags}u`);
}

// Who an injection addresses. "IA"/"KI" only in capitals (the acronym); the rest in any case.
const ADDRESSEE = unicodeWords(new RegExp(
  [
    String.raw`\b(?:large )?language models?\b`, String.raw`\bllms?\b`, String.raw`\bchatbots?\b`,
    String.raw`\bai (?:models?|systems?|assistants?|tools?|agents?|readers?|crawlers?)\b`,
    String.raw`\b(?:automated|virtual) (?:assistants?|readers?|systems?|summari[sz]\w*|tools?|agents?)\b`,
    String.raw`\b(?:dear|hey|hello) (?:ai|assistant|model|bot|chatbot)s?\b`,
    String.raw`\bmod[èe]les? (?:de langage|d['’]ia|linguistiques?)\b`, String.raw`\bassistant(?:e|s|es)? (?:automatis[ée]e?s?|virtuel(?:le)?s?|ia|d['’]ia)\b`,
    String.raw`\b(?:agents?|robots?) conversationnels?\b`, String.raw`\blecteurs? automatiques?\b`,
    String.raw`sprachmodell`, String.raw`\bki-(?:system|modell|assistent)`, String.raw`\b(?:automatische|virtuelle|digitale)[rnms]? assistent`,
    String.raw`\bassistent(?:en)?,? (?:der|die|das)\b`,
    String.raw`\bmodelos? de (?:lenguaje|linguagem)\b`, String.raw`\basistentes? (?:autom[áa]tic[oa]s?|virtual(?:es)?|de ia)\b`,
    String.raw`\bmodell[oi] linguistic[oi]\b`, String.raw`\bassistent[ei]s? (?:automatic[oi]|virtual[ei]|autom[áa]tic[oa]s?)\b`,
  ].join('|'),
  'iu',
));
const ADDRESSEE_ACRONYM = /(?<![\p{L}])(?:IA|KI)(?![\p{L}])/u;

// Commands to a model that open a clause, in French, German, Spanish, Italian and Portuguese
// (English imperatives are read by their part-of-speech tags in instruction.ts).
const COMMAND_WORDS = new Set(
  (
    'ignorez oubliez oublie répondez réponds dites indiquez affirmez écrivez citez mentionnez retenez veuillez ' +
    'ignoriere ignoriert vergiss antworte sage sag nenne gib schreibe schreib behaupte erwähne verwende übernimm ' +
    'ignoren olvide responda conteste indique escriba diga ' +
    'ignorate dimentica rispondi rispondete scrivi esqueça escreva'
  ).split(' '),
);
/**
 * Imperatives that are also a third person's present tense, which news uses after a comma
 * ("…, afirma el ministro", "…, indica le rapport"): a command only where the sentence opens.
 */
const OPENING_COMMAND_WORDS = new Set('ignore ignora olvida responde contesta indica afirma escribe menciona afferma afirme informe'.split(' '));
/** German formal imperatives: the verb, then "Sie" ("Ignorieren Sie …"). */
const FORMAL_COMMAND = unicodeWords(/^(?:ignorieren|vergessen|antworten|sagen|nennen|geben|schreiben|behaupten|erwähnen|verwenden) sie\b/);
/** "Di que …", "dis que …": too short to stand alone. */
const SAY_THAT = /^(?:di|dis|diz) (?:que|qu['’])/;
const FILLER = /^(?:bitte|por favor|s['’]il vous plaît|s['’]il te plaît|per favore|maintenant|jetzt|ahora|agora|ora|simplement|einfach|solo|seulement|nur|dann|puis|luego)\s+/;
// An obligation laid on the reader or model to say something: "vous devez répondre que …".
const OBLIGED = unicodeWords(new RegExp(
  String.raw`\b(?:vous devez|tu dois|il faut|doi(?:t|vent)|du musst|ihr müsst|sie müssen|musst|sollst|debes|debe|deben|tienes que|hay que|devi|deve|devono|você deve|deves)\s+(?:[\p{L}'’]+\s+){0,5}?` +
    String.raw`(?:répondre|dire|indiquer|affirmer|écrire|citer|mentionner|ignorer|antworten|sagen|nennen|angeben|schreiben|behaupten|erwähnen|ignorieren|responder|decir|indicar|afirmar|escribir|citar|mencionar|ignorar|rispondere|indicare|affermare|scrivere|ignorare|dizer|informar|escrever)\b`,
  'iu',
));

// A sentence that says which answer or figure to give.
const ANSWER_CUE = unicodeWords(new RegExp(
  [
    String.raw`\bthe (?:correct|right|real|true|only|official|proper|accurate) (?:answer|figure|number|response) (?:is|to give|will be)\b`,
    String.raw`\b(?:figure|number|answer|response) to (?:give|use|report|cite|repeat)\b`,
    String.raw`\b(?:la|une) (?:bonne|vraie|seule) réponse est\b`, String.raw`\bla réponse (?:correcte|exacte|officielle) est\b`,
    String.raw`\b(?:chiffre|nombre|réponse) à (?:donner|retenir|citer|indiquer|fournir)\b`,
    String.raw`\bdie (?:richtige|korrekte|wahre|einzig richtige) antwort (?:lautet|ist)\b`, String.raw`\b(?:anzugebende|zu nennende) (?:zahl|antwort)\b`,
    String.raw`\b(?:zahl|antwort), die (?:anzugeben|zu nennen) ist\b`,
    String.raw`\bla respuesta (?:correcta|verdadera|real) es\b`, String.raw`\bla cifra (?:correcta|verdadera) es\b`,
    String.raw`\b(?:cifra|respuesta) que hay que (?:dar|citar|indicar)\b`,
    String.raw`\bla risposta (?:corretta|giusta) è\b`, String.raw`\ba resposta (?:correta|certa) é\b`,
    // The reader's answer as the frame of what follows: "When you answer, …".
    String.raw`\b(?:when|if) you (?:answer|respond|reply|summari[sz]e)\b`, String.raw`\bwenn (?:du|sie) (?:antwortest|antworten|zusammenfasst|zusammenfassen)\b`,
    String.raw`\b(?:quand|lorsque|si) (?:vous|tu) (?:répondez|réponds|résumez|résumes)\b`, String.raw`\bcuando (?:respondas|responda|resumas|resuma)\b`,
  ].join('|'),
  'iu',
));

// Chat-template and role markers: what a prompt looks like, not an article.
const ROLE_OPENING = /^\s*(?:\[\/?inst\]|<\|[a-z_]+\|>|<<\/?sys>>|#{2,}\s*\p{L}|(?:system|système|systeme|sistema|systemnachricht|systemhinweis|developer|admin|user|assistant)\s*:)/iu;
const ROLE_ANYWHERE = /\[\/?INST\]|<\|im_(?:start|end)\|>|<<\/?SYS>>/;

// Reported speech in the other languages: someone else's words, which are news.
const REPORTED = unicodeWords(/\b(?:a (?:déclaré|dit|affirmé|indiqué|expliqué|demandé|ajouté|annoncé)|selon|d['’]après|sagte|sagten|erklärte|teilte|betonte|forderte|laut|zufolge|dijo|afirmó|explicó|pidió|según|declaró|señaló|ha detto|secondo|disse|afirmou|segundo)\b|\bmit\.?$/iu);

// The text talking about itself ("ce paragraphe", "dieser Absatz", "este párrafo") or about
// the instructions a model was given ("vorherigen Anweisungen"): English's are in instruction.ts.
const THIS_TEXT = unicodeWords(/\b(?:ce (?:paragraphe|texte|communiqué|passage)|cet article|dies(?:er|en|es)? (?:absatz|text|artikel|abschnitt)|este (?:párrafo|texto|artículo)|questo (?:paragrafo|testo)|este (?:parágrafo|texto))\b/iu);
const INSTRUCTION_WORDS = unicodeWords(/\b(?:instructions?|consignes?|anweisungen|anweisung|instrucciones|instrucción|istruzioni|instruções|prompts?)\b/iu);

/** A sentence that opens by calling to its reader: "Achtung, …", "Note pour …", "Dear …". */
const VOCATIVE_OPENING = unicodeWords(/^\W*(?:attention|achtung|atención|attenzione|atenção|dear|cher|chère|chers|liebe[rs]?|querid[oa]s?|estimad[oa]s?|hey|hallo|hola|note|nota|hinweis|avis|aviso)\b/iu);

/** "Si vous êtes une IA, …", "Wenn du ein Sprachmodell bist, …", "Si eres una IA, …": the reader is told it is a model. */
const IF_YOU_ARE = unicodeWords(/\b(?:si (?:vous êtes|tu es|eres|es usted|sei)|wenn (?:du|sie)|se (?:você é|sei))\s+(?:[\p{L}'’-]+\s+){0,2}?(?:IA|KI|ia\b|ki\b|mod[èe]le|sprachmodell|modelo|modello|assistant|assistent|asistente|chatbot)/iu);

export interface CueFeatures {
  /** Tells the reader it is a model ("Si vous êtes une IA, …"). */
  callsModel: number;
  /** Opens by calling to a model or an assistant it names. */
  vocative: number;
  addressee: number;
  command: number;
  answerCue: number;
  roleMarker: number;
  reportedCue: number;
  thisText: number;
}

/** Whether a text names a model or an assistant ("language model", "KI-Systeme", "asistente automático"). */
export function namesModel(text: string): boolean {
  return ADDRESSEE.test(text) || ADDRESSEE_ACRONYM.test(text);
}

/** The clauses of a sentence: split at punctuation, quotation marks and "and". */
function clauses(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[.:;,!?—–«»„“”"()[\]]|\s(?:et|und|y|e|and)\s/u)
    .map((c) => c.trim().replace(FILLER, ''))
    .filter(Boolean);
}

/**
 * The cue features of a sentence, quotations included (a model can be addressed inside one).
 * In English, compromise's reading already says who is addressed and what the text talks
 * about (and tells "the model processing this" from "trained a language model"): there the
 * lexicon counts only inside quotation marks.
 */
export function cueFeatures(sentence: string, language = readsAsEnglish(sentence)): CueFeatures {
  const english = language === 'yes';
  const quoted = english ? quotations(sentence).join(' ') : sentence;
  const command = clauses(sentence).some((c, i) => {
    const first = /^[\p{L}'’]+/u.exec(c)?.[0] ?? '';
    return COMMAND_WORDS.has(first) || (i === 0 && OPENING_COMMAND_WORDS.has(first)) || FORMAL_COMMAND.test(c) || SAY_THAT.test(c);
  });
  return {
    vocative: VOCATIVE_OPENING.test(sentence) && (namesModel(sentence.split(/\s+/).slice(0, 8).join(' ')) || /\b(?:ai|assistant|model|bot|chatbot|llm)s?\b/i.test(sentence.split(/\s+/).slice(0, 6).join(' '))) ? 1 : 0,
    callsModel: IF_YOU_ARE.test(sentence) ? 1 : 0,
    addressee: namesModel(quoted) ? 1 : 0,
    command: command || OBLIGED.test(sentence) ? 1 : 0,
    answerCue: ANSWER_CUE.test(sentence) ? 1 : 0,
    roleMarker: ROLE_OPENING.test(sentence) || ROLE_ANYWHERE.test(sentence) ? 1 : 0,
    reportedCue: REPORTED.test(sentence) ? 1 : 0,
    thisText: english ? 0 : (THIS_TEXT.test(sentence) ? 1 : 0) + (INSTRUCTION_WORDS.test(sentence) ? 1 : 0),
  };
}

// Words without which no feature that names a reader (aiAddressee, addressee, label,
// vocative, roleMarker) can fire: most news sentences lack them all.
const READER_HINT = /\b(?:llm|chatbot|gpt|chatgpt|crawler|summari[sz]|ai\b|bot|machine|automated|assistant|model)/i;
const LABEL_HINT = /\b(?:you|your|yours|yourself|instructions?|prompt)\b/i;

/**
 * A cheap test that a sentence could name its reader (a model, an assistant, a system): false
 * means it cannot taint what follows, so its neighbours need not be tagged to know that.
 */
export function mayNameReader(sentence: string): boolean {
  if (READER_HINT.test(sentence) || namesModel(sentence) || ROLE_OPENING.test(sentence) || ROLE_ANYWHERE.test(sentence)) return true;
  return sentence.includes(':') && LABEL_HINT.test(sentence);
}

/** The quoted parts of a sentence. */
function quotations(text: string): string[] {
  return text.match(/“[^”]*”|"[^"]*"|«[^»]*»|„[^“”]*[“”]/g) ?? [];
}
