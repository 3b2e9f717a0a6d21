// The policy server throws this class for values unknown during preview. It is exported at
// runtime, but its type is @internal and stripped from the package's declarations.
const { UnknownValueError } = require("@pulumi/policy") as { UnknownValueError: new (...args: any[]) => Error };

export function isUnknownValueError(e: unknown): e is Error {
    return e instanceof UnknownValueError;
}

/**
 * Runs independent checks so that a value unknown during preview in one of them does not hide
 * a definite violation in another. `finish()` rethrows the first unknown, so the engine still
 * reports that the policy could not fully run (instead of a silent pass).
 */
export class UnknownDeferral {
    private first: Error | undefined;

    run(check: () => void): void {
        try {
            check();
        } catch (e) {
            if (!isUnknownValueError(e)) {
                throw e;
            }
            this.first = this.first ?? e;
        }
    }

    finish(): void {
        if (this.first) {
            throw this.first;
        }
    }
}
