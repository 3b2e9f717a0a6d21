/** Polls `f` every second until it returns a value other than undefined; fails after `seconds`. */
export async function eventually<T>(what: string, f: () => T | undefined | Promise<T | undefined>, seconds = 120): Promise<T> {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
        const v = await f();
        if (v !== undefined) return v;
        if (Date.now() > deadline) throw new Error(`timed out after ${seconds}s waiting for ${what}`);
        await new Promise(r => setTimeout(r, 1000));
    }
}
