import { AlpacaHttpError } from '../server/route-types.js';

/** A do-not-exercise instruction names a short position (only the holder of a long contract decides exercise). */
export function doNotExerciseShortPosition(): AlpacaHttpError {
  return new AlpacaHttpError(403, { code: 40310001, message: 'cannot submit do-not-exercise instruction for short position' });
}
