import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { signingUrl } from '../../src/cli/send-command.ts';
import { runCli } from '../helpers/run-cli.ts';
import { createConnection, testGateway } from '../helpers/test-gateway.ts';
import { sqliteTestStoreFactory } from '../store/sqlite-test-helper.ts';

const factory = sqliteTestStoreFactory();
const PUBLIC_URL = 'https://hooks.example.com';

const cli = runCli;

const ed25519 = generateKeyPairSync('ed25519');
const dir = mkdtempSync(join(tmpdir(), 'hookgate-send-'));
const keyFile = join(dir, 'discord.pem');
writeFileSync(keyFile, ed25519.privateKey.export({ format: 'pem', type: 'pkcs8' }));
const discordPublicKey = ed25519.publicKey
  .export({ format: 'der', type: 'spki' })
  .subarray(12)
  .toString('hex');

/** mode → the connection's auth, and the CLI flags that sign for it. */
const CASES: readonly { auth: Record<string, unknown>; flags: string[] }[] = [
  {
    auth: { mode: 'stripe', secret: 'whsec_cli_0123456789abcdef' },
    flags: ['--secret', 'whsec_cli_0123456789abcdef'],
  },
  {
    auth: { mode: 'svix', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
    flags: ['--secret', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
  },
  { auth: { mode: 'github', secret: 'gh-cli-secret-0123456' }, flags: ['--secret', 'gh-cli-secret-0123456'] },
  { auth: { mode: 'slack', secret: 'slack-cli-secret' }, flags: ['--secret', 'slack-cli-secret'] },
  {
    auth: { mode: 'twilio', secret: 'twilio-cli-token' },
    flags: ['--secret', 'twilio-cli-token', '--public-url', PUBLIC_URL],
  },
  {
    auth: { mode: 'twilio', secret: 'twilio-cli-token' },
    flags: [
      '--secret',
      'twilio-cli-token',
      '--public-url',
      PUBLIC_URL,
      '--data',
      'Body=Hi&From=%2B15557654321',
    ],
  },
  { auth: { mode: 'discord', publicKey: discordPublicKey }, flags: ['--private-key', `@${keyFile}`] },
  {
    auth: { mode: 'hmac', preset: 'zendesk', secret: 'zd-cli-secret-0123456' },
    flags: ['--preset', 'zendesk', '--secret', 'zd-cli-secret-0123456'],
  },
];

test('CLI send signs as each provider does: the gateway accepts it (202)', async (t) => {
  t.after(() => factory.dispose());
  const gw = await testGateway(await factory.fresh(t), { env: { HOOKGATE_PUBLIC_URL: PUBLIC_URL } });
  gw.clock.set(Date.now());
  const url = await gw.app.listen({ port: 0, host: '127.0.0.1' });
  t.after(() => gw.app.close());

  for (const { auth, flags } of CASES) {
    const label = `${String(auth.mode)} ${flags.join(' ')}`;
    const connection = await createConnection(gw, auth);
    if (auth.preset === 'zendesk') {
      const stored = (connection.response.connection as { auth: Record<string, unknown> }).auth;
      assert.equal(
        stored.timestampHeader,
        'X-Zendesk-Webhook-Signature-Timestamp',
        'the filled fields are stored',
      );
    }
    const inbound = `${url}${connection.path}`;
    const sent = await cli(url, 'send', inbound, '--mode', String(auth.mode), ...flags);
    assert.equal(sent.exitCode, 0, `${label}: ${sent.out} ${sent.err}`);
    assert.match(sent.out, /^202 /, label);
  }
});

test('CLI send: a wrong credential or a missing public URL is refused by the gateway (401)', async (t) => {
  const gw = await testGateway(await factory.fresh(t), { env: { HOOKGATE_PUBLIC_URL: PUBLIC_URL } });
  gw.clock.set(Date.now());
  const url = await gw.app.listen({ port: 0, host: '127.0.0.1' });
  t.after(() => gw.app.close());
  const stripe = await createConnection(gw, { mode: 'stripe', secret: 'whsec_right_0123456789' });
  const wrong = await cli(
    url,
    'send',
    `${url}${stripe.path}`,
    '--mode',
    'stripe',
    '--secret',
    'whsec_wrong_0123456789',
  );
  assert.equal(wrong.exitCode, 1);
  assert.match(wrong.out, /^401 [\s\S]*HMAC signature mismatch/);
  const twilio = await createConnection(gw, { mode: 'twilio', secret: 'twilio-token-0123456' });
  const noUrl = await cli(
    url,
    'send',
    `${url}${twilio.path}`,
    '--mode',
    'twilio',
    '--secret',
    'twilio-token-0123456',
  );
  assert.equal(noUrl.exitCode, 1, 'signed over the local URL, not the public one');
  const discord = await cli(url, 'send', `${url}${stripe.path}`, '--mode', 'discord', '--secret', 'x');
  assert.equal(discord.exitCode, 1);
  assert.equal(discord.err, '--private-key is required for mode discord');
});

test('signingUrl mirrors how the gateway rebuilds the public URL', () => {
  const target = 'http://127.0.0.1:8787/webhooks/in/con_1?x=%20y';
  assert.equal(signingUrl(target, undefined), target);
  assert.equal(
    signingUrl(target, 'https://hooks.example.com/'),
    'https://hooks.example.com/webhooks/in/con_1?x=%20y',
  );
  assert.equal(
    signingUrl(target, 'https://h.example.com/webhooks/in/con_1'),
    'https://h.example.com/webhooks/in/con_1',
  );
});
