import { type CommandPath, isCommandPath } from './usage.js';

/** What the words on a ticketbot command line ask for. */
export interface CommandRoute {
  /** The longest command the leading words name ('' when they name none). */
  readonly path: CommandPath;
  /** The arguments after those words. */
  readonly args: string[];
  /** --help or -h appears among the options (before a "--"), or the line starts with "help". */
  readonly help: boolean;
}

function isHelpFlag(arg: string): boolean {
  return arg === '--help' || arg === '-h';
}

export function routeCommand(argv: readonly string[]): CommandRoute {
  if (argv[0] === 'help') return { ...routeCommand(argv.slice(1)), help: true };
  const [first, second] = argv;
  let path: CommandPath = '';
  let used = 0;
  if (first !== undefined && second !== undefined && isCommandPath(`${first} ${second}`)) {
    path = `${first} ${second}` as CommandPath;
    used = 2;
  } else if (first !== undefined && first !== '' && isCommandPath(first)) {
    path = first;
    used = 1;
  }
  const end = argv.indexOf('--');
  const options = end === -1 ? argv : argv.slice(0, end);
  return { path, args: argv.slice(used), help: options.some(isHelpFlag) };
}
