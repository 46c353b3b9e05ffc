/** A clock a test sets by hand: the worker's passes jump to each retry time at once. */
export class JumpingClock {
  constructor(public at: number) {}
  now(): number {
    return this.at;
  }
}
