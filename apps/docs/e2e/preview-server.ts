// Serves the built site with `vitepress preview`, as a user of the site would, and stops it.
import { type ChildProcess, spawn } from 'node:child_process';

/** A running preview server and the address the site is served at (base path included). */
export interface PreviewServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts `vitepress preview` in `root` and resolves with the URL it prints. The port is vite's
 * default, or the next free one (vite moves on when it is taken), read from what it prints.
 */
export function startPreview(root: string): Promise<PreviewServer> {
  const child: ChildProcess = spawn('pnpm', ['exec', 'vitepress', 'preview'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      process.kill(-child.pid!, 'SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the terminal colour codes vite prints.
      const match = /(http:\/\/localhost:\d+\/\S*)/.exec(output.replace(/\u001b\[[0-9;]*m/g, ''));
      if (match) resolve({ url: match[1]!, stop });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`vitepress preview exited with ${code}: ${output}`)));
  });
}
