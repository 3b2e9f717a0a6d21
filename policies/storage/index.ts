export { enforcePvcRetention } from "./enforcePvcRetention";
