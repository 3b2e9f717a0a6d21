/** Entry point of the `postgres-k8s` bin: the real transport and a Pulumi stack lookup. */
import { runCli } from "./main";
import { contextNamespace, KubeAccess, loadKubeConfig } from "./kube";
import { stackTarget } from "./target";

runCli(process.argv.slice(2), {
    connect: o => {
        const kc = loadKubeConfig(o);
        return new KubeAccess(kc, o.namespace ?? contextNamespace(kc));
    },
    stackTarget: stack => stackTarget(stack, process.cwd()),
}).then(code => { process.exitCode = code; });
