// What to keep after a version_conflict: the other person's change where this
// person changed nothing, and this person's typing where they did change
// something.

/** mergeAfterConflict takes, field by field, what the person typed (mine) when
 * it differs from what they started from (base), and otherwise what the server
 * holds now (current). changed lists the fields where both sides changed the
 * same field differently: the person should look at those before saving. */
export function mergeAfterConflict<K extends string>(
  base: Record<K, string>,
  mine: Record<K, string>,
  current: Record<K, string>,
): { merged: Record<K, string>; clashes: K[] } {
  const merged = { ...current };
  const clashes: K[] = [];
  for (const k of Object.keys(mine) as K[]) {
    if (mine[k] === base[k]) continue; // untouched here: take theirs
    merged[k] = mine[k];
    if (current[k] !== base[k] && current[k] !== mine[k]) clashes.push(k);
  }
  return { merged, clashes };
}
