export { disallowPublicExposure } from "./disallowPublicExposure";
