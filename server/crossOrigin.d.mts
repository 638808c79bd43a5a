export function crossOriginPost(headers: Record<string, string | string[] | undefined>, method: string): boolean;
