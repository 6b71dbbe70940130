/**
 * Instance secrets at rest: with a key (`secretKey`, the server's
 * BATON_SECRET_KEY) each record is sealed with AES-256-GCM under a key
 * derived from it (HKDF-SHA-256), a fresh 96-bit IV per record, so that a
 * copy of the database file does not give the secrets away. Without a key
 * the records are stored as JSON, marked as such.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { InvalidArgumentError } from '../errors.js';

const SEALED = 'aes256gcm:';
const PLAIN = 'plain:';

export class SecretSealer {
  private readonly key: Buffer | undefined;

  constructor(secretKey?: string) {
    if (secretKey !== undefined && secretKey.length < 16) throw new InvalidArgumentError('secretKey (BATON_SECRET_KEY) must be at least 16 characters');
    this.key = secretKey === undefined ? undefined : Buffer.from(hkdfSync('sha256', secretKey, 'baton', 'instance secrets v1', 32));
  }

  get encrypts(): boolean {
    return this.key !== undefined;
  }

  seal(secrets: Record<string, string>): string {
    const json = JSON.stringify(secrets);
    if (!this.key) return PLAIN + json;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
    return SEALED + [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64')).join('.');
  }

  /** Throws when the record was sealed with a key this engine does not have (or another one). */
  open(record: string): Record<string, string> {
    if (record.startsWith(PLAIN)) return JSON.parse(record.slice(PLAIN.length)) as Record<string, string>;
    if (!record.startsWith(SEALED)) throw new Error('an instance secrets record in an unknown format');
    if (!this.key) throw new Error('instance secrets are stored encrypted, and this engine has no secretKey (BATON_SECRET_KEY)');
    const [iv, tag, body] = record
      .slice(SEALED.length)
      .split('.')
      .map((part) => Buffer.from(part, 'base64'));
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    try {
      return JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')) as Record<string, string>;
    } catch {
      throw new Error('instance secrets cannot be decrypted: they were stored with another secretKey (BATON_SECRET_KEY)');
    }
  }
}
