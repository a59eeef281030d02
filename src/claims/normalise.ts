// Normalised values and when two of them say the same thing.
//
// Quantities become intervals in a base unit (minutes, metres, square metres, kilograms,
// km/h, litres, percent, or one currency). Dates become intervals of day ordinals. Names
// become last-name keys. The comparison is deliberately about *what a reader sees*: two
// different figures for the same thing are reported even when, read as bounds, they could
// both be true ("over an hour" vs "two hours"), while the same figure with softer wording
// ("nearly three years" vs "almost three years", "2.5%" vs "2.5 percent") is not.
import { fold, levenshtein } from './words.js';

export type Dim = 'time' | 'count' | 'percent' | 'length' | 'area' | 'mass' | 'speed' | 'volume' | `money:${string}`;

/** A dimension with all currencies as one class ("money"). */
export type DimClass = 'time' | 'count' | 'percent' | 'length' | 'area' | 'mass' | 'speed' | 'volume' | 'money';

export function dimClass(d: Dim): DimClass {
  return d.startsWith('money:') ? 'money' : (d as DimClass);
}

/** How the figure was qualified in the text. */
export type Qualifier = 'exact' | 'approx' | 'below-approx' | 'above' | 'below';

export interface Quantity {
  type: 'quantity';
  dim: Dim;
  /** The stated figure (or range) in the base unit of its dimension. */
  lo: number;
  hi: number;
  qualifier: Qualifier;
  /** Set when the text gave the figure in two units ("43 miles (69 km)"): conversions round. */
  converted?: boolean;
  /** The figure in the unit(s) it was written in (factor = size of that unit in the base unit). */
  stated?: { factor: number; lo: number; hi: number }[];
}

export interface DateValue {
  type: 'date';
  /** Day ordinals (year*372 + (month-1)*31 + day-1); see `dayOrdinal`. Infinite for open ends. */
  lo: number;
  hi: number;
  /** False for "May 9" with no year and no reference date to place it. */
  hasYear: boolean;
  month?: number;
  day?: number;
}

export interface NamesValue {
  type: 'names';
  entity: 'person' | 'place' | 'organisation';
  /** Names as written, titles removed. */
  names: string[];
}

export interface ChoiceValue {
  type: 'choice';
  option: string;
}

export interface PolarityValue {
  type: 'polarity';
  positive: boolean;
}

export type Normalised = Quantity | DateValue | NamesValue | ChoiceValue | PolarityValue;

interface UnitDef {
  dim: Dim;
  factor: number;
}

