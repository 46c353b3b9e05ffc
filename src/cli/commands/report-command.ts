import { CliError } from '../cli-error.js';

export async function reportCommand(
  _args: string[],
  _io: { stdout: NodeJS.WritableStream },
): Promise<number> {
  throw new CliError('report: not yet');
}
