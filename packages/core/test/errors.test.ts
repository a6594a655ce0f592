/** What adapters rely on: `toJSON()` carries every fact of an error, its cause included, and no secret. */
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  NetworkError,
  ReauthorizationRequiredError,
  SecretRegistry,
  TransportFailure,
  ValidationError,
} from '../src/index.js';

describe('toJSON', () => {
  it('names the field of a ValidationError and is what JSON.stringify writes', () => {
    const error = new ValidationError('from', '"from" is missing: give both "from" and "to".');
    expect(error.toJSON()).toEqual({
      name: 'ValidationError',
      code: 'VALIDATION_FAILED',
      message: '"from" is missing: give both "from" and "to".',
      retryable: false,
      field: 'from',
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual(error.toJSON());
  });

  it('keeps a cause’s name, message and system code, redacted', () => {
    const secrets = new SecretRegistry();
    secrets.add('sk-canary-1234');
    const error = new NetworkError('GET /sites could not complete. Check the network.', 'ECONNRESET', {
      request: 'GET /sites',
      redact: (text) => secrets.redact(text),
      cause: new TransportFailure('ECONNRESET: socket closed (sk-canary-1234)', 'ECONNRESET', false),
    });
    const json = error.toJSON();
    expect(json.cause).toEqual({
      name: 'TransportFailure',
      message: 'ECONNRESET: socket closed ([REDACTED])',
      code: 'ECONNRESET',
    });
    expect(JSON.stringify(json)).not.toContain('sk-canary-1234');
  });

  it('serializes a typed cause with its own toJSON', () => {
    const inner = new ApiError(
      503,
      'The token endpoint failed with 503. Try again in a moment.',
      {},
      {
        request: 'POST /oauth/token',
      },
    );
    const outer = new ReauthorizationRequiredError('Reconnect the credential.', { cause: inner });
    expect(outer.toJSON().cause).toEqual(inner.toJSON());
    expect(outer.toJSON().cause).toMatchObject({ code: 'API_ERROR', status: 503, message: inner.message });
  });
});
