/**
 * Stand-in for the read-write Service: forwards each new TCP connection to the member whose
 * role label (written by role-labeller.sh through the fake kubectl) is `primary`. Like a
 * Service, it only routes to ready endpoints: a member that refuses the connection is skipped.
 */
import * as net from "net";

export class RwServiceProxy {
    private server = net.createServer(c => this.forward(c));
    private sockets = new Set<net.Socket>();
    port = 0;

    /** `primaries()` returns the ports of the members currently labelled primary. */
    constructor(private primaries: () => number[]) {}

    async listen(): Promise<number> {
        await new Promise<void>(r => this.server.listen(0, "127.0.0.1", r));
        this.port = (this.server.address() as net.AddressInfo).port;
        return this.port;
    }

    private track(s: net.Socket): net.Socket {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => s.destroy());
        return s;
    }

    private forward(client: net.Socket, candidates = this.primaries()): void {
        this.track(client);
        const port = candidates[0];
        if (port === undefined) { client.destroy(); return; }
        const upstream = this.track(net.connect(port, "127.0.0.1"));
        let connected = false;
        client.pause();
        upstream.once("error", () => { if (!connected) this.forward(client, candidates.slice(1)); });
        upstream.once("connect", () => {
            connected = true;
            client.pipe(upstream).on("error", () => upstream.destroy());
            upstream.pipe(client);
            client.on("close", () => upstream.destroy());
            upstream.on("close", () => client.destroy());
            client.resume();
        });
    }

    async close(): Promise<void> {
        for (const s of this.sockets) s.destroy();
        await new Promise<void>(r => this.server.close(() => r()));
    }
}

/** Ports handed out in this process: the kernel may give a just-closed port to the next listen(0). */
const handedOut = new Set<number>();

/** A free TCP port on 127.0.0.1, never the same one twice in this process. */
export async function freePort(): Promise<number> {
    for (;;) {
        const s = net.createServer();
        await new Promise<void>(r => s.listen(0, "127.0.0.1", r));
        const port = (s.address() as net.AddressInfo).port;
        await new Promise<void>(r => s.close(() => r()));
        if (handedOut.has(port)) continue;
        handedOut.add(port);
        return port;
    }
}
