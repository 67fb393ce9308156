import type { BatchProgress, Callback } from '@strata/train';
import cliProgress from 'cli-progress';

const rate = (n: number): string => Math.round(n).toLocaleString('en-US');

/**
 * Shows a run's progress: on a terminal, a live bar per epoch (batches, ETA, running loss and
 * accuracy, images/s); elsewhere (CI, pipes), a plain line at every quarter of an epoch.
 *
 * @example
 * ```ts
 * await fit(net, { ..., callbacks: [progressReporter({ stream: process.stderr, epochs: 10 })] });
 * ```
 */
export function progressReporter(options: { stream: NodeJS.WriteStream; epochs: number }): Callback {
  const { stream, epochs } = options;
  const live = stream.isTTY === true;
  let bar: cliProgress.SingleBar | undefined;
  let nextLine = 0;
  let quarter = 1;
  const payload = (p: BatchProgress) => ({
    epoch: p.epoch,
    loss: p.loss.toFixed(3),
    acc: p.accuracy.toFixed(3),
    rate: rate(p.examplesPerSec),
  });
  return {
    onEpochBegin: () => {
      nextLine = 0;
    },
    onTrainBegin: (run) => {
      quarter = Math.max(1, Math.ceil(run.batches / 4));
    },
    onBatchEnd: (p) => {
      if (live) {
        if (bar === undefined) {
          bar = new cliProgress.SingleBar(
            {
              stream,
              format: `epoch {epoch}/${epochs} |{bar}| {value}/{total} batches | ETA {eta_formatted} | loss {loss} | acc {acc} | {rate} img/s`,
              hideCursor: true,
              clearOnComplete: true,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(p.batches, p.batch, payload(p));
        }
        bar.update(p.batch, payload(p));
        if (p.batch === p.batches) {
          bar.stop();
          bar = undefined;
        }
        return;
      }
      if (nextLine === 0) nextLine = quarter;
      if (p.batch >= nextLine || p.batch === p.batches) {
        stream.write(
          `epoch ${p.epoch}/${epochs} [${p.batch}/${p.batches}] loss ${p.loss.toFixed(3)}, acc ${p.accuracy.toFixed(3)}, ${rate(p.examplesPerSec)} img/s\n`,
        );
        nextLine = p.batch + quarter;
      }
    },
    onTrainEnd: () => {
      bar?.stop();
      bar = undefined;
    },
  };
}
