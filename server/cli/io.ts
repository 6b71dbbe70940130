/** Where the CLI writes: standard output for answers, standard error for messages. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

export const consoleIO: CliIO = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};
