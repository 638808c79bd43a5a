/** What is wrong with a form field, as a code with its figures: the screen words it in the merchant's language. */
export type FieldProblem =
  | { code: "whole_number"; min: number; max: number }
  | { code: "legal_profile" }
  | { code: "time_zone" }
  | { code: "colour" }
  | { code: "amount" }
  | { code: "on_off" }
  | { code: "iban" }
  | { code: "plain_text"; max: number }
  | { code: "email" }
  | { code: "https_image" }
  | { code: "more_than_medium" }
  | { code: "creditsafe_username"; max: number }
  | { code: "creditsafe_password" }
  | { code: "retries_at_most"; max: number }
  | { code: "retry_days"; max: number }
  | { code: "retry_days_increase" }
  | { code: "final_action" }
  | { code: "mollie_key" };

export type FieldProblems<K extends string> = Partial<Record<K, FieldProblem>>;
