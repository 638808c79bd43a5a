/** What is wrong with a form field, in the merchant's words. */
import type { FieldProblem } from "../domain/fieldProblems";

type Words<K extends string> = (key: K, values?: Record<string, string | number>) => string;

export function fieldProblemText<K extends string>(problem: FieldProblem | undefined, t: Words<K>): string | undefined {
  if (!problem) return undefined;
  const { code, ...values } = problem;
  return t(`fieldProblem.${code}` as K, values);
}
