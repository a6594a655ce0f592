/** What adapters rely on: `toJSON()` carries every fact of an error, its cause included, and no secret. */
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  NetworkError,
  ReauthorizationRequiredError,
  TransportFailure,
  ValidationError,
} from '../src/index.js';
import { redactSecretPatterns, SecretRegistry } from '../src/advanced.js';

describe('toJSON', () => {
  it('names the field of a ValidationError and is what JSON.stringify writes', () => {
    const error = new ValidationError({
      field: 'from',
      message: '"from" is missing: give both "from" and "to".',
    });
    expect(error.toJSON()).toEqual({
      name: 'ValidationError',
      code: 'VALIDATION_FAILED',
      message: '"from" is missing: give both "from" and "to".',
      retryable: false,
      field: 'from',
      description: 'Correct the value named in the message, then run again.',
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual(error.toJSON());
  });

  it('names a field in its advice by the label forms show, never by its property name', () => {
    const error = new ValidationError({
      field: 'clientId',
      label: 'Client ID',
      message: 'Client ID is empty: enter the client ID of the app registration.',
    });
    expect(error.description).toBe('Correct "Client ID" as the message says, then run again.');
    expect(error.field).toBe('clientId');
    expect(JSON.stringify(error)).not.toContain('label');
  });

  it('keeps a cause’s name, message and system code, redacted', () => {
    const secrets = new SecretRegistry();
    secrets.add('sk-canary-1234');
    const error = new NetworkError({
      ...{
        request: 'GET /sites',
        redact: (text) => secrets.redact(text),
        cause: new TransportFailure('ECONNRESET: socket closed (sk-canary-1234)', 'ECONNRESET', false),
      },
      message: 'GET /sites could not complete. Check the network.',
      networkCode: 'ECONNRESET',
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
    const inner = new ApiError({
      ...{
        request: 'POST /oauth/token',
      },
      status: 503,
      message: 'The token endpoint failed with 503. Try again in a moment.',
      problem: {},
    });
    const outer = new ReauthorizationRequiredError({
      ...{ cause: inner },
      message: 'Reconnect the credential.',
    });
    expect(outer.toJSON().cause).toEqual(inner.toJSON());
    expect(outer.toJSON().cause).toMatchObject({ code: 'API_ERROR', status: 503, message: inner.message });
  });
});

describe('one error shape', () => {
  it('every error has a message, a description of what to do, a code, retryable and (for HTTP) httpCode', () => {
    const errors = [
      new ApiError({ status: 404, message: 'GET /sites/x failed with 404.', description: 'Check the ID.' }),
      new ValidationError({ field: 'siteId', message: '"siteId" is empty.' }),
      new NetworkError({ message: 'The connection failed (ECONNRESET).', networkCode: 'ECONNRESET' }),
      new ReauthorizationRequiredError({ message: 'The consent was revoked.' }),
    ];
    for (const error of errors) {
      expect(error.message).not.toBe('');
      expect(error.description).not.toBe('');
      expect(error.toJSON()).toMatchObject({
        message: error.message,
        description: error.description,
        code: error.code,
      });
    }
    expect(errors[0]).toMatchObject({
      httpCode: 404,
      status: 404,
      description: 'Check the ID.',
      retryable: false,
    });
    expect(errors[1]).toMatchObject({
      field: 'siteId',
      httpCode: undefined,
      description: 'Correct the value named in the message, then run again.',
    });
    expect(errors[2]).toMatchObject({ retryable: true, networkCode: 'ECONNRESET' });
    expect(errors[3]!.description).toMatch(/authorize/i);
  });

  it('redacts the description like the message', () => {
    const secrets = new SecretRegistry();
    secrets.add('sk-canary-5678');
    const error = new ApiError({
      status: 400,
      message: 'Refused sk-canary-5678.',
      description: 'Do not send Bearer abc.def-ghi or sk-canary-5678.',
      redact: (text) => secrets.redact(text),
    });
    expect(JSON.stringify(error.toJSON())).not.toMatch(/sk-canary-5678|abc\.def-ghi/);
  });
});

describe('redaction of Authorization values', () => {
  it('masks Bearer and Basic credentials but leaves prose about them readable', () => {
    expect(redactSecretPatterns('Authorization: Bearer abc.DEF-123_x')).not.toContain('abc.DEF-123_x');
    expect(redactSecretPatterns('sent Bearer abc.def-ghi now')).toBe('sent Bearer [REDACTED] now');
    expect(redactSecretPatterns('Basic ZGVtby1wYXJ0bmVyOnNlY3JldA==')).toBe('Basic [REDACTED]');
    expect(redactSecretPatterns('Bearer demo-personal-access-token')).toBe('Bearer [REDACTED]');
    expect(redactSecretPatterns('Basic dXNlcg==')).toBe('Basic [REDACTED]');
    expect(redactSecretPatterns('send them as an HTTP Basic header instead')).toBe(
      'send them as an HTTP Basic header instead',
    );
    expect(redactSecretPatterns('Bearer tokens expire after an hour')).toBe(
      'Bearer tokens expire after an hour',
    );
  });
});