// Base units: minutes, metres, square metres, kilograms, km/h, litres.
const UNITS: Record<string, UnitDef> = {
  second: { dim: 'time', factor: 1 / 60 }, seconds: { dim: 'time', factor: 1 / 60 }, sec: { dim: 'time', factor: 1 / 60 }, secs: { dim: 'time', factor: 1 / 60 },
  minute: { dim: 'time', factor: 1 }, minutes: { dim: 'time', factor: 1 }, min: { dim: 'time', factor: 1 }, mins: { dim: 'time', factor: 1 },
  hour: { dim: 'time', factor: 60 }, hours: { dim: 'time', factor: 60 }, hr: { dim: 'time', factor: 60 }, hrs: { dim: 'time', factor: 60 },
  day: { dim: 'time', factor: 1440 }, days: { dim: 'time', factor: 1440 },
  week: { dim: 'time', factor: 10080 }, weeks: { dim: 'time', factor: 10080 }, fortnight: { dim: 'time', factor: 20160 },
  month: { dim: 'time', factor: 43830 }, months: { dim: 'time', factor: 43830 },
  year: { dim: 'time', factor: 525960 }, years: { dim: 'time', factor: 525960 }, yr: { dim: 'time', factor: 525960 }, yrs: { dim: 'time', factor: 525960 },
  decade: { dim: 'time', factor: 5259600 }, decades: { dim: 'time', factor: 5259600 },
  century: { dim: 'time', factor: 52596000 }, centuries: { dim: 'time', factor: 52596000 },
  km: { dim: 'length', factor: 1000 }, kilometre: { dim: 'length', factor: 1000 }, kilometres: { dim: 'length', factor: 1000 },
  kilometer: { dim: 'length', factor: 1000 }, kilometers: { dim: 'length', factor: 1000 },
  m: { dim: 'length', factor: 1 }, metre: { dim: 'length', factor: 1 }, metres: { dim: 'length', factor: 1 }, meter: { dim: 'length', factor: 1 }, meters: { dim: 'length', factor: 1 },
  cm: { dim: 'length', factor: 0.01 }, centimetres: { dim: 'length', factor: 0.01 }, centimeters: { dim: 'length', factor: 0.01 },
  mm: { dim: 'length', factor: 0.001 }, millimetres: { dim: 'length', factor: 0.001 }, millimeters: { dim: 'length', factor: 0.001 },
  mile: { dim: 'length', factor: 1609.344 }, miles: { dim: 'length', factor: 1609.344 }, mi: { dim: 'length', factor: 1609.344 },
  ft: { dim: 'length', factor: 0.3048 }, foot: { dim: 'length', factor: 0.3048 }, feet: { dim: 'length', factor: 0.3048 },
  inch: { dim: 'length', factor: 0.0254 }, inches: { dim: 'length', factor: 0.0254 },
  yard: { dim: 'length', factor: 0.9144 }, yards: { dim: 'length', factor: 0.9144 },
  acre: { dim: 'area', factor: 4046.86 }, acres: { dim: 'area', factor: 4046.86 },
  hectare: { dim: 'area', factor: 1e4 }, hectares: { dim: 'area', factor: 1e4 }, ha: { dim: 'area', factor: 1e4 },
  km2: { dim: 'area', factor: 1e6 }, m2: { dim: 'area', factor: 1 },
  kg: { dim: 'mass', factor: 1 }, kilogram: { dim: 'mass', factor: 1 }, kilograms: { dim: 'mass', factor: 1 }, kilo: { dim: 'mass', factor: 1 }, kilos: { dim: 'mass', factor: 1 },
  g: { dim: 'mass', factor: 0.001 }, gram: { dim: 'mass', factor: 0.001 }, grams: { dim: 'mass', factor: 0.001 },
  lb: { dim: 'mass', factor: 0.4536 }, lbs: { dim: 'mass', factor: 0.4536 },
  tonne: { dim: 'mass', factor: 1000 }, tonnes: { dim: 'mass', factor: 1000 }, ton: { dim: 'mass', factor: 1000 }, tons: { dim: 'mass', factor: 1000 },
  oz: { dim: 'mass', factor: 0.02835 }, ounce: { dim: 'mass', factor: 0.02835 }, ounces: { dim: 'mass', factor: 0.02835 },
  mph: { dim: 'speed', factor: 1.609344 }, kph: { dim: 'speed', factor: 1 }, knots: { dim: 'speed', factor: 1.852 }, knot: { dim: 'speed', factor: 1.852 },
  litre: { dim: 'volume', factor: 1 }, litres: { dim: 'volume', factor: 1 }, liter: { dim: 'volume', factor: 1 }, liters: { dim: 'volume', factor: 1 },
  gallon: { dim: 'volume', factor: 3.785 }, gallons: { dim: 'volume', factor: 3.785 }, barrel: { dim: 'volume', factor: 159 }, barrels: { dim: 'volume', factor: 159 },
  percent: { dim: 'percent', factor: 1 }, '%': { dim: 'percent', factor: 1 }, pct: { dim: 'percent', factor: 1 },
};

