import { isDuplicateKey } from '@vigil/core';
import { DUPLICATE, type Written } from '../../application/ports.js';

/** Runs a write; a unique index refusing it (E11000) becomes `DUPLICATE`, for the use case to name the conflict. */
export async function unlessDuplicate<T>(write: () => Promise<T>): Promise<Written<T>> {
  try {
    return await write();
  } catch (err) {
    if (isDuplicateKey(err)) return DUPLICATE;
    throw err;
  }
}
