/**
 * A real filesystem without hard links, as the WAL archive meets on Azure Files (SMB): exFAT,
 * made with mkfs.exfat in a sparse image on a loop device and mounted with exfat-fuse, owned by
 * postgres. Needs root (losetup, mount) and /dev/fuse; `unmount()` undoes every step.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { postgresUser } from "./pgExec";

export interface NoHardLinkVolume {
    dir: string;
    unmount(): void;
}

export function mountNoHardLinkVolume(sizeMb = 512): NoHardLinkVolume {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "pgk8s-exfat-"));
    fs.chmodSync(root, 0o755);   // postgres reaches the mount point through it
    const image = path.join(root, "volume.img");
    const dir = path.join(root, "mnt");
    fs.mkdirSync(dir);
    fs.writeFileSync(image, "");
    fs.truncateSync(image, sizeMb * 1024 * 1024);
    execFileSync("mkfs.exfat", [image], { stdio: "pipe" });
    const loop = execFileSync("losetup", ["-f", "--show", image], { encoding: "utf8" }).trim();
    try {
        execFileSync("mount.exfat-fuse", ["-o", `uid=${postgresUser.uid},gid=${postgresUser.gid},umask=077`, loop, dir], { stdio: "pipe" });
    } catch (e) {
        execFileSync("losetup", ["-d", loop]);
        throw e;
    }
    return {
        dir,
        unmount() {
            execFileSync("umount", [dir]);
            execFileSync("losetup", ["-d", loop]);
            fs.rmSync(root, { recursive: true, force: true });
        },
    };
}
