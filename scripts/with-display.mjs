// Runs a command under a virtual X display when headless GL needs one: `xvfb-run -a <command>`
// when DISPLAY is unset and xvfb-run exists, else the command as it is (the GL suites then skip
// with the reason and the command that enables them). Used by @strata/backend-gpu's test and
// bench scripts, so they work with and without Debian's xvfb.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const onPath = (name) =>
  (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });

const command = process.argv.slice(2);
const wrap = !process.env.DISPLAY && onPath('xvfb-run');
const [file, ...args] = wrap ? ['xvfb-run', '-a', ...command] : command;
const result = spawnSync(file, args, { stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(result.status ?? 1);
