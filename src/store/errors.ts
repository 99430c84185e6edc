/** An error a person can act on: printed as one line, never with a stack trace. */
export class UserError extends Error {
  constructor(
    /** The file or field the problem is about. */
    readonly subject: string,
    readonly problem: string,
    /** Process exit code for the CLI. */
    readonly exitCode = 2,
  ) {
    super(`${subject}: ${problem}`);
    this.name = 'UserError';
  }
}
