/**
 * A rule over one setting's value, written once: config/'s key specs refuse a key with it
 * (`allowed: <allowed>`) and PostgresCluster refuses the matching arg field with it
 * (`<field> must be <allowed>`). The checks of one kind sit in one file of this folder, keyed
 * like the stack config keys (and `RuleFacts`).
 */
export interface Check<T> {
    /** Whether the value is allowed. */
    holds: (value: T) => boolean;
    /** What is allowed, in words, for the error messages of both sides. */
    allowed: string;
}

export const check = <T>(holds: (value: T) => boolean, allowed: string): Check<T> => ({ holds, allowed });

/** A string matching `pattern`. */
export const matching = (pattern: RegExp, allowed: string): Check<string> => check(s => pattern.test(s), allowed);

/** A list whose every item matches `pattern`. */
export const everyMatching = (pattern: RegExp, allowed: string): Check<string[]> => check(l => l.every(s => pattern.test(s)), allowed);
