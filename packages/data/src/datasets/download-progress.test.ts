import { describe, expect, it } from 'vitest';
import { stderrProgress } from './download-progress.js';

function stream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = {
    isTTY,
    text: '',
    write(chunk: string) {
      s.text += chunk;
      return true;
    },
  };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

const update = { file: 'a.gz', url: 'http://m/a.gz', total: 4_000_000 };

describe('the default download progress', () => {
  it('draws a bar on a terminal and ends the line when the file is done', () => {
    const tty = stream(true);
    const show = stderrProgress(tty);
    show({ ...update, received: 1_000_000, done: false });
    show({ ...update, received: 4_000_000, done: true });
    expect(tty.text).toBe(
      `\ra.gz [${'#'.repeat(8).padEnd(30)}] 25% 1.0 MB / 4.0 MB\ra.gz [${'#'.repeat(30)}] 100% 4.0 MB / 4.0 MB\n`,
    );
  });

  it('writes one line per finished file elsewhere', () => {
    const log = stream(false);
    const show = stderrProgress(log);
    show({ ...update, received: 1_000_000, done: false });
    show({ ...update, received: 4_000_000, done: true });
    expect(log.text).toBe('downloaded http://m/a.gz (4.0 MB)\n');
  });
});