/** Currency words and symbols → ISO-ish code. */
export const CURRENCIES: Record<string, string> = {
  $: 'USD', 'us$': 'USD', usd: 'USD', dollar: 'USD', dollars: 'USD',
  '€': 'EUR', eur: 'EUR', euro: 'EUR', euros: 'EUR',
  '£': 'GBP', gbp: 'GBP', pound: 'GBP', pounds: 'GBP', sterling: 'GBP',
  '¥': 'JPY', yen: 'JPY', yuan: 'CNY', renminbi: 'CNY', rouble: 'RUB', roubles: 'RUB', ruble: 'RUB', rubles: 'RUB',
  rupee: 'INR', rupees: 'INR', hryvnia: 'UAH', hryvnias: 'UAH', franc: 'CHF', francs: 'CHF', shilling: 'SHILLING', shillings: 'SHILLING',
};

export function unitDef(word: string): UnitDef | undefined {
  return Object.prototype.hasOwnProperty.call(UNITS, word) ? UNITS[word] : undefined;
}

export function dayOrdinal(year: number, month = 1, day = 1): number {
  return year * 372 + (month - 1) * 31 + (day - 1);
}

export function yearInterval(y0: number, y1 = y0): { lo: number; hi: number } {
  return { lo: dayOrdinal(y0), hi: dayOrdinal(y1, 12, 31) };
}

const APPROX_TOLERANCE = 0.1;
/** Figures written in the same unit must match exactly ("650,000" is not "652,723"). */
const SAME_FIGURE = 1e-9;
const SAME_FIGURE_CONVERTED = 0.03;

