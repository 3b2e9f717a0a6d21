export { disallowOpenPgHba } from "./disallowOpenPgHba";
export { disallowPlaintextSecrets } from "./disallowPlaintextSecrets";
