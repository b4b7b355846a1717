import { processOutput } from './output.ts';
import { buildProgram } from './program.ts';

const program = buildProgram({
  env: process.env,
  output: processOutput,
  fetch,
  setExitCode: (code) => {
    process.exitCode = code;
  },
});

program.parseAsync(process.argv).catch((error: unknown) => {
  processOutput.err(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
