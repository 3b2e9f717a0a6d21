export { disallowDatabaseBackends } from "./disallowDatabaseBackends";
