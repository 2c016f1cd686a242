import { installOfflineDns } from "./offlineDns";

// Loaded with `node -r` into child processes (the CLI under test) so that their lookups of
// non-local names are answered offline too; see installOfflineDns.
installOfflineDns();
