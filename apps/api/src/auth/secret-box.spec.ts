import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  it('seals and opens; another key or a changed byte opens nothing', () => {
    const box = new SecretBox('a-jwt-secret-that-is-long-enough-0123');
    const sealed = box.seal('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('JBSWY3DP');
    expect(box.seal('same')).not.toBe(box.seal('same'));
    expect(box.open(sealed)).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    expect(new SecretBox('another-secret-that-is-long-enough-01').open(sealed)).toBeNull();
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(box.open(tampered)).toBeNull();
    expect(box.open('garbage')).toBeNull();
  });
});
