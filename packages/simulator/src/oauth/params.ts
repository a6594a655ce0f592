/** Reads OAuth parameters from a parsed query string, form body or JSON body. */

export interface Params {
  /** Parameters given exactly once, as strings. */
  values: Map<string, string>;
  /** Parameters given more than once or not as a string; RFC 6749 §3.1 forbids repeating a parameter. */
  malformed: string[];
}

export function readParams(source: unknown): Params {
  const values = new Map<string, string>();
  const malformed: string[] = [];
  if (source !== null && typeof source === 'object' && !Array.isArray(source)) {
    for (const [name, value] of Object.entries(source as Record<string, unknown>)) {
      if (typeof value === 'string') values.set(name, value);
      else malformed.push(name);
    }
  }
  return { values, malformed };
}

/** A present, non-empty parameter value (RFC 6749 §3.1: empty values are treated as omitted). */
export function param(params: Params, name: string): string | undefined {
  const value = params.values.get(name);
  return value === undefined || value === '' ? undefined : value;
}
