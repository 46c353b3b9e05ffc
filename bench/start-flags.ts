import { START_ARGS } from '../test/helpers/run-main.js';

/**
 * The node flags `npm start` gives the bot (package.json), so a bench measures the
 * server as it is deployed: the young generation's size decides how often the garbage
 * collector stops the event loop.
 */
export const START_FLAGS: readonly string[] = START_ARGS.filter((arg) => arg.startsWith('--'));
