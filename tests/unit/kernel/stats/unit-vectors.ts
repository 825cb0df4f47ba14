/** Largest coordinate distance between two unit vectors, up to sign (an eigenvector's sign is arbitrary). */
export function apart(u: ArrayLike<number>, v: ArrayLike<number>): number {
  let plus = 0;
  let minus = 0;
  for (let i = 0; i < u.length; i++) {
    plus = Math.max(plus, Math.abs(u[i]! - v[i]!));
    minus = Math.max(minus, Math.abs(u[i]! + v[i]!));
  }
  return Math.min(plus, minus);
}
