import { useNavigate, useSearchParams } from "@remix-run/react";

/** Navigates to the same page with some search parameters changed (filters, page cursor); an empty value removes one. */
export function useQueryNavigation(): (changes: Record<string, string>) => void {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  return (changes) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === "") next.delete(key);
      else next.set(key, value);
    }
    navigate(`?${next.toString()}`);
  };
}
