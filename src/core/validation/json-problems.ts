/** A JSON object as read from a file, before validation. */
export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Collects the problems of one document while it is read, each with its JSON path
 * ("policies[0].calendar.timeZone: unknown time zone"), so every problem is told at once.
 */
export class Problems {
  readonly errors: string[] = [];
  readonly warnings: string[] = [];
  error(path: string, reason: string): void {
    this.errors.push(`${path}: ${reason}`);
  }
  warn(path: string, reason: string): void {
    this.warnings.push(`${path}: ${reason}`);
  }
}
