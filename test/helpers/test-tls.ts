import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * A self-signed test-only certificate for 127.0.0.1 / localhost (EC P-256, valid until 2126) and its key,
 * generated once with `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes
 * -days 36500 -subj "/CN=hookgate test" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost"`.
 * Checked in so tests need no openssl; it protects nothing.
 */
export const TEST_TLS_CERT_PATH = fileURLToPath(new URL('tls/test-cert.pem', import.meta.url));

/** The private key of {@link TEST_TLS_CERT_PATH}. */
export const TEST_TLS_KEY_PATH = fileURLToPath(new URL('tls/test-key.pem', import.meta.url));

/** The test certificate, as the CA a client trusts. */
export const TEST_TLS_CA = readFileSync(TEST_TLS_CERT_PATH);
