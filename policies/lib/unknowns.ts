import { UnknownValueError } from "@pulumi/policy";

/**
 * Runs independent checks so that a value unknown during preview in one of them does not hide
 * a definite violation in another. `finish()` rethrows the first unknown, so the engine still
 * reports that the policy could not fully run (instead of a silent pass).
 */
export class UnknownDeferral {
    private first: UnknownValueError | undefined;

    run(check: () => void): void {
        try {
            check();
        } catch (e) {
            if (!(e instanceof UnknownValueError)) {
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
