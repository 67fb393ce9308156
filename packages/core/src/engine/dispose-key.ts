/**
 * @internal The key `using` calls: `Symbol.dispose`, or where the runtime lacks it (older
 * browsers) the `Symbol.for('Symbol.dispose')` that transpiled `using` looks up instead.
 */
export const disposeKey: typeof Symbol.dispose =
  (Symbol as { dispose?: typeof Symbol.dispose }).dispose ?? (Symbol.for('Symbol.dispose') as typeof Symbol.dispose);
