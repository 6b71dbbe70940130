/**
 * Start-up failures a person can act on: one line saying what is wrong and
 * which setting changes it, instead of a stack trace.
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';

/** Makes the data directory when it is missing, and checks it can be read and written; throws with one line otherwise. */
export function prepareDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    accessSync(dir, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOTDIR' || code === 'EEXIST' ? 'it is not a directory' : message;
    throw new Error(`the data directory ${dir} cannot be used (${why}): set BATON_DATA_DIR to a directory this user can write`);
  }
}

/** Why the server could not listen, in one line that names the setting to change. */
export function listenFailure(error: NodeJS.ErrnoException, host: string, port: number): string {
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (error.code === 'EADDRINUSE') return `port ${port} is in use on ${host} (is another Baton running?): stop it, or set PORT to another port`;
  if (error.code === 'EACCES') return `no permission to listen on ${where} (ports below 1024 need privileges): set PORT to 1024 or above`;
  if (error.code === 'EADDRNOTAVAIL') return `${host} is not an address of this machine: set HOST to one of its addresses (127.0.0.1, 0.0.0.0)`;
  return `cannot listen on ${where}: ${error.message}`;
}
