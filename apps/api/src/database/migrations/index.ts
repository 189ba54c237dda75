import { Foundation1764064800000 } from './1764064800000-foundation';

/** Every migration, in order. Add new ones at the end. */
export const migrations: Function[] = [Foundation1764064800000];
