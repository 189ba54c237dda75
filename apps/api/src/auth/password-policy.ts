import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

const zxcvbn = new ZxcvbnFactory({ graphs: adjacencyGraphs, dictionary: { ...dictionary } });

/**
 * Why a password is too weak, or `null`. Length bounds plus zxcvbn's guessability estimate (common
 * passwords, keyboard patterns, repeats, and the person's own email and name are all weak).
 */
export function passwordWeakness(password: string, personal: string[]): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `password must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `password must be at most ${PASSWORD_MAX_LENGTH} characters`;
  const inputs = personal.flatMap((p) => [p, ...p.split(/[@.\s_-]+/)]).filter((p) => p.length >= 3);
  const result = zxcvbn.check(password, inputs);
  if (result.score < 3) return 'password is too easy to guess: use a longer phrase or mix unrelated words';
  return null;
}

