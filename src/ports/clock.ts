/** Time and unique ids, passed in so the core stays deterministic under test. */
export interface Clock {
  now(): number;
}

export interface IdGenerator {
  next(): string;
}
