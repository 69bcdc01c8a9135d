/** Raised when a change cannot be made without guessing; the user is sent to the guide instead. */
export class UnsafeMigration extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UnsafeMigration';
  }
}
