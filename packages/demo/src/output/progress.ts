/**
 * Progress on stderr while the demo fetches: one line rewritten in place on a terminal, or a line per
 * step when the output is a file or a pipe (CI logs stay readable).
 */
export interface ProgressReporter {
  update(completed: number, total: number, failed: number): void;
  done(): void;
}

export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  const interactive = stream.isTTY === true;
  // Steps of a fifth: 5, 10, ... 25 of 25, not 4, 9, ... 24, 25.
  let lastPrinted = 0;
  return {
    update(completed, total, failed) {
      const text = `${label}: ${completed}/${total}${failed ? ` (${failed} failed)` : ''}`;
      if (interactive) stream.write(`\r${text}`);
      else if (completed === total || completed - lastPrinted >= Math.max(1, Math.ceil(total / 5))) {
        stream.write(`${text}\n`);
        lastPrinted = completed;
      }
    },
    done() {
      if (interactive) stream.write('\n');
    },
  };
}
