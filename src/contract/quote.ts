/**
 * A value as an error message quotes it. JSON.stringify alone throws on a
 * BigInt and returns undefined for a symbol or a function, so a message
 * about a bad value would itself fail or say nothing; very long text is cut
 * so that a message stays readable.
 */
const MAX_QUOTED = 120;

export function quote(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    // A BigInt, or an object whose toJSON throws.
  }
  if (text === undefined) {
    try {
      text = typeof value === 'bigint' ? `${value}n` : String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}… (${text.length} characters)` : text;
}
