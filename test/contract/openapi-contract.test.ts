import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import SwaggerParser from '@apidevtools/swagger-parser';
import { OPENAPI_TAGS } from '../../src/api/openapi-info.ts';
import { buildOpenApiDocument } from '../../src/server/openapi-document.ts';
import {
  API_TYPES_FILE,
  compileErrors,
  generateApiTypes,
  lintProblems,
} from '../../tools/openapi-gen/generate.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

test('the OpenAPI document is valid OpenAPI 3.1 (swagger-parser) and names its servers', async () => {
  const document = await buildOpenApiDocument();
  assert.equal(document.openapi, '3.1.0');
  await SwaggerParser.validate(structuredClone(document) as never);
  assert.ok((document.servers ?? []).length > 0, 'servers is not empty');
});

test("Redocly's recommended rules find nothing but the public document route's lack of a 4xx answer", async () => {
  const problems = await lintProblems(await buildOpenApiDocument());
  assert.deepEqual(
    problems.filter((problem) => !problem.endsWith('/paths/~1api~1v1~1openapi.json/get/responses')),
    [],
  );
});

test('every operation has a unique camelCase operationId, a summary and one known tag', async () => {
  const document = await buildOpenApiDocument();
  const known = new Set<string>(OPENAPI_TAGS.map((tag) => tag.name));
  const seen = new Map<string, string>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const id = operation.operationId;
      assert.match(id ?? '', /^[a-z][A-Za-z0-9]+$/, `${where}: schema.operationId (camelCase)`);
      assert.ok(!seen.has(id!), `${where}: operationId ${id} is also used by ${seen.get(id!)}`);
      seen.set(id!, where);
      assert.ok(operation.summary?.trim(), `${where}: schema.summary`);
      assert.equal(operation.tags?.length, 1, `${where}: schema.tags names one area`);
      assert.ok(known.has(operation.tags![0]!), `${where}: tag ${operation.tags![0]} is one of OPENAPI_TAGS`);
    }
  }
  assert.ok(seen.size >= 50, `all admin operations are documented (${seen.size})`);
});

test('the committed API types are what `npm run gen:api` generates now, and they compile', async () => {
  const generated = await generateApiTypes();
  assert.deepEqual(compileErrors(generated), []);
  const committed = readFileSync(API_TYPES_FILE, 'utf8');
  assert.ok(
    committed === generated,
    `${API_TYPES_FILE} is stale: the routes' schemas changed. Run \`npm run gen:api\` and commit the result.`,
  );
});
