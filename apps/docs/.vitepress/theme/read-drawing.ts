// Turns what the user drew or uploaded into the 28x28 grayscale image the model reads: scaled
// down with the browser's smoothing, values in [0, 1] with ink bright on black, as in
// Fashion-MNIST.

/** The 784 pixels of `canvas` scaled to 28x28, as the mean of the RGB channels over 255. */
export function readDrawing(canvas: HTMLCanvasElement): Float32Array {
  const small = document.createElement('canvas');
  small.width = 28;
  small.height = 28;
  const context = small.getContext('2d', { willReadFrequently: true });
  if (context === null)
    throw new Error('playground: expected a 2D canvas context, got none; use a browser with canvas');
  context.drawImage(canvas, 0, 0, 28, 28);
  const { data } = context.getImageData(0, 0, 28, 28);
  const pixels = new Float32Array(28 * 28);
  for (let k = 0; k < pixels.length; k++) pixels[k] = (data[4 * k]! + data[4 * k + 1]! + data[4 * k + 2]!) / (3 * 255);
  return pixels;
}
