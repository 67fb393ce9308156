#!/usr/bin/env node
import '@strata/backend-cpu';
import { readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { StrataError } from '@strata/core';
import { MODELS } from '@strata/models';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { runConvolutionChapter } from './chapters/convolution.js';
import { benchCommand } from './commands/bench.js';
import { evalCommand } from './commands/eval.js';
import { infoCommand } from './commands/info.js';
import type { Io } from './commands/io.js';
import { predictCommand } from './commands/predict.js';
import { summaryCommand } from './commands/summary.js';
import { trainCommand } from './commands/train.js';
import { DEFAULT_CONFIG } from './run/train-config.js';
import { UsageError } from './usage-error.js';

const int = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`expected an integer, got '${value}'.`);
  return n;
};
const num = (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`expected a number, got '${value}'.`);
  return n;
};

// The package root is the parent of both src/ and dist/.
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const EXIT_CODES =
  'Exit codes: 0 success, 1 failure, 2 usage error (a bad option, or a bad input file: data, checkpoint, image), 130 interrupted (Ctrl-C) after writing a checkpoint.';

function program(io: Io, setCode: (code: number) => void): Command {
  const root = new Command('strata')
    .description('Train, evaluate and inspect the d2l CNNs (LeNet ... ResNet, DenseNet) on Fashion-MNIST with strata.')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .version(version, '--version', 'print the version of @strata/cli')
    .showHelpAfterError()
    .exitOverride()
    .addHelpText('after', `\n${EXIT_CODES}`);
  const models = Object.keys(MODELS).join(', ');
  const d = DEFAULT_CONFIG;

  root
    .command('train')
    .description(
      `train a model (${models}) and keep its run directory: config, metrics (JSONL, CSV), checkpoints, learning curves`,
    )
    .argument('[model]', `one of ${models} (default ${d.model})`)
    .addOption(new Option('--dataset <name>', 'data set').choices(['fashion-mnist', 'mnist']))
    .option(
      '--data-dir <dir>',
      'directory with the IDX files (default: $STRATA_DATA, the cache, /usr/share/datasets, else the embedded sample)',
    )
    .option('--embedded-sample', 'use the 6,000 / 1,000-image Fashion-MNIST sample shipped with strata')
    .option('--backend <name>', `cpu or gpu (default ${d.backend})`)
    .option('--epochs <n>', `epochs (default ${d.epochs})`, int)
    .option('--batch-size <n>', `batch size (default ${d.batchSize})`, int)
    .option('--lr <x>', `learning rate (default ${d.lr})`, num)
    .addOption(new Option('--optimizer <name>', `optimizer (default ${d.optimizer})`).choices(['sgd', 'adam', 'adamw']))
    .option('--momentum <x>', 'SGD momentum (default 0)', num)
    .option('--weight-decay <x>', 'weight decay (default 0)', num)
    .addOption(
      new Option('--scheduler <name>', 'learning-rate schedule (default none)').choices([
        'none',
        'step',
        'cosine',
        'onecycle',
      ]),
    )
    .option(
      '--resize <n>',
      "image side the model reads, 1 to 1024 (default: the model's chapter size, e.g. 96 for resnet18)",
      int,
    )
    .option('--width-ratio <n>', 'divide every hidden width by n (default 1)', num)
    .option('--augment', 'random crops and horizontal flips of the training images')
    .option(
      '--crop-padding <n>',
      `padding of --augment's random crops, in pixels of the 28x28 image; 0 flips only (default ${d.cropPadding})`,
      int,
    )
    .option('--workers <n>', 'worker threads preparing batches (default 0)', int)
    .option('--seed <n>', 'random seed, 0 to 2147483646 (default 0)', int)
    .option('--out <dir>', 'run directory, new or empty (default runs/<model>-<time>)')
    .option('--overwrite', 'let --out replace the run already in that directory')
    .option(
      '--resume <dir>',
      'continue the run in <dir> exactly (only --epochs may change, and only without a learning-rate schedule)',
    )
    .option('--limit-train <n>', 'use the first n training images', int)
    .option('--limit-test <n>', 'use the first n test images', int)
    .option('--no-xavier', "keep PyTorch's default initialisation instead of Xavier-uniform")
    .option('--config <file>', 'a JSON file of these options (flags override it)')
    .option('--json', 'print the result as JSON on stdout (progress goes to stderr)')
    .addHelpText('after', `\n${EXIT_CODES}`)
    .action(async (model: string | undefined, opts: Record<string, unknown>, cmd: Command) => {
      // --no-xavier defaults to true in commander: pass it only when given, so --config can set it.
      const xavier = cmd.getOptionValueSource('xavier') === 'cli' ? opts.xavier : undefined;
      const augment = opts.augment === true ? true : undefined;
      const embeddedSample = opts.embeddedSample === true ? true : undefined;
      const overwrite = opts.overwrite === true ? true : undefined;
      setCode(
        await trainCommand(
          model,
          { ...opts, xavier, augment, embeddedSample, overwrite } as Parameters<typeof trainCommand>[1],
          io,
        ),
      );
    });

  root
    .command('eval')
    .description('test loss, accuracy, per-class accuracy and confusion matrix of a checkpoint')
    .argument('<checkpoint>', 'a last.safetensors or best.safetensors of a run directory')
    .addOption(new Option('--dataset <name>', "data set (default: the run's)").choices(['fashion-mnist', 'mnist']))
    .option('--data-dir <dir>', 'directory with the IDX files')
    .option('--embedded-sample', 'evaluate on the 1,000 test images of the embedded Fashion-MNIST sample')
    .option('--backend <name>', "cpu or gpu (default: the run's)")
    .option('--batch-size <n>', 'batch size', int)
    .option('--limit-test <n>', 'use the first n test images', int)
    .option('--model <name>', "architecture to load the weights into (default: the run's)")
    .option('--width-ratio <n>', 'width ratio of that architecture', num)
    .option(
      '--image <file>',
      'where to draw the confusion matrix: a .png (with an .svg beside it) or an .svg (default beside the checkpoint)',
    )
    .option('--json', 'print the result as JSON')
    .action(async (checkpoint: string, opts: Record<string, unknown>) => {
      setCode(await evalCommand(checkpoint, opts, io));
    });

  root
    .command('predict')
    .description('classify PNG or JPEG images with a checkpoint')
    .argument('<checkpoint>', 'a checkpoint of strata train')
    .argument('<images...>', 'PNG or JPEG files (made grayscale and resized like the training data)')
    .option('--top <n>', 'probabilities to show per image (default 3)', int)
    .option('--max-pixels <n>', 'largest image to decode, in pixels (default 50,000,000)', int)
    .option('--backend <name>', 'cpu or gpu')
    .option('--model <name>', "architecture to load the weights into (default: the run's)")
    .option('--width-ratio <n>', 'width ratio of that architecture', num)
    .option('--json', 'print the result as JSON')
    .action(async (checkpoint: string, images: string[], opts: Record<string, unknown>) => {
      setCode(await predictCommand(checkpoint, images, opts, io));
    });

  root
    .command('summary')
    .description('the per-layer table of a model: output shapes, parameters, multiply-adds, memory')
    .argument('<model>', `one of ${models}`)
    .option('--input <shape>', "input shape N,C,H,W (default 1,1,S,S with the model's chapter size S)")
    .option('--width-ratio <n>', 'divide every hidden width by n', num)
    .option('--depth <n>', 'how deep into nested blocks to go (default 1)', int)
    .option('--json', 'print the summary as JSON')
    .action((model: string, opts: Record<string, unknown>) => {
      setCode(summaryCommand(model, opts, io));
    });

  root
    .command('bench')
    .description('training and inference images/s of a model on each available backend')
    .option('--model <name>', 'model (default lenet-modern)')
    .option('--backend <name>', 'only this backend')
    .option('--batch-size <n>', 'batch size (default 256)', int)
    .option('--steps <n>', 'timed steps (default 5)', int)
    .option('--width-ratio <n>', 'width ratio', num)
    .option('--resize <n>', 'image side', int)
    .option('--json', 'print the figures as JSON')
    .action(async (opts: Record<string, unknown>) => {
      setCode(await benchCommand(opts, io));
    });

  root
    .command('info')
    .description('backends available here (and why one is not), data sets found, models, versions')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      setCode(await infoCommand(opts, io));
    });

  root
    .command('chapter')
    .description('run a d2l chapter and print what the book prints')
    .argument('<name>', 'convolution')
    .action((name: string) => {
      if (name !== 'convolution') throw new UsageError(`unknown chapter '${name}'; expected convolution.`);
      runConvolutionChapter((line) => io.stdout.write(`${line}\n`));
    });
  return root;
}

