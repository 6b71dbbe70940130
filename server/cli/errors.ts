/** A mistake in the command line: usage is printed, exit code 2. */
export class UsageError extends Error {}

/** The API answered with an error, or could not be reached: exit code 1. */
export class RequestError extends Error {}
