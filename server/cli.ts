/**
 * `baton`: a small command line client of the REST API. Prints a summary a
 * person reads (a line, or a table for lists), or with `--json` the API's
 * JSON answer; on an error prints the API's message and exits non-zero.
 *
 *   node --import tsx server/cli.ts deploy order.bpmn     (in a clone)
 *   npx baton deploy order.bpmn                           (bin/baton.js)
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { COMMANDS, OPTIONS, type Options } from './cli/commands.js';
import { RequestError, UsageError } from './cli/errors.js';
import { httpClient } from './cli/http-client.js';
import { consoleIO, type CliIO } from './cli/io.js';

export type { CliIO } from './cli/io.js';

export const USAGE = `Usage: baton <command> [options]

Commands:
  deploy <file.bpmn>...                 deploy BPMN files
  start <processId>                     start an instance (the latest in the default
      [--variables JSON] [--business-key K] [--version N] [--environment E]   environment)
  instances                             list instances
      [--process P] [--status S] [--business-key K] [--limit N] [--after CURSOR]
  cancel <instanceId>                   cancel an instance
  publish <name>                        publish a message
      [--correlation-key K] [--variables JSON] [--ttl MS] [--message-id ID]
  signal <name> [--variables JSON]      broadcast a signal
  tasks                                 list open user tasks
      [--assignee U] [--group G] [--process P] [--instance I] [--limit N] [--after CURSOR]
  complete <taskId> [--variables JSON]  complete a user task
  incidents                             list open incidents
      [--process P] [--instance I] [--limit N] [--after CURSOR]
  resolve <incidentId> [--retries N]    run the failed part again
  connectors                            serve the bundled connectors (a worker key) until
      [--name NAME]                     SIGTERM/SIGINT; NAME: how the server lists this runtime

Options:
  --json       print the API's JSON answer instead of a summary (for scripts)
  --url URL    the server (env BATON_URL, default http://127.0.0.1:8080)
  --key KEY    an API key, sent as a Bearer token (env BATON_API_KEY)
  --help       this text`;

/** Runs one command line; resolves with the exit code (0 done, 1 the request failed, 2 a usage mistake). */
export async function run(argv: string[], env: NodeJS.ProcessEnv = process.env, io: CliIO = consoleIO): Promise<number> {
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const options = parsed.values as Options;
    const [name, ...args] = parsed.positionals;
    if (options.help || !name) {
      io.out(USAGE);
      return options.help ? 0 : 2;
    }
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) throw new UsageError(`unknown command '${name}'`);
    const url = options.url ?? env.BATON_URL ?? 'http://127.0.0.1:8080';
    const key = options.key ?? env.BATON_API_KEY;
    const outcome = await command(args, options, httpClient(url, key), { url, key, io });
    io.out(options.json ? JSON.stringify(outcome.answer, null, 2) : outcome.summary);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`baton: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof RequestError) {
      io.err(`baton: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

/** Run as a script: `node --import tsx server/cli.ts ...`. */
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  process.exitCode = await run(process.argv.slice(2));
}
