/** Structured logging, pino-shaped: an object of fields, then the message. */
export interface Logger {
  info(fields: object, message?: string): void;
  warn(fields: object | string, message?: string): void;
  error(fields: object, message?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}
