import { describe, expect, it } from 'vitest';
import { maskSecrets } from '../../src/kernel/mask-secrets.js';

describe('maskSecrets', () => {
  it.each([
    ['postgres://ana:s3cret@db.acme.test/renfe', 'postgres://ana:***@db.acme.test/renfe'],
    ['postgres://ana:p@ss@w0rd@db:5432/renfe', 'postgres://ana:***@db:5432/renfe'],
    ['postgres://ana:pa/ss@db/renfe', 'postgres://ana:***@db/renfe'],
    ['postgres://ana:pa?ss@db/renfe', 'postgres://ana:***@db/renfe'],
    ['postgres://ana@db/renfe?password=s3cret', 'postgres://ana@db/renfe?password=***'],
    [
      'postgres://db/renfe?sslmode=require&password=a&b=c&sslpassword=k3y',
      'postgres://db/renfe?sslmode=require&password=***&b=c&sslpassword=***',
    ],
    ['postgres://db/renfe?password=a&b&sslmode=require', 'postgres://db/renfe?password=***&sslmode=require'],
    [
      'postgresql://db/x?options=-c%20search_path%3Dt1&PassWord=zz',
      'postgresql://db/x?options=-c%20search_path%3Dt1&PassWord=***',
    ],
    ['postgres://nobody@127.0.0.1:1/x', 'postgres://nobody@127.0.0.1:1/x'],
    ['/home/ana/renfe.db', '/home/ana/renfe.db'],
    ['host=db user=ana password=s3cret dbname=x', 'host=db user=ana password=*** dbname=x'],
    [
      'cannot connect to PostgreSQL at postgres://u:hunter2@h:1/x?password=hunter3: ECONNREFUSED',
      'cannot connect to PostgreSQL at postgres://u:***@h:1/x?password=*** ECONNREFUSED',
    ],
  ])('%s', (input, expected) => {
    expect(maskSecrets(input)).toBe(expected);
  });
});