function close(a: number, b: number, tol: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * True when the two values say the same thing, false when a reader would see two different
 * answers, null when they cannot be compared (different dimensions or types).
 */
export function compatible(a: Normalised, b: Normalised): boolean | null {
  if (a.type === 'quantity' && b.type === 'quantity') return quantitiesCompatible(a, b);
  if (a.type === 'date' && b.type === 'date') return datesCompatible(a, b);
  if (a.type === 'names' && b.type === 'names') return namesCompatible(a, b);
  if (a.type === 'choice' && b.type === 'choice') return fold(a.option) === fold(b.option);
  if (a.type === 'polarity' && b.type === 'polarity') return a.positive === b.positive;
  return null;
}

export function quantitiesCompatible(a: Quantity, b: Quantity): boolean | null {
  if (a.dim !== b.dim) return null;
  // Written in the same unit: compare as written, tightly. Otherwise compare converted
  // values, allowing for the rounding of conversions ("43 miles" vs "69 km").
  let alo = a.lo, ahi = a.hi, blo = b.lo, bhi = b.hi;
  let tol = SAME_FIGURE_CONVERTED;
  const common = a.stated?.find((x) => b.stated?.some((y) => Math.abs(y.factor - x.factor) < 1e-9 * x.factor));
  if (common) {
    const other = b.stated!.find((y) => Math.abs(y.factor - common.factor) < 1e-9 * common.factor)!;
    [alo, ahi, blo, bhi] = [common.lo, common.hi, other.lo, other.hi];
    tol = SAME_FIGURE;
  } else if (!a.stated || !b.stated) tol = SAME_FIGURE;
  // Points within rounding, or stated ranges ("57–58%", "between 1.5 and 3.8%") that overlap.
  const sameFigure = alo <= bhi + tol * Math.abs(bhi) && blo <= ahi + tol * Math.abs(ahi);
  if (sameFigure) {
    // The same figure as a floor in one text and a ceiling in the other is a disagreement.
    const opposite = (a.qualifier === 'above' && (b.qualifier === 'below' || b.qualifier === 'below-approx')) ||
      (b.qualifier === 'above' && (a.qualifier === 'below' || a.qualifier === 'below-approx'));
    return !opposite;
  }
  // "About two hours" and "two hours and ten minutes" are compatible; "nearly three years"
  // and "two years and ten months" too.
  const approx = (q: Quantity) => q.qualifier === 'approx' || q.qualifier === 'below-approx';
  if (approx(a) || approx(b)) {
    const ma = (a.lo + a.hi) / 2;
    const mb = (b.lo + b.hi) / 2;
    if (close(ma, mb, APPROX_TOLERANCE)) return true;
  }
  return false;
}

export function datesCompatible(a: DateValue, b: DateValue): boolean | null {
  if (a.hasYear && b.hasYear) return a.lo <= b.hi && b.lo <= a.hi;
  // Without a year on one side, compare what both state.
  if (a.month === undefined || b.month === undefined) return null;
  if (a.month !== b.month) return false;
  if (a.day !== undefined && b.day !== undefined) return a.day === b.day;
  return true;
}

/** The key a person is compared by: the folded last name with transliteration endings unified. */
/** Keys already worked out: an ingest keys every name of the corpus (surnamesOf, canonicalNear), most of them many times. */
const lastNameKeys = new Map<string, string>();

export function lastNameKey(name: string): string {
  const hit = lastNameKeys.get(name);
  if (hit !== undefined) return hit;
  // Bounded: a long-lived process meets new names forever.
  if (lastNameKeys.size >= 1_000_000) lastNameKeys.clear();
  const key = computeLastNameKey(name);
  lastNameKeys.set(name, key);
  return key;
}

function computeLastNameKey(name: string): string {
  const parts = name.trim().split(/\s+/);
  let last = parts[parts.length - 1] ?? '';
  if (/^(jr|sr|ii|iii|iv)\.?$/i.test(last) && parts.length > 1) last = parts[parts.length - 2];
  return fold(last)
    .replace(/[^a-z]/g, '')
    .replace(/(skyy|skyi|skiy|skij|skii|ski|sky)$/, 'sky');
}

export function lastNamesMatch(a: string, b: string): boolean {
  const ka = lastNameKey(a);
  const kb = lastNameKey(b);
  if (!ka || !kb) return false;
  if (ka === kb) return true;
  return Math.min(ka.length, kb.length) >= 6 && levenshtein(ka, kb) <= 1;
}

function firstNamesCompatible(a: string, b: string): boolean {
  const fa = fold(a).replace(/\./g, '').split(/\s+/);
  const fb = fold(b).replace(/\./g, '').split(/\s+/);
  if (fa.length < 2 || fb.length < 2) return true;
  const x = fa[0];
  const y = fb[0];
  if (x === y) return true;
  if (x.length === 1 || y.length === 1 || /^[a-z]{2}$/.test(x) || /^[a-z]{2}$/.test(y)) return x[0] === y[0];
  return levenshtein(x, y) <= 1 && Math.min(x.length, y.length) >= 5;
}

/** "Kaja Kallas" = "Kallas"; "Zelensky" = "Volodymyr Zelenskyy"; "Paul Seadlund" ≠ "Peter Seadlund". */
export function samePerson(a: string, b: string): boolean {
  return lastNamesMatch(a, b) && firstNamesCompatible(a, b);
}

/** People agree when they share a person; places and organisations when they share a distinctive word. */
export function namesCompatible(a: NamesValue, b: NamesValue): boolean | null {
  if (a.names.length === 0 || b.names.length === 0) return null;
  if (a.entity !== b.entity) return null;
  if (a.entity === 'person') return a.names.some((x) => b.names.some((y) => samePerson(x, y)));
  return a.names.some((x) => b.names.some((y) => fold(x) === fold(y) || tokenOverlap(x, y)));
}

// Places and organisations: "Taichung, Taiwan" and "Taiwan" share a word.
function tokenOverlap(a: string, b: string): boolean {
  const generic = new Set(['the', 'of', 'and', 'club', 'city', 'county', 'river', 'lake', 'mount', 'saint', 'st', 'new', 'north', 'south', 'east', 'west', 'university', 'stadium', 'fc', 'gaa']);
  const ta = fold(a).split(/[^a-z0-9]+/).filter((w) => w.length > 2 && !generic.has(w));
  const tb = new Set(fold(b).split(/[^a-z0-9]+/).filter((w) => w.length > 2 && !generic.has(w)));
  return ta.some((w) => tb.has(w));
}
