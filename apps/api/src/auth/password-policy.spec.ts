import { passwordWeakness } from './password-policy';

describe('password policy', () => {
  // zxcvbn's dictionaries already rank these as common: no separate list is needed.
  it.each(['password1234', 'qwertyuiop', '123456789a', 'iloveyou2024', '1qaz2wsx3edc', 'Password1!', 'abc123abc123'])('refuses the common password %s', (password) => {
    expect(passwordWeakness(password, [])).toMatch(/too easy to guess/);
  });

  it('refuses the person’s own email as the password', () => {
    expect(passwordWeakness('sakura.tanaka@example.com', ['sakura.tanaka@example.com', 'さくら'])).not.toBeNull();
  });

  it('checks length in characters (8 to 128)', () => {
    expect(passwordWeakness('Ab1!xyz', [])).toMatch(/at least 8/);
    expect(passwordWeakness('x'.repeat(129), [])).toMatch(/at most 128/);
  });

  it('accepts a long phrase of unrelated words', () => {
    expect(passwordWeakness('kumo-no-ue-de-odoru-neko-77', ['fan@example.com'])).toBeNull();
  });
});
