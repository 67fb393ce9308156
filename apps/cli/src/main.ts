#!/usr/bin/env node
import '@strata/backend-cpu';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { runConvolutionChapter } from './chapters/convolution.js';

const USAGE = `usage: strata chapter <name>

chapters:
  convolution   the d2l convolution chapters: corr2d, edge detection, learning a kernel,
                padding and stride, channels, 1x1 convolutions, pooling`;

const CHAPTERS: Record<string, () => void> = {
  convolution: () => {
    runConvolutionChapter((line) => console.log(line));
  },
};

/**
 * The `strata` command line. Returns the process exit code.
 *
 * @example
 * ```ts
 * main(['chapter', 'convolution']);
 * ```
 */
export function main(args: readonly string[]): number {
  const [command, name] = args;
  if (command === undefined || command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  if (command !== 'chapter') {
    console.error(`strata: unknown command '${command}'; expected 'chapter'.\n\n${USAGE}`);
    return 2;
  }
  const chapter = name === undefined ? undefined : CHAPTERS[name];
  if (chapter === undefined) {
    console.error(`strata chapter: expected one of ${Object.keys(CHAPTERS).join(', ')}, got ${name ?? 'nothing'}.\n\n${USAGE}`);
    return 2;
  }
  chapter();
  return 0;
}

// Run only when executed as the `strata` binary (through its symlink too), not when imported.
const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  process.exitCode = main(process.argv.slice(2));
}
