/** `path size mtime` per file under `dir`, sorted, one per line. */
export function srcStamp(dir: string): string;
