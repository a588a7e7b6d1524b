export declare const sql: string;
