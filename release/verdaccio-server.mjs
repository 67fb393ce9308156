// Starts Verdaccio on a free port of 127.0.0.1 with the configuration file given as the argument
// and prints `listening <port>` once it accepts connections (test-release.mjs reads it).
import verdaccio from 'verdaccio';

const { runServer } = verdaccio;
const app = await runServer(process.argv[2]);
const server = app.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
