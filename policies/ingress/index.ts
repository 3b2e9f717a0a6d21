export { enforceHttpsAndExplicitHosts } from "./enforceHttpsAndExplicitHosts";
