/**
 * `npm run gen:api`: builds the app in-process, takes its OpenAPI document and writes the TypeScript types
 * that the dashboard and the CLI compile against (openapi-typescript). Run it after changing a route or a
 * zod schema of the admin API; a test fails while the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3, UNKNOWN } from 'openapi-typescript';
import ts from 'typescript';
import { buildOpenApiDocument } from '../../src/server/openapi-document.ts';

/** Where the generated types live (committed). */
export const API_TYPES_FILE = fileURLToPath(new URL('../../src/api/generated/openapi.ts', import.meta.url));

/** The generated file's text, from the document the routes describe now. */
export async function generateApiTypes(): Promise<string> {
  const document = await buildOpenApiDocument();
  const ast = await openapiTS(document as unknown as OpenAPI3, {
    silent: true,
    // A schema that refers to itself (any JSON value) cannot be a property of `components` in TypeScript
    // (TS2502): type it `unknown`, as a JSON value is to a client.
    transform: (schema, options) =>
      JSON.stringify(schema).includes(`"${options.path}"`) ? UNKNOWN : undefined,
  });
  const header = `${COMMENT_HEADER.trimEnd()}\n// Regenerate with \`npm run gen:api\`.\n\n`;
  return header + astToString(ast);
}

/**
 * The compiler's complaints about `text` as a module on its own (strict, the ES2023 library only): empty
 * when the generated types compile.
 */
export function compileErrors(text: string): string[] {
  const fileName = '/generated/openapi.ts';
  const options: ts.CompilerOptions = { strict: true, noEmit: true, lib: ['lib.es2023.d.ts'], types: [] };
  const host = ts.createCompilerHost(options);
  const { readFile, fileExists } = host;
  host.readFile = (name) => (name === fileName ? text : readFile.call(host, name));
  host.fileExists = (name) => name === fileName || fileExists.call(host, name);
  const program = ts.createProgram([fileName], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file?.fileName === fileName)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

/** What Redocly's `recommended` rules find in `document`, one `severity rule: message at pointer` each. */
export async function lintProblems(document: object): Promise<string[]> {
  const config = await createConfig({ extends: ['recommended'] });
  const problems = await lintFromString({
    source: JSON.stringify(document),
    absoluteRef: 'openapi.json',
    config,
  });
  return problems.map(
    (problem) =>
      `${problem.severity} ${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer}`,
  );
}

if (import.meta.main) {
  writeFileSync(API_TYPES_FILE, await generateApiTypes());
  process.stdout.write(`wrote ${API_TYPES_FILE}\n`);
}
