/** Which names look like they hold a credential. */

export interface SecretConfig {
    /** Regular expression (case-insensitive) for names that hold credentials. */
    secretNamePattern: string;
    /** Regular expression for names that only point at a credential (a file path) or are settings about one. */
    ignoreNamePattern: string;
}

export const SECRET_DEFAULTS: SecretConfig = {
    secretNamePattern: "passw(or)?d|pwd|secret|token|api[_-]?key|credential|private[_-]?key",
    ignoreNamePattern: "(_FILE|_PATH|_DIR)$|^password_encryption$",
};

export const secretSchema = {
    secretNamePattern: { type: "string", default: SECRET_DEFAULTS.secretNamePattern, description: "Names that hold credentials." },
    ignoreNamePattern: { type: "string", default: SECRET_DEFAULTS.ignoreNamePattern, description: "Names that point at a credential or configure one." },
} as const;

export function looksSecret(name: string, cfg: SecretConfig): boolean {
    return new RegExp(cfg.secretNamePattern, "i").test(name) && !new RegExp(cfg.ignoreNamePattern, "i").test(name);
}

/** A PEM private key block: PKCS#1/#8 (`RSA`, `EC`, `ENCRYPTED`, none), OpenSSH, DSA, PGP. */
const PEM_PRIVATE_KEY = /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/;

/** True when the text holds a private key, whatever the name it is stored under. */
export function holdsPrivateKey(text: string): boolean {
    return PEM_PRIVATE_KEY.test(text);
}
