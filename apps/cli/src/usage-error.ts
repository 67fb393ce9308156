/**
 * A mistake in how the command was called (unknown model, bad option value): exit code 2.
 *
 * @example
 * ```ts
 * throw new UsageError("unknown model 'resnet19'; expected one of lenet, ...");
 * ```
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
