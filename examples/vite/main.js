// The whole app: the page trains LeNet with strata (examples/lenet-page/train-lenet.js).
import '@strata-examples/lenet-page';
