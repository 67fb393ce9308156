/**
 * A value that survives `JSON.stringify` / `JSON.parse` unchanged: what a {@link TransformSpec}
 * may hold, so a pipeline can be posted to a worker thread.
 *
 * @example
 * ```ts
 * const v: JsonValue = { size: [224, 224], antialias: true };
 * ```
 */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };
