/** Throwaway TLS material for test servers, made with openssl. */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export interface ServerCertificate {
    caFile: string;
    certFile: string;
    keyFile: string;
}

/**
 * A CA (`ca.crt`, `ca.key`) and a server certificate it signs (`<name>.crt`, `<name>.key`) for the
 * given IP addresses, in `dir`; valid one day. Clients trust the CA alone, as they trust a private CA.
 */
export function caSignedServerCertificate(dir: string, caSubject: string, name: string, addresses: string[]): ServerCertificate {
    const run = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "1",
        "-subj", `/CN=${caSubject}`, "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign,digitalSignature");
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${addresses[0]}`);
    fs.writeFileSync(path.join(dir, `${name}.ext`), `subjectAltName=${addresses.map(a => `IP:${a}`).join(",")}\nextendedKeyUsage=serverAuth\n`);
    run("x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
        "-days", "1", "-extfile", `${name}.ext`, "-out", `${name}.crt`);
    return { caFile: path.join(dir, "ca.crt"), certFile: path.join(dir, `${name}.crt`), keyFile: path.join(dir, `${name}.key`) };
}
