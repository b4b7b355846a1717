import type { CliContext } from './context.ts';
import { processOutput } from './output.ts';
import { buildProgram, runProgram } from './program.ts';

const ctx: CliContext = {
  env: process.env,
  output: processOutput,
  fetch,
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

await runProgram(buildProgram(ctx), ctx, process.argv);
