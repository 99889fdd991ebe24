import type pg from 'pg';
export async function benchKeysetAtAMillion(_url: (db?: string) => string, _admin: pg.Pool): Promise<void> {}
