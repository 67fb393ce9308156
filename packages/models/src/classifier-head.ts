import { Dropout, Flatten, type Layer, Linear, ReLU } from '@strata/nn';

/**
 * @internal The classifier that AlexNet and VGG end with: flatten, two `hidden`-unit linear
 * layers with ReLU and dropout 0.5, and a linear layer to the classes. Returned as layers so
 * that they stay direct children of the model (PyTorch's keys).
 */
export function classifierHead(features: number, hidden: number, numClasses: number): Layer[] {
  return [
    new Flatten(),
    new Linear(features, hidden),
    new ReLU(),
    new Dropout(0.5),
    new Linear(hidden, hidden),
    new ReLU(),
    new Dropout(0.5),
    new Linear(hidden, numClasses),
  ];
}
