import { badUserInput } from '@vigil/core';

/** Bounds for scalar arguments (class-validator covers input types; plain arguments are checked here). */
export function checkLength(name: string, value: string, min: number, max: number): void {
  const length = value.trim().length;
  if (length < min || value.length > max) {
    throw badUserInput(`${name} must be ${min} to ${max} characters.`, { [name]: `length ${min}–${max}` });
  }
}

export function checkPattern(name: string, value: string, pattern: RegExp, why: string): void {
  if (!pattern.test(value)) throw badUserInput(`${name} ${why}.`, { [name]: why });
}
