import { describe, expect, it } from 'vitest';
import { detectApiKeys } from '../src/pii/api-key.js';
import { detectSecrets, entropy, secretValue } from '../src/pii/secret.js';

const keys = (text: string) => detectApiKeys(text).map((s) => text.slice(s.start, s.end));
const secrets = (text: string) => detectSecrets(text).map((s) => text.slice(s.start, s.end));

// Synthetic values in each provider's shape (random, never issued).
const AWS = 'AKIA2OGYBAH6TKVQ3R7Z';
const GHP = 'ghp_R8tT2mXq9LpW4vYc7NbZ1sKd3FgH5jQe0aUo';
const GH_PAT = `github_pat_11ABCDEFG0${'aB3'.repeat(20)}`;
const SLACK = 'xoxb-293847561230-4958372615098-Qm3LpX8vT2nR7sK1wY6zB4cD';
const STRIPE = 'sk_live_51Hx9Lm2Qp7Rt4Vw8Yz3Bc6D';
const OPENAI = 'sk-proj-Tq8Lm3Xv9Rp2Wn6Yb4Kc7Jd1Hf5Gs0AzUe';
const GOOGLE = 'AIzaSyB3x9Lm2Qp7Rt4Vw8Yz3Bc6Dk1Ff5Hh0Jq';
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0ODI5MTA1NyIsIm5hbWUiOiJMZW5hIn0.Qm3LpX8vT2nR7sK1wY6zB4cD9fGhJkLm0NpQrStUvWx';

describe('detectApiKeys', () => {
  it('finds each provider format', () => {
    for (const key of [AWS, GHP, GH_PAT, SLACK, STRIPE, OPENAI, GOOGLE, JWT, `glpat-${'x1Y2z3'.repeat(4)}`])
      expect(keys(`token: ${key}, then`), key).toEqual([key]);
  });

  it('finds a JWT without its signature (unsigned, or still streaming)', () => {
    const unsigned = JWT.slice(0, JWT.lastIndexOf('.') + 1);
    expect(keys(`t=${unsigned}`)).toEqual([unsigned]);
  });

  it('rejects prefixes inside words, short bodies and non-random sk- words', () => {
    for (const text of [
      `X${AWS}`,
      'AKIA1234',
      'ghp_short',
      'pip install sk-learn-extra-utilities-package',
      'task-force-operations-committee-2024',
      'pk_live_51Hx9Lm2Qp7Rt4Vw8Yz3Bc6D',
      'eyJhbGciOi',
    ])
      expect(keys(text), text).toEqual([]);
  });
});

describe('detectSecrets', () => {
  it('finds assigned passwords, keys and tokens (just the value)', () => {
    expect(secrets('DB_PASSWORD=Tr0ub4dor&3')).toEqual(['Tr0ub4dor&3']);
    expect(secrets('{"password": "hunter42!"}')).toEqual(['hunter42!']);
    expect(secrets('my password is Kiwi2024! ok')).toEqual(['Kiwi2024!']);
    expect(secrets('aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY')).toEqual([
      'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
    ]);
    expect(secrets("client_secret: 'q8Lm3Xv9Rp2Wn6Yb4Kc7Jd1Hf5Gs0AzU'")).toEqual([
      'q8Lm3Xv9Rp2Wn6Yb4Kc7Jd1Hf5Gs0AzU',
    ]);
  });

  it('finds URL passwords, bearer tokens and PEM private keys', () => {
    expect(secrets('postgres://app:S3cr3tPw@db:5432/x')).toEqual(['S3cr3tPw']);
    expect(secrets('Authorization: Bearer Qm3LpX8vT2nR7sK1wY6zB4cD9fGh')).toEqual([
      'Qm3LpX8vT2nR7sK1wY6zB4cD9fGh',
    ]);
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1b2c3\n-----END RSA PRIVATE KEY-----';
    expect(secrets(`key:\n${pem}\nthanks`)).toEqual([pem]);
    // No END line (yet): the rest of the text is the key.
    expect(secrets('x -----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk')).toEqual([
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk',
    ]);
    expect(secrets('-----BEGIN PUBLIC KEY-----\nMIIBIjANBg\n-----END PUBLIC KEY-----')).toEqual([]);
  });

  it('leaves references, placeholders, types and prose alone', () => {
    for (const text of [
      'password: required',
      'password: string;',
      'api_key: YOUR_API_KEY',
      'password = os.environ["DB_PASSWORD"]',
      'token = process.env.GITHUB_TOKEN',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable reference is the point
      'password=${DB_PASSWORD}',
      'password = input()',
      'password: ********',
      'the password is stored securely',
      'tokenizer: bpe',
      'secret: my-secret-name',
      'https://user:password@host.com',
    ])
      expect(secrets(text), text).toEqual([]);
  });

  it('scores values by character classes and entropy', () => {
    expect(entropy('aaaa')).toBe(0);
    expect(entropy('abcd')).toBe(2);
    expect(secretValue('Zx81kPq0Lm4Nn2Vb7Cc9', 'token')).toBe(true);
    expect(secretValue('my-secret-name', 'token')).toBe(false);
    expect(secretValue('hunter42', 'password')).toBe(true);
    expect(secretValue('hunter', 'password')).toBe(false);
  });
});
