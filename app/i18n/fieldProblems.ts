/** What is wrong with a form field, in the merchant's words. */
import type { FieldProblem } from "../domain/fieldProblems";
import { codeWords, type Words } from "./words";

export function fieldProblemText<K extends string>(problem: FieldProblem | undefined, t: Words<K>): string | undefined {
  return problem ? codeWords(t, "fieldProblem", problem) : undefined;
}
