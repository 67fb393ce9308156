// The playground's live curves: one or more series drawn on a canvas, with the y range fixed or
// taken from the data.

/** A named series of (x, y) points and its colour. */
export interface Series {
  label: string;
  color: string;
  points: [number, number][];
}

/** Draws `series` on `canvas` over x in [0, xMax] and y in [yMin, yMax] (from the data when absent). */
export function drawLineChart(
  canvas: HTMLCanvasElement,
  series: Series[],
  xMax: number,
  yRange?: [number, number],
): void {
  const context = canvas.getContext('2d');
  if (context === null) return;
  const { width, height } = canvas;
  const pad = 28;
  const ys = series.flatMap((s) => s.points.map(([, y]) => y));
  const [yMin, yMax] = yRange ?? [Math.min(0, ...ys), Math.max(1e-6, ...ys)];
  const x = (value: number) => pad + ((width - 2 * pad) * value) / Math.max(1, xMax);
  const y = (value: number) => height - pad - ((height - 2 * pad) * (value - yMin)) / (yMax - yMin || 1);
  const ink = getComputedStyle(canvas).color;
  context.clearRect(0, 0, width, height);
  context.strokeStyle = ink;
  context.fillStyle = ink;
  context.globalAlpha = 0.4;
  context.strokeRect(pad, pad, width - 2 * pad, height - 2 * pad);
  context.globalAlpha = 1;
  context.font = '11px sans-serif';
  context.fillText(yMax.toFixed(2), 2, pad + 4);
  context.fillText(yMin.toFixed(2), 2, height - pad);
  context.fillText(String(xMax), width - pad - 10, height - pad + 14);
  series.forEach((s, k) => {
    context.strokeStyle = s.color;
    context.fillStyle = s.color;
    context.lineWidth = 2;
    context.beginPath();
    s.points.forEach(([px, py], i) => {
      if (i === 0) context.moveTo(x(px), y(py));
      else context.lineTo(x(px), y(py));
    });
    context.stroke();
    context.fillText(s.label, pad + 6 + k * 110, pad - 8);
  });
}