/**
 * The `strata` command line. Resolves to the process exit code: 0 success, 1 failure, 2 usage
 * error (a bad option, or a bad input file), 130 interrupted after a checkpoint. Every error is
 * one line on stderr; an error strata did not expect says so, with its stack trace when
 * `STRATA_DEBUG` is set.
 *
 * @example
 * ```ts
 * const code = await main(['summary', 'lenet']);
 * ```
 */
export async function main(
  args: readonly string[],
  io: Io = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  let code = 0;
  try {
    await program(io, (c) => {
      code = c;
    }).parseAsync([...args], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every parse error (unknown command or option, bad value) is usage.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`strata: ${error.message}\n`);
      return 2;
    }
    if (error instanceof StrataError) {
      io.stderr.write(`strata: ${error.name}: ${error.message}\n`);
      return 1;
    }
    const e = error instanceof Error ? error : new Error(String(error));
    const detail =
      process.env.STRATA_DEBUG === undefined
        ? ' (an error strata did not expect; set STRATA_DEBUG=1 for its stack trace, and please report it)'
        : `\n${e.stack}`;
    io.stderr.write(`strata: ${e.name}: ${e.message}${detail}\n`);
    return 1;
  }
}

// Run only when executed as the `strata` binary (through its symlink too), not when imported.
const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  // A reader that closed the pipe (`strata eval ... | head`) wants no more output: end quietly,
  // as Unix tools do, instead of an unhandled EPIPE stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
  // Not awaited at the top level, so that the module also loads through require().
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
