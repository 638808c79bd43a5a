/** Prisma's unique-constraint violation: the row is already there (a duplicate delivery or fact). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}
