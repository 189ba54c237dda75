import { createHmac } from 'node:crypto';
import { signatureHeader } from './webhook-signature';
import { isPrivateAddress, webhookUrlProblem } from './webhook-url';

describe('webhook URLs', () => {
  it.each([
    ['https://crm.example.com/hooks/kizuna', false, null],
    ['https://crm.example.com/hooks/kizuna', true, null],
    ['https://crm.example.com:8443/hooks?token=abc', true, null],
    ['http://127.0.0.1:4000/hook', false, null],
    ['http://localhost:4000/hook', false, null],
    ['http://[::1]:4000/hook', false, null],
    ['http://127.0.0.1:4000/hook', true, 'url must be an https URL'],
    ['http://localhost/hook', true, 'url must be an https URL'],
    ['http://crm.example.com/hook', false, 'url must be an https URL'],
    ['http://crm.example.com/hook', true, 'url must be an https URL'],
    ['ftp://crm.example.com/hook', false, 'url must be an https URL'],
    ['not a url', false, 'url must be an https URL'],
    ['https://user:pass@crm.example.com/hook', false, 'url must not contain a user name or password'],
    ['https://localhost/hook', true, 'url must be an https URL of a public host'],
    ['https://10.1.2.3/hook', true, 'url must be an https URL of a public host'],
    ['https://169.254.169.254/latest/meta-data', true, 'url must be an https URL of a public host'],
    ['https://[fd00::1]/hook', true, 'url must be an https URL of a public host'],
    ['https://intranet/hook', true, 'url must be an https URL of a public host'],
    ['https://93.184.216.34/hook', true, null],
  ])('%s (production: %s) → %s', (url, production, problem) => {
    expect(webhookUrlProblem(url, production)).toBe(problem);
  });

  it.each([
    ['127.0.0.1', true],
    ['10.0.0.1', true],
    ['172.20.1.1', true],
    ['192.168.1.1', true],
    ['100.64.0.1', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['fe80::1', true],
    ['8.8.8.8', false],
    ['2001:4860:4860::8888', false],
    ['example.com', false],
  ])('%s is private: %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});

describe('webhook signatures', () => {
  it('signs "<t>.<body>" with HMAC-SHA256, Stripe style', () => {
    const body = '{"id":"x"}';
    const expected = createHmac('sha256', 'whsec_test').update(`1700000000.${body}`).digest('hex');
    expect(signatureHeader('whsec_test', 1700000000, body)).toBe(`t=1700000000,v1=${expected}`);
  });
});
