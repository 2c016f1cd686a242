/** The gate's resource name: the program declares it, deploy.ts targets it. */
export const GATE_NAME = "migration-gate";
