// A pino record as one line a person reads in a terminal: "12:03:44 WARN  the message (key=value …)".
// Used in console mode, where JSON between answers is noise (issue 14 part 7).

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const SKIP = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'app', 'v']);

function clockTime(ms: number): string {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

function valueText(v: unknown): string {
  if (typeof v === 'string') return /[\s"=]/.test(v) || v === '' ? JSON.stringify(v) : v;
  if (v && typeof v === 'object' && 'message' in v && typeof (v as { message: unknown }).message === 'string') return JSON.stringify((v as { message: string }).message);
  return JSON.stringify(v) ?? String(v);
}

/** One JSON log line to one human line (a line that is not JSON passes through unchanged). */
export function humanLogLine(json: string): string {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.replace(/\n$/, '');
  }
  const level = (LEVELS[Number(rec.level)] ?? String(rec.level)).padEnd(5);
  const time = typeof rec.time === 'number' ? clockTime(rec.time) : '';
  const fields = Object.entries(rec)
    .filter(([k]) => !SKIP.has(k))
    .map(([k, v]) => `${k}=${valueText(v)}`);
  const msg = typeof rec.msg === 'string' ? rec.msg : '';
  return `${time} ${level} ${msg}${fields.length ? ` (${fields.join(' ')})` : ''}`.trim();
}

/** A destination for pino that writes human lines to `out`. */
export function humanDestination(out: { write(s: string): unknown }): { write(s: string): void } {
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n')) if (line.trim()) out.write(humanLogLine(line) + '\n');
    },
  };
}
