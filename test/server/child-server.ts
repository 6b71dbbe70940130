/** `npm start` (server/main.ts) as a child process, for the specs that need a real server process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

const root = new URL('../../', import.meta.url);

export interface Started {
  child: ChildProcess;
  base: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

/** `npm start` as a child process on a free port; resolves once it logged the port it listens on. */
export async function startServer(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as { port?: number };
      if (entry.port) resolve(entry.port);
    });
    void exited.then(({ code }) => reject(new Error(`the server exited with ${code} before listening: ${stderr}`)));
  });
  return { child, base: `http://127.0.0.1:${port}`, exited, stderr: () => stderr };
}
