/** One column of a multi-row `unnest` insert. */
export const col = <T, V>(rows: readonly T[], pick: (row: T) => V): V[] => rows.map(pick);
