/** @internal A short description of a value for error messages ("a RawImage (uint8 28x28x1)"). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value !== 'object') return `${typeof value} ${String(value)}`;
  const kind = (value as { kind?: unknown }).kind;
  if (kind === 'raw') {
    const { height, width, channels } = value as { height: number; width: number; channels: number };
    return `a RawImage (uint8 ${height}x${width}x${channels})`;
  }
  if (kind === 'host') return `a HostTensor of shape [${(value as { shape: number[] }).shape.join(', ')}]`;
  const name = (value as object).constructor?.name;
  return name !== undefined && name !== 'Object'
    ? `a ${name}`
    : `an object with keys [${Object.keys(value).join(', ')}]`;
}
