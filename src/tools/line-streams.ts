/**
 * Answers a stream of lines with a stream of lines, in order, as input arrives: each
 * chunk's complete lines are answered at once (so output appears before input ends),
 * blank lines and CRs are dropped, and a full output pauses the input (backpressure).
 * `answer` returns the output line for one input line.
 */
export function answerLines(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  answer: (line: string) => string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let pending = '';
    const answerAll = (lines: string[]): string => {
      let out = '';
      for (const raw of lines) {
        const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (line.trim() !== '') out += `${answer(line)}\n`;
      }
      return out;
    };
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => {
      pending += chunk;
      const cut = pending.lastIndexOf('\n');
      if (cut < 0) return;
      const out = answerAll(pending.slice(0, cut).split('\n'));
      pending = pending.slice(cut + 1);
      if (out && !output.write(out)) {
        input.pause();
        output.once('drain', () => input.resume());
      }
    });
    input.on('end', () => {
      const out = answerAll([pending]);
      if (out) output.write(out, () => resolve());
      else resolve();
    });
    input.on('error', reject);
  });
}
