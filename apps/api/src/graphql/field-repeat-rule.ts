import { GraphQLError, type ValidationRule } from "graphql";

/**
 * Refuses a selection set that names the same response key more than `maxRepeats` times.
 * Repeats add nothing to the answer (they merge into one field), but each costs the field-merging
 * validation work that grows with the square of the selection size: graphql-cop's
 * "field duplication" probe sends `__typename` 500 times.
 */
export function fieldRepeatRule(maxRepeats: number): ValidationRule {
  return (context) => ({
    SelectionSet(node) {
      const counts = new Map<string, number>();
      for (const selection of node.selections) {
        if (selection.kind !== "Field") continue;
        const key = selection.alias?.value ?? selection.name.value;
        const count = (counts.get(key) ?? 0) + 1;
        counts.set(key, count);
        if (count === maxRepeats + 1) {
          context.reportError(
            new GraphQLError(
              `Field "${key}" is selected more than ${maxRepeats} times in one selection set: select it once.`,
              { nodes: selection },
            ),
          );
        }
      }
    },
  });
}
