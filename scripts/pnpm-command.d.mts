export declare const PNPM_VERSION: string;
export declare function pnpmCommand(): string[];
